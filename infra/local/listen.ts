import type { Server } from 'node:net';
import { StartupError } from './errors.js';

/** What a user can do about each listen error, in one line. */
const reasonFor = (error: NodeJS.ErrnoException, port: number, host: string, setting: string): Error => {
  if (error.code === 'EADDRINUSE') return new StartupError(`port ${port} is in use; set ${setting} to another`);
  if (error.code === 'EACCES') return new StartupError(`port ${port} needs privileges this user lacks; set ${setting} to one above 1023`);
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') return new StartupError(`cannot listen on ${host}: no such address here`);
  return error;
};

/** Listens, or fails with one line naming the setting that picks the port. */
export const listen = (server: Server, port: number, host: string, setting: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(reasonFor(error, port, host, setting));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
