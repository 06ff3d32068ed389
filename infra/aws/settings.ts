import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import * as z from 'zod';

/** `cdk -c key=value` passes strings; cdk.json passes JSON. Both read the same. */
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);
const list = z.union([z.array(z.string()), z.string().transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean))]);
const RETENTION_DAYS = new Set<number>(Object.values(RetentionDays).filter((value): value is number => typeof value === 'number'));

/** Every deployment setting, read from CDK context (`winnow:<name>`); cdk.json holds the defaults. */
const Fields = z.object({
  stackName: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'a CloudFormation stack name').default('Winnow'),
  /** The address notifications come from. */
  mailFrom: z.email(),
  /** The SES identity (domain or address) that covers `mailFrom`; its domain by default. */
  sesIdentity: z.string().min(3).optional(),
  /** Create the identity in the stack (SES mails an address a link, or the stack outputs a domain's DKIM records). */
  createSesIdentity: flag.default(false),
  /** Who the alarms (DLQ depth, scorer and SLA errors, API 5xx) email. */
  alarmEmails: list.pipe(z.array(z.email())).default([]),
  /** Deletion protection and retention of the table; off for a throwaway stack. */
  deletionProtection: flag.default(true),
  logRetentionDays: z.coerce
    .number()
    .refine((days) => RETENTION_DAYS.has(days), { message: `one of ${[...RETENTION_DAYS].join(', ')}` })
    .default(30),
  /** API Gateway stage throttling, requests per second and burst. */
  apiRateLimit: z.coerce.number().positive().default(50),
  apiBurstLimit: z.coerce.number().int().positive().default(100),
  slaEveryMinutes: z.coerce.number().int().min(1).max(1440).default(15),
  /** The base of links in notifications when a custom domain fronts the API; the API's own URL otherwise. */
  publicUrl: z.url().optional(),
  /** Any new value restarts every function, so a secret changed by hand is read at once. */
  secretsRevision: z.coerce.string().min(1).optional(),
});

export const WinnowSettings = Fields.transform((settings) => ({ ...settings, sesIdentity: settings.sesIdentity ?? settings.mailFrom.split('@')[1] ?? '' })).refine(
  // SES authorises a sender through the identity that covers its address.
  (settings) => settings.mailFrom === settings.sesIdentity || settings.mailFrom.endsWith(`@${settings.sesIdentity}`),
  { message: 'sesIdentity must be mailFrom itself or its domain', path: ['sesIdentity'] },
);

export type WinnowSettings = z.output<typeof WinnowSettings>;

/** Reads `winnow:*` context; a bad value stops synth with every problem on one line. */
export const readSettings = (node: Node): WinnowSettings => {
  const raw = Object.fromEntries(Object.keys(Fields.shape).map((name) => [name, node.tryGetContext(`winnow:${name}`) ?? undefined]));
  const parsed = WinnowSettings.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Winnow's CDK context is not valid: ${parsed.error.issues.map((issue) => `winnow:${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  return parsed.data;
};
