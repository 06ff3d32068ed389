import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import * as z from 'zod';

/** `cdk -c key=value` passes strings; cdk.json passes JSON. Both read the same. */
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);
const list = z.union([z.array(z.string()), z.string().transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean))]);
const RETENTION_DAYS = new Set<number>(Object.values(RetentionDays).filter((value): value is number => typeof value === 'number'));
/** Lambda reserved concurrency: 0 reserves nothing. */
const concurrency = z.coerce.number().int().min(0).max(1000);

/** RFC 2606: documentation domains. They are what a copied cdk.json still says, and no mail comes from them. */
const EXAMPLE_DOMAIN = /(^|\.)example\.(com|net|org)$/i;
/** RFC 2606 and 6761: test names no mail comes from either, deliberate in CI, so refused unless allowed. */
const TEST_DOMAIN = /\.(test|invalid|example|localhost)$/i;
const SET_A_SENDER = 'set -c winnow:mailFrom=leads@yourdomain.com (or in cdk.json), an address of a domain verified in SES';

/**
 * Every deployment setting, read from CDK context (`winnow:<name>`), and its default: the one
 * place defaults are written. cdk.json holds only the sender, which has none: its placeholder
 * is refused below, so a deployment names its own.
 */
const Fields = z.object({
  stackName: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'a CloudFormation stack name').default('Winnow'),
  /** The address notifications come from. */
  mailFrom: z.email(),
  /** Lets `mailFrom` be on a test domain (`.test`, `.invalid`): for a stack that is synthesized, never sent from (CI). */
  allowTestSender: flag.default(false),
  /** The SES identity (domain or address) that covers `mailFrom`; its domain by default. */
  sesIdentity: z.string().min(3).optional(),
  /** Create the identity in the stack (SES mails an address a link, or the stack outputs a domain's DKIM records). */
  createSesIdentity: flag.default(false),
  /** Who the alarms (queues, errors, throttles, API 5xx, SES bounces) email. */
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
  slaEveryMinutes: z.coerce.number().int().min(1).max(1440).default(5),
  /**
   * Requests per 5 minutes per client address, enforced by AWS WAF on a CloudFront distribution
   * in front of the API (0: no distribution). WAF's own range is 10 to 2,000,000,000.
   */
  edgeRateLimit: z.coerce
    .number()
    .int()
    .refine((limit) => limit === 0 || (limit >= 10 && limit <= 2_000_000_000), { message: '0 (off) or 10 to 2000000000 requests per 5 minutes' })
    .default(0),
  /*
   * Reserved concurrency, so a burst of widget traffic cannot starve the scorer (0: none). Lambda
   * keeps at least 100 of an account's concurrency unreserved, so these defaults (26 in all) need
   * the standard limit of 1,000; an account still at a new account's limit of 10 can reserve
   * nothing, and its deploy fails ("below its minimum value") until all three are 0 or AWS raises it.
   */
  /** Concurrency kept for the scorer, and the most the queue hands it at once. SQS's maximum concurrency is at least 2. */
  scorerReservedConcurrency: concurrency.refine((n) => n !== 1, { message: '0 (none) or at least 2: SQS hands the scorer at least 2 batches at once' }).default(5),
  /** Concurrency kept for the SLA job; 1 also keeps two runs from overlapping. */
  slaReservedConcurrency: concurrency.default(1),
  /** The most containers the public function runs at once (Lambda's reserved concurrency is also a cap). */
  publicApiReservedConcurrency: concurrency.default(20),
  /** The base of links in notifications when a custom domain fronts the API; the distribution's URL, else the API's, otherwise. */
  publicUrl: z.url().optional(),
  /** Any new value restarts every function, so a secret changed by hand is read at once. */
  secretsRevision: z.coerce.string().min(1).optional(),
});

export const WinnowSettings = Fields.transform((settings) => ({ ...settings, sesIdentity: settings.sesIdentity ?? settings.mailFrom.split('@')[1] ?? '' })).superRefine(
  (settings, context) => {
    const domain = settings.mailFrom.split('@')[1] ?? '';
    // A stack that deploys with a sender SES cannot send from fails every notification into the dead-letter queue, silently until then.
    if (EXAMPLE_DOMAIN.test(domain)) {
      context.addIssue({ code: 'custom', path: ['mailFrom'], message: `${settings.mailFrom} is an example address no mail can come from, so every notification would fail: ${SET_A_SENDER}` });
    } else if (TEST_DOMAIN.test(domain) && !settings.allowTestSender) {
      context.addIssue({
        code: 'custom',
        path: ['mailFrom'],
        message: `${settings.mailFrom} is on a test domain no mail can come from: ${SET_A_SENDER}, or -c winnow:allowTestSender=true for a stack that never sends (CI)`,
      });
    }
    // SES authorises a sender through the identity that covers its address.
    if (settings.mailFrom !== settings.sesIdentity && !settings.mailFrom.endsWith(`@${settings.sesIdentity}`)) {
      context.addIssue({ code: 'custom', path: ['sesIdentity'], message: 'sesIdentity must be mailFrom itself or its domain' });
    }
  },
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
