import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/** What the thread starts: dynalite (its data under `path`, or in memory), the SQS server, or both. */
export interface StandInsWanted {
  dynamo?: { path?: string } | undefined;
  sqs?: boolean | undefined;
}

/** The servers the thread started, by their URLs, and how to stop them. */
export interface StandInThread {
  dynamo?: string | undefined;
  sqs?: string | undefined;
  close(): Promise<void>;
}

/** What the thread says: the servers' URLs once they listen, or why they could not start. */
export type ThreadMessage = { started: { dynamo?: string | undefined; sqs?: string | undefined } } | { failed: string };

/** A worker starts from JavaScript: this one registers tsx, then loads the TypeScript that starts the servers. */
const BOOT = new URL('./stand-in-thread-boot.mjs', import.meta.url);

/**
 * dynalite and the SQS server on a thread of their own, in this process. On the handlers' thread
 * every call's server work runs between the handlers' own, one after another, and a two-core
 * machine leaves its other core to the garbage collector: on a thread of their own the store and
 * the queue work beside the handlers. `npm run bench -- capture` measures both setups.
 * `onFailure` hears of the thread ending unasked once the servers run (an uncaught error in a
 * server): nothing can be stored or queued after that.
 */
export const startStandInThread = async (wanted: StandInsWanted, onFailure: (error: Error) => void): Promise<StandInThread> => {
  const worker = new Worker(BOOT, { workerData: wanted });
  let closing = false;
  const started = await new Promise<ThreadMessage>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the thread of the local DynamoDB and SQS ended (exit ${code}) before they listened`)));
  });
  worker.removeAllListeners();
  if ('failed' in started) {
    await worker.terminate();
    throw new Error(started.failed);
  }
  worker.on('error', (error) => {
    if (!closing) onFailure(error);
  });
  worker.on('exit', (code) => {
    if (!closing) onFailure(new Error(`the thread of the local DynamoDB and SQS ended (exit ${code})`));
  });
  return {
    ...started.started,
    close: async () => {
      if (closing) return;
      closing = true;
      const exited = once(worker, 'exit');
      // The servers close their connections first; a thread that does not end by then is ended.
      worker.postMessage('close');
      const grace = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(grace);
    },
  };
};
