import type { LambdaName } from './bundling.js';

/** DynamoDB actions as IAM names them, less the `dynamodb:` prefix. */
export type TableAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'Scan' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'BatchWriteItem' | 'ConditionCheckItem';

/** The actions that also reach the table's indexes; every other one names a key of the table itself. */
export const INDEX_ACTIONS: ReadonlySet<TableAction> = new Set(['Query', 'Scan']);

export type SecretName = 'adminToken' | 'linkKey' | 'slackWebhook';

export interface FunctionGrants {
  /** On the table (and, for Query and Scan, its indexes). */
  table: readonly TableAction[];
  /** `dynamodb:DeleteItem` of items in a lead's own partition (`LEAD#…`) only: never a published document. */
  deletesLeadItems: boolean;
  /** `sqs:SendMessage` on the scoring queue (SendMessageBatch is authorised as SendMessage). */
  enqueuesScoring: boolean;
  /** `sqs:SendMessage` on the webhook delivery queue: a lifecycle change's deliveries, a test, a redelivery, a retry. */
  enqueuesWebhooks: boolean;
  /** `secretsmanager:GetSecretValue` on each, read once per container. */
  secrets: readonly SecretName[];
  /** `ses:SendEmail` from the configured SES identity. */
  sendsEmail: boolean;
}

/**
 * What each function may do, and nothing else: the actions its code calls through the store
 * (`functions/adapters/dynamodb/dynamodb-store.ts`: GetCommand is GetItem, PutCommand PutItem,
 * UpdateCommand UpdateItem, DeleteCommand DeleteItem, QueryCommand and paginateQuery Query,
 * paginateScan Scan, BatchWriteCommand BatchWriteItem), the queue, the mailer and the secrets.
 * A store method that starts issuing another command needs its action added here, in the row
 * of every function that reaches it. The stack turns each row into IAM statements; the scorer's
 * event source adds the receive, delete and change-visibility actions its poller and backoff need.
 */
export const GRANTS = {
  // Open to the internet (widget calls, feedback links): one lead at a time; no Scan or bulk write, and it deletes only the step or event it wrote for a lead erased meanwhile.
  // A feedback link's decision queues its webhook deliveries.
  publicApi: { table: ['GetItem', 'Query', 'PutItem', 'UpdateItem'], deletesLeadItems: true, enqueuesScoring: true, enqueuesWebhooks: true, secrets: ['linkKey'], sendsEmail: false },
  // Behind the bearer token: publishing, the funnel report over every lead (Scan), GDPR export and erase (a tombstone, then BatchWriteItem deletes),
  // webhook endpoints (UpdateItem over their version; a delete takes the endpoint's deliveries by BatchWriteItem, then the endpoint by DeleteItem).
  adminApi: {
    table: ['GetItem', 'Query', 'Scan', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'],
    deletesLeadItems: false,
    enqueuesScoring: true,
    // Webhook tests and redeliveries, a decision's and an erasure's deliveries (an erasure also empties the lead's delivery bodies: Query, UpdateItem).
    enqueuesWebhooks: true,
    // The link key signs lead ids too: an event naming an email never seen starts a lead.
    secrets: ['adminToken', 'linkKey'],
    sendsEmail: false,
  },
  // Built into its bundle: no table, queue, secret or mail.
  pages: { table: [], deletesLeadItems: false, enqueuesScoring: false, enqueuesWebhooks: false, secrets: [], sendsEmail: false },
  // Reads a lead, its activity and documents; applies a stored step the API left (profile updates); updates its score,
  // lifecycle and notification claims, and the team's assignment state (rotation and loads, one item); deletes the
  // activity and claims of a lead erased meanwhile; sends a job back,
  // delayed, while another worker holds a notification's claim.
  scorer: { table: ['GetItem', 'Query', 'UpdateItem'], deletesLeadItems: true, enqueuesScoring: true, enqueuesWebhooks: true, secrets: ['linkKey', 'slackWebhook'], sendsEmail: true },
  // Queries the MQL stage (an index, never a Scan), marks escalations and reassignments (the team's state too) and
  // claims their notifications as the scorer does, deletes included.
  sla: { table: ['GetItem', 'Query', 'UpdateItem'], deletesLeadItems: true, enqueuesScoring: false, enqueuesWebhooks: true, secrets: ['linkKey', 'slackWebhook'], sendsEmail: true },
  // Reads a delivery and its endpoint (GetItem), the due list and the teams' fallbacks (Query), records each attempt and the
  // endpoint's failing streak (UpdateItem); queues its own retries and the sweeper's due deliveries; mails a disabled endpoint's notice.
  webhooks: { table: ['GetItem', 'Query', 'UpdateItem'], deletesLeadItems: false, enqueuesScoring: false, enqueuesWebhooks: true, secrets: [], sendsEmail: true },
} as const satisfies Record<LambdaName, FunctionGrants>;
