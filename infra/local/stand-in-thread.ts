import { Worker } from 'node:worker_threads';

/** One server the thread starts: its port (0, the default, picks a free one). */
interface Wanted {
  port?: number | undefined;
}

/** What the thread starts: dynalite (its data under `path`, or in memory), the SQS server, or both. */
export interface StandInsWanted {
  dynamo?: (Wanted & { path?: string | undefined }) | undefined;
  sqs?: Wanted | undefined;
}

/** The servers the thread started, by their URLs, and how to stop them. */
export interface StandInThread {
  dynamo?: string | undefined;
  sqs?: string | undefined;
  /** Closes the servers and ends the thread: `closed`, or `ended` when they did not close in time and the thread was ended. */
  close(): Promise<'closed' | 'ended'>;
}

/** What the thread says: the servers' URLs once they listen, or why they could not start. */
export type ThreadMessage = { started: { dynamo?: string | undefined; sqs?: string | undefined } } | { failed: string };

/** A worker starts from JavaScript: this one registers tsx, then loads the TypeScript that starts the servers. */
const BOOT = new URL('./stand-in-thread-boot.mjs', import.meta.url);
/** How long the servers get to close their connections before the thread is ended. */
const CLOSE_GRACE_MS = 5_000;

/** The thread's first word: its servers listen, or why they could not; what waited for it is taken off after. */
const firstWord = (worker: Worker): Promise<ThreadMessage> =>
  new Promise((resolve, reject) => {
    const finish = (then: () => void) => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      then();
    };
    const onMessage = (message: ThreadMessage) => finish(() => resolve(message));
    const onError = (error: Error) => finish(() => reject(error));
    const onExit = (code: number) => finish(() => reject(new Error(`the thread of the local DynamoDB and SQS ended (exit ${code}) before they listened`)));
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });

/**
 * dynalite and the SQS server on a thread of their own, in this process. On the handlers' thread
 * every call's server work runs between the handlers' own, one after another, and a two-core
 * machine leaves its other core to the garbage collector: on a thread of their own the store and
 * the queue work beside the handlers. `npm run bench -- capture` measures both setups.
 * `onFailure` hears, once, of the thread failing or ending unasked once the servers run (an
 * uncaught error in a server): nothing can be stored or queued after that.
 */
export const startStandInThread = async (wanted: StandInsWanted, onFailure: (error: Error) => void): Promise<StandInThread> => {
  const worker = new Worker(BOOT, { workerData: wanted });
  // Made now, so a close after the thread has ended (unasked) finds it ended rather than waiting for an exit already past.
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  let closing: Promise<'closed' | 'ended'> | undefined;
  let failed = false;
  const fail = (error: Error) => {
    if (closing || failed) return;
    failed = true;
    onFailure(error);
  };

  const started = await firstWord(worker);
  if ('failed' in started) {
    await worker.terminate();
    throw new Error(started.failed);
  }
  worker.on('error', fail);
  void exited.then((code) => fail(new Error(`the thread of the local DynamoDB and SQS ended (exit ${code})`)));

  const close = async (): Promise<'closed' | 'ended'> => {
    worker.postMessage('close');
    let ended = false;
    const grace = setTimeout(() => {
      ended = true;
      void worker.terminate();
    }, CLOSE_GRACE_MS);
    try {
      await exited;
    } finally {
      clearTimeout(grace);
    }
    return ended ? 'ended' : 'closed';
  };
  return {
    ...started.started,
    // Every caller waits for the same end.
    close: () => (closing ??= close()),
  };
};
