import { z } from 'zod';

/** Where the handlers find their resources: Lambda environment on AWS, the local host's otherwise. */
const Environment = z.object({
  WINNOW_TABLE: z.string().min(1).default('winnow'),
  WINNOW_SCORING_QUEUE_URL: z.string().url(),
  WINNOW_DYNAMODB_ENDPOINT: z.string().url().optional(),
  WINNOW_SQS_ENDPOINT: z.string().url().optional(),
  WINNOW_ADMIN_TOKEN: z.string().min(16, 'WINNOW_ADMIN_TOKEN must be at least 16 characters').optional(),
  WINNOW_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(120),
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
