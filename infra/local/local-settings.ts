import { resolve } from 'node:path';
import * as z from 'zod';
import { extend, omit, optional, url } from 'zod/mini';
import { Environment } from '../../functions/adapters/config.js';
import { StartupError } from './errors.js';

const PORT_MESSAGE = 'must be a port number from 0 to 65535';
const Port = z.coerce.number({ error: PORT_MESSAGE }).int({ error: PORT_MESSAGE }).min(0, { error: PORT_MESSAGE }).max(65_535, { error: PORT_MESSAGE });

/**
 * The handlers' own configuration (functions/adapters/config.ts), less what the host decides:
 * it creates the scoring queue, keeps the secrets itself rather than in Secrets Manager, and
 * links notifications to wherever it listens unless told otherwise.
 */
const HandlerEnvironment = extend(
  omit(Environment, { WINNOW_SCORING_QUEUE_URL: true, WINNOW_ADMIN_TOKEN_SECRET_ARN: true, WINNOW_SLACK_WEBHOOK_SECRET_ARN: true, WINNOW_LINK_SECRET_ARN: true }),
  { WINNOW_PUBLIC_URL: optional(url()) },
);

/** The handlers' configuration as the developer set it; the host adds its servers' URLs, the queue's and the kept secrets. */
export type HandlerSettings = z.output<typeof HandlerEnvironment>;

/** Everything the local host reads: the handlers' variables and its own. */
const LocalEnvironment = z.object({
  ...HandlerEnvironment.shape,
  PORT: Port.default(3000),
  WINNOW_HOST: z.string().min(1).default('127.0.0.1'),
  /** The mail inbox sits next to the API unless told otherwise; 0 picks any free port. */
  WINNOW_SES_PORT: Port.optional(),
  WINNOW_DATA_DIR: z.string().min(1).default('.winnow'),
  /** `off` leaves scoring jobs in the queue: to look at them, or to test a restart's re-queue. */
  WINNOW_SCORER: z.enum(['on', 'off']).default('on'),
  /** How often unanswered MQLs are checked against the playbook's SLA; 0 turns the check off. */
  WINNOW_SLA_CHECK_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).int().min(0).default(60),
});

/** The variables the local host reads, so a test can keep a developer's own from steering its host. */
export const LOCAL_VARIABLES: readonly string[] = Object.keys(LocalEnvironment.shape);

export interface LocalSettings {
  port: number;
  host: string;
  sesPort: number;
  dataDir: string;
  scorer: boolean;
  slaCheckSeconds: number;
  handlers: HandlerSettings;
}

/** An empty variable means unset, as a shell user writing `PORT= npm start` expects. */
const withoutEmpty = (env: NodeJS.ProcessEnv) => Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));

export const readLocalSettings = (env: NodeJS.ProcessEnv, cwd: string): LocalSettings => {
  const parsed = LocalEnvironment.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new StartupError(`bad environment: ${problems}`);
  }
  const { PORT, WINNOW_HOST, WINNOW_SES_PORT, WINNOW_DATA_DIR, WINNOW_SCORER, WINNOW_SLA_CHECK_SECONDS, ...handlers } = parsed.data;
  return {
    port: PORT,
    host: WINNOW_HOST,
    sesPort: WINNOW_SES_PORT ?? (PORT === 0 || PORT === 65_535 ? 0 : PORT + 1),
    dataDir: resolve(cwd, WINNOW_DATA_DIR),
    scorer: WINNOW_SCORER === 'on',
    slaCheckSeconds: WINNOW_SLA_CHECK_SECONDS,
    handlers,
  };
};

