// A worker thread's first module is plain JavaScript: tsx is registered on this thread here, then
// the thread loads the TypeScript that starts the servers (see stand-in-thread.ts).
import { register } from 'tsx/esm/api';

register();
await import('./stand-in-thread-worker.ts');
