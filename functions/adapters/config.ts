import * as z from 'zod';

/** Where the handlers find their resources: Lambda environment on AWS, the local host's otherwise. */
const Environment = z.object({
  WINNOW_TABLE: z.string().min(1).default('winnow'),
  WINNOW_SCORING_QUEUE_URL: z.string().url(),
  WINNOW_DYNAMODB_ENDPOINT: z.string().url().optional(),
  WINNOW_SQS_ENDPOINT: z.string().url().optional(),
  WINNOW_ADMIN_TOKEN: z.string().min(16, 'WINNOW_ADMIN_TOKEN must be at least 16 characters').optional(),
  WINNOW_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(120),
  /** The base of links in notifications: where sales reaches this API. */
  WINNOW_PUBLIC_URL: z.string().url().default('http://localhost:3000'),
  /** The HMAC key of one-click feedback links. */
  WINNOW_LINK_SECRET: z.string().min(32, 'WINNOW_LINK_SECRET must be at least 32 characters').optional(),
  WINNOW_SLACK_WEBHOOK_URL: z.string().url().optional(),
  WINNOW_MAIL_FROM: z.string().min(3).default('winnow@example.com'),
  WINNOW_SES_ENDPOINT: z.string().url().optional(),
  /**
   * On AWS the admin token, the Slack webhook URL and the link key live in Secrets Manager:
   * these name the secrets, read once per container into the three variables above.
   */
  WINNOW_ADMIN_TOKEN_SECRET_ARN: z.string().min(1).optional(),
  WINNOW_SLACK_WEBHOOK_SECRET_ARN: z.string().min(1).optional(),
  WINNOW_LINK_SECRET_ARN: z.string().min(1).optional(),
  AWS_REGION: z.string().default('us-east-1'),
});

export type Config = z.output<typeof Environment>;

export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const parsed = Environment.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Winnow is misconfigured: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
};
