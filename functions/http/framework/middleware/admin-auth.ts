import { createHash, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '../errors.js';
import type { HttpMiddleware } from './http-types.js';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** `Authorization: Bearer <admin token>`, compared in constant time (over digests, so length leaks nothing either). */
export const adminAuth = (token: () => Promise<string | undefined>): HttpMiddleware => ({
  before: async ({ event }) => {
    const expected = await token();
    const match = /^Bearer\s+(.+)$/i.exec(event.headers.authorization ?? '');
    if (!expected || !match?.[1] || !timingSafeEqual(digest(match[1].trim()), digest(expected))) {
      throw new UnauthorizedError(match ? 'the admin token is not valid' : undefined);
    }
  },
});
