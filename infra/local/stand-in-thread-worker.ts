import { parentPort, workerData } from 'node:worker_threads';
import { startDynamo, startSqs, type LocalServer } from './servers.js';
import { StandInsWanted, type ThreadMessage } from './stand-in-thread.js';

/** The thread started by `startStandInThread`: its servers, then a `close` from the host ends it. */
const port = parentPort;
if (!port) throw new Error('stand-in-thread-worker.ts runs on a worker thread (startStandInThread)');
const servers: LocalServer[] = [];
const closeAll = () => Promise.all(servers.splice(0).map((server) => server.close()));
try {
  const wanted = StandInsWanted.parse(workerData);
  const dynamo = wanted.dynamo ? await startDynamo(wanted.dynamo) : undefined;
  if (dynamo) servers.push(dynamo);
  const sqs = wanted.sqs ? await startSqs(wanted.sqs) : undefined;
  if (sqs) servers.push(sqs);
  port.postMessage({ started: { dynamo: dynamo?.url, sqs: sqs?.url } } satisfies ThreadMessage);
} catch (error) {
  await closeAll().catch(() => undefined);
  port.postMessage({ failed: error instanceof Error ? error.message : String(error) } satisfies ThreadMessage);
}
port.on('message', (message: unknown) => {
  if (message !== 'close') return;
  // With the servers closed and the port too, nothing is left to run: the thread ends.
  void closeAll().finally(() => port.close());
});
