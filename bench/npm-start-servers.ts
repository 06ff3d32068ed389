import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStandInThread } from '../infra/local/stand-in-thread.js';

/** The store's and the queue's URLs, and how to end them (their data dir with them). */
export interface BenchServers {
  dynamo: string;
  sqs: string;
  close(): Promise<void>;
}

/**
 * dynalite and the SQS server as `npm start` runs them: on a thread of their own, dynalite's
 * data on disk (a temporary directory, removed on close). The thread ending unasked ends the
 * bench: its figures would mean nothing.
 */
export const npmStartServers = async (): Promise<BenchServers> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'winnow-bench-'));
  const thread = await startStandInThread({ dynamo: { path: join(dataDir, 'dynamodb') }, sqs: {} }, (error) => {
    console.error(`the servers' thread stopped: ${error.message}`);
    process.exit(1);
  });
  if (!thread.dynamo || !thread.sqs) throw new Error('the servers’ thread did not start both servers');
  return {
    dynamo: thread.dynamo,
    sqs: thread.sqs,
    close: async () => {
      await thread.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};
