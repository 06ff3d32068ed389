import { once } from '../core/once.js';
import * as z from '../core/zod.js';

/**
 * What the handlers are configured with: parsed from the Lambda environment by each entry point
 * (functions/http/lambda/, functions/workers/*-handler.ts), from its settings by the local host.
 */
export const Environment = z.object({
  WINNOW_TABLE: z._default(z.string().check(z.minLength(1)), 'winnow'),
  WINNOW_SCORING_QUEUE_URL: z.url(),
  /** The webhook delivery worker's queue; without it deliveries wait on the table for the sweeper. */
  WINNOW_WEBHOOK_QUEUE_URL: z.optional(z.url()),
  /** Comma-separated: told, with the teams' `fallback`, when a webhook endpoint is disabled for failing 5 days. */
  WINNOW_ALARM_EMAILS: z.optional(z.string()),
  WINNOW_DYNAMODB_ENDPOINT: z.optional(z.url()),
  WINNOW_SQS_ENDPOINT: z.optional(z.url()),
  WINNOW_ADMIN_TOKEN: z.optional(z.string().check(z.minLength(16, 'WINNOW_ADMIN_TOKEN must be at least 16 characters'))),
  WINNOW_RATE_LIMIT_PER_MINUTE: z._default(z.coerce.number().check(z.int(), z.positive()), 120),
  /** The base of links in notifications: where sales reaches this API. */
  WINNOW_PUBLIC_URL: z._default(z.url(), 'http://localhost:3000'),
  /** The HMAC key of one-click feedback links. */
  WINNOW_LINK_SECRET: z.optional(z.string().check(z.minLength(32, 'WINNOW_LINK_SECRET must be at least 32 characters'))),
  WINNOW_SLACK_WEBHOOK_URL: z.optional(z.url()),
  WINNOW_MAIL_FROM: z._default(z.string().check(z.minLength(3)), 'winnow@example.com'),
  WINNOW_SES_ENDPOINT: z.optional(z.url()),
  /** `true` under `npm start` only: webhooks may go to `http://127.0.0.1` (a developer's receiver), and hosts are not resolved. */
  WINNOW_WEBHOOKS_ALLOW_LOOPBACK: z.optional(z.stringbool()),
  /**
   * On AWS the admin token, the Slack webhook URL and the link key live in Secrets Manager:
   * these name the secrets, read once per container into the three variables above.
   */
  WINNOW_ADMIN_TOKEN_SECRET_ARN: z.optional(z.string().check(z.minLength(1))),
  WINNOW_SLACK_WEBHOOK_SECRET_ARN: z.optional(z.string().check(z.minLength(1))),
  WINNOW_LINK_SECRET_ARN: z.optional(z.string().check(z.minLength(1))),
  AWS_REGION: z._default(z.string(), 'us-east-1'),
  /** Only whether it is set counts: without credentials, a `WINNOW_*_ENDPOINT` gets ones a local server takes (see `awsClientConfig`). */
  AWS_ACCESS_KEY_ID: z.optional(z.string()),
});

export type Config = z.output<typeof Environment>;

const parseEnvironment = <S extends z.ZodMiniType>(schema: S, env: NodeJS.ProcessEnv): z.output<S> => {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Winnow is misconfigured: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
};

export const readConfig = (env: NodeJS.ProcessEnv): Config => parseEnvironment(Environment, env);

/**
 * What the pages function reads: it reaches no table, queue or secret, so it is given none. Built
 * by its first read: every other function loads this module too, and never reads it.
 */
const pageEnvironment = once(() => z.pick(Environment, { WINNOW_RATE_LIMIT_PER_MINUTE: true, WINNOW_SES_ENDPOINT: true }));

export type PageConfig = z.output<ReturnType<typeof pageEnvironment>>;

export const readPageConfig = (env: NodeJS.ProcessEnv): PageConfig => parseEnvironment(pageEnvironment(), env);
