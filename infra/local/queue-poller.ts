import { ChangeMessageVisibilityCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaContext } from './lambda-context.js';
import { SCORING_BATCH_SIZE, SCORING_MAX_RECEIVES } from '../../functions/adapters/scoring-queue.js';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export interface QueuePollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  region: string;
  /** The queue's own: the scorer has this long before a message shows up again. */
  visibilityTimeoutSeconds: number;
  handler: SqsHandler;
  onError: (line: string) => void;
  /** The most batches handled at once, as an event source mapping's `maxConcurrency` (at least 2 on AWS); one at a time when unset. */
  concurrency?: number;
}

export interface QueuePoller {
  /**
   * Stops receiving, lets the batches in hand finish, the deletes on their way and the receive in flight
   * answer (a long poll, a second at most), hands back at once what was received but not handled,
   * then resolves.
   */
  stop(): Promise<void>;
}

/**
 * Idle, a long poll waits for work; local-aws-sqs holds it the whole wait even when messages
 * arrive, so it stays short, and while a backlog lasts the poller asks without waiting.
 */
const IDLE_WAIT_SECONDS = 1;
const RETRY_AFTER_ERROR_MS = 1_000;
/**
 * Batches `npm start` handles at once on each queue: as many as the stack's event source mappings
 * hand their function by default (`scorerReservedConcurrency`, 5), so the handlers meet here the
 * concurrency they meet on AWS, and while a batch waits on its round trips (a qualifying lead's
 * notices), the others go on.
 */
export const LOCAL_BATCHES_AT_ONCE = 5;
/** Receives in flight beyond the batch being handled, while a backlog lasts. */
const RECEIVES_AHEAD = 2;

/** Received messages as the batch Lambda's event source mapping hands a function. */
export const toSqsEvent = (messages: readonly Message[], { queueArn, region }: Pick<QueuePollerOptions, 'queueArn' | 'region'>): SQSEvent => ({ Records: messages.map(toRecord(queueArn, region)) });

const toRecord =
  (queueArn: string, region: string) =>
  (message: Message): SQSRecord => ({
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
      SentTimestamp: message.Attributes?.SentTimestamp ?? '',
      SenderId: message.Attributes?.SenderId ?? '',
      ApproximateFirstReceiveTimestamp: message.Attributes?.ApproximateFirstReceiveTimestamp ?? '',
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  });

/** The scorer logs each failure with its reason; what it cannot know is that SQS gives up next. */
const isLastReceive = (record: SQSRecord): boolean => Number(record.attributes.ApproximateReceiveCount) >= SCORING_MAX_RECEIVES;

/** Which records failed: those the handler named, or all of them when it threw (as on Lambda). */
const failedIds = async (options: QueuePollerOptions, event: SQSEvent): Promise<Set<string>> => {
  try {
    const context = lambdaContext('winnow-scorer', options.visibilityTimeoutSeconds * 1000);
    const { batchItemFailures } = await options.handler(event, context);
    return new Set(batchItemFailures.map((failure) => failure.itemIdentifier));
  } catch (error) {
    options.onError(`the scorer failed a whole batch: ${error instanceof Error ? error.message : String(error)}`);
    return new Set(event.Records.map((record) => record.messageId));
  }
};

/** One batch, as Lambda runs it: handled; answers the records that succeeded, to delete (failures are left to reappear). */
const handle = async (options: QueuePollerOptions, messages: Message[]): Promise<SQSRecord[]> => {
  const event = toSqsEvent(messages, options);
  const failed = await failedIds(options, event);
  for (const record of event.Records.filter((r) => failed.has(r.messageId) && isLastReceive(r))) {
    options.onError(`scoring job ${record.body} failed ${SCORING_MAX_RECEIVES} times: it moves to the dead-letter queue`);
  }
  return event.Records.filter((record) => !failed.has(record.messageId));
};

/** Deletes the records a batch handled; a delete that fails leaves them to be scored again, which changes nothing. */
const deleteHandled = async (options: QueuePollerOptions, done: readonly SQSRecord[]): Promise<void> => {
  if (done.length === 0) return;
  const { Failed = [] } = await options.sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: options.queueUrl,
      Entries: done.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
    }),
  );
  for (const failure of Failed) options.onError(`deleting a scored message failed (${failure.Code}): it will be scored again`);
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Feeds `handler` SQS batches the way Lambda's event source mapping does. */
export const startQueuePoller = (options: QueuePollerOptions): QueuePoller => {
  let stopping = false;
  let backlog = false;
  /** Deletes still on their way: a batch's delete goes out while the next batch is scored, as an event source mapping's poller deletes apart from the function. */
  const deleting = new Set<Promise<void>>();
  const deleteInBackground = (done: readonly SQSRecord[]) => {
    const sent: Promise<void> = deleteHandled(options, done)
      .catch((error: unknown) => options.onError(`deleting scored messages failed: ${error instanceof Error ? error.message : String(error)}; they will be scored again`))
      .finally(() => deleting.delete(sent));
    deleting.add(sent);
  };

  const receive = async (): Promise<Message[]> => {
    const { Messages = [] } = await options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: SCORING_BATCH_SIZE,
        // local-aws-sqs ignores MessageSystemAttributeNames; both SDK spellings work on AWS.
        AttributeNames: ['All'],
        WaitTimeSeconds: backlog ? 0 : IDLE_WAIT_SECONDS,
      }),
    );
    return Messages;
  };

  /**
   * Messages received but not to be handled (the poller is stopping, or polling failed), visible
   * again at once rather than after the visibility timeout. A receive is not cut off instead: local-aws-sqs holds a long poll the
   * client gave up on for its whole wait, and hands it messages sent meanwhile, which no one sees.
   */
  const handBack = (messages: readonly Message[]) =>
    Promise.all(
      messages.map((message) =>
        options.sqs
          .send(new ChangeMessageVisibilityCommand({ QueueUrl: options.queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 }))
          .catch((error: unknown) => options.onError(`handing back a received message failed: ${error instanceof Error ? error.message : String(error)}`)),
      ),
    );

  const run = async (): Promise<void> => {
    /** Receives sent ahead, oldest first: what the next batches will be. */
    const ahead: Promise<Message[]>[] = [];
    /** What the receives sent ahead bring, handed back unhandled (a receive that failed brought nothing). */
    const handBackAhead = async () => {
      for (const next of ahead.splice(0)) await handBack(await next.catch((): Message[] => []));
    };
    try {
      while (!stopping) {
        try {
          const messages = await (ahead.shift() ?? receive());
          if (stopping) {
            await handBack(messages);
            return;
          }
          backlog = messages.length > 0;
          // The queue ran dry: the receives still on their way are awaited before a long poll starts.
          if (messages.length === 0) continue;
          // The next batches are fetched while this one is scored, as an event source mapping's
          // pollers fetch apart from the function: local-aws-sqs answers a receive on a 10 ms
          // tick whatever the backlog, which would otherwise add to every batch. A failure
          // surfaces when its batch is awaited, above.
          while (ahead.length < RECEIVES_AHEAD) {
            const next = receive();
            next.catch(() => undefined);
            ahead.push(next);
          }
          deleteInBackground(await handle(options, messages));
        } catch (error) {
          // What was received ahead is handed back, for whoever polls next, rather than left invisible.
          await handBackAhead();
          if (stopping) return;
          options.onError(`polling the scoring queue failed: ${error instanceof Error ? error.message : String(error)}`);
          await pause(RETRY_AFTER_ERROR_MS);
        }
      }
    } finally {
      // Stopped while the next batches were on their way: handed back, not left invisible.
      await handBackAhead();
    }
  };

  // Each loop receives, prefetches and delivers on its own: at most `concurrency` batches are handled at once.
  const running = Promise.all(Array.from({ length: Math.max(1, Math.floor(options.concurrency ?? 1)) }, () => run()));
  return {
    stop: async () => {
      stopping = true;
      await running;
      await Promise.all(deleting);
    },
  };
};
