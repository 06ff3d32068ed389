import * as z from 'zod';
import { Worker } from 'node:worker_threads';

/** One server the thread starts: its port (0, the default, picks a free one). */
const Wanted = z.strictObject({ port: z.int().min(0).max(65_535).optional() });

/** What the thread starts: dynalite (its data under `path`, or in memory), the SQS server, or both; parsed again on the thread. */
export const StandInsWanted = z.strictObject({
  dynamo: Wanted.extend({ path: z.string().min(1).optional() }).optional(),
  sqs: Wanted.optional(),
});
export type StandInsWanted = z.input<typeof StandInsWanted>;

/** The servers the thread started, by their URLs, and how to stop them. */
export interface StandInThread {
  dynamo?: string | undefined;
  sqs?: string | undefined;
  /** Closes the servers and ends the thread: `closed`, or `ended` when they did not close in time and the thread was ended. */
  close(): Promise<'closed' | 'ended'>;
}

/** What the thread says, parsed as it arrives: the servers' URLs once they listen, or why they could not start. */
const ThreadMessage = z.union([
  z.strictObject({ started: z.strictObject({ dynamo: z.url().optional(), sqs: z.url().optional() }) }),
  z.strictObject({ failed: z.string() }),
]);
export type ThreadMessage = z.input<typeof ThreadMessage>;

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
    const onMessage = (message: unknown) => {
      const parsed = ThreadMessage.safeParse(message);
      finish(() => (parsed.success ? resolve(parsed.data) : reject(new Error(`the thread of the local DynamoDB and SQS said what it should not: ${z.prettifyError(parsed.error)}`))));
    };
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
  // Parsed here too, so a wrong setting is refused before a thread starts.
  const worker = new Worker(BOOT, { workerData: StandInsWanted.parse(wanted) });
  // Made now, so a close after the thread has ended (unasked) finds it ended rather than waiting for an exit already past.
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  let closing: Promise<'closed' | 'ended'> | undefined;
  let failed = false;
  const fail = (error: Error) => {
    if (closing || failed) return;
    failed = true;
    onFailure(error);
  };

  // A thread that said something else, or failed, is ended: nothing of it is left running.
  const started = await firstWord(worker).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
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
