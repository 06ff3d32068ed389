import { resolve } from 'node:path';
import * as z from 'zod';
import { StartupError } from './errors.js';

const PORT_MESSAGE = 'must be a port number from 0 to 65535';
const Port = z.coerce.number({ error: PORT_MESSAGE }).int({ error: PORT_MESSAGE }).min(0, { error: PORT_MESSAGE }).max(65_535, { error: PORT_MESSAGE });

/** The local host's own environment; the handlers read theirs (functions/adapters/config.ts). */
const LocalEnvironment = z.object({
  PORT: Port.default(3000),
  WINNOW_HOST: z.string().min(1).default('127.0.0.1'),
  /** The mail inbox sits next to the API unless told otherwise; 0 picks any free port. */
  WINNOW_SES_PORT: Port.optional(),
  WINNOW_DATA_DIR: z.string().min(1).default('.winnow'),
  WINNOW_ADMIN_TOKEN: z.string().optional(),
  WINNOW_LINK_SECRET: z.string().optional(),
  WINNOW_DYNAMODB_ENDPOINT: z.url().optional(),
  WINNOW_SQS_ENDPOINT: z.url().optional(),
  WINNOW_SES_ENDPOINT: z.url().optional(),
  /** `off` leaves scoring jobs in the queue: to look at them, or to test a restart's re-queue. */
  WINNOW_SCORER: z.enum(['on', 'off']).default('on'),
  /** How often unanswered MQLs are checked against the playbook's SLA; 0 turns the check off. */
  WINNOW_SLA_CHECK_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).int().min(0).default(60),
});

export interface LocalSettings {
  port: number;
  host: string;
  sesPort: number;
  dataDir: string;
  adminToken?: string;
  linkSecret?: string;
  dynamoEndpoint?: string;
  sqsEndpoint?: string;
  sesEndpoint?: string;
  scorer: boolean;
  slaCheckSeconds: number;
}

/** An empty variable means unset, as a shell user writing `PORT= npm start` expects. */
const withoutEmpty = (env: NodeJS.ProcessEnv) => Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));

export const readLocalSettings = (env: NodeJS.ProcessEnv, cwd: string): LocalSettings => {
  const parsed = LocalEnvironment.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new StartupError(`bad environment: ${problems}`);
  }
  const settings = parsed.data;
  return {
    port: settings.PORT,
    host: settings.WINNOW_HOST,
    sesPort: settings.WINNOW_SES_PORT ?? (settings.PORT === 0 || settings.PORT === 65_535 ? 0 : settings.PORT + 1),
    dataDir: resolve(cwd, settings.WINNOW_DATA_DIR),
    adminToken: settings.WINNOW_ADMIN_TOKEN,
    linkSecret: settings.WINNOW_LINK_SECRET,
    dynamoEndpoint: settings.WINNOW_DYNAMODB_ENDPOINT,
    sqsEndpoint: settings.WINNOW_SQS_ENDPOINT,
    sesEndpoint: settings.WINNOW_SES_ENDPOINT,
    scorer: settings.WINNOW_SCORER === 'on',
    slaCheckSeconds: settings.WINNOW_SLA_CHECK_SECONDS,
  };
};
