import { PayloadTooLargeError } from '../errors.js';
import type { HttpMiddleware } from './http-types.js';

/** SPEC: bodies over 16 KiB are refused with 413, before anything parses them. */
export const MAX_BODY_BYTES = 16 * 1024;

export const bodyLimit = (maxBytes = MAX_BODY_BYTES): HttpMiddleware => ({
  before: ({ event }) => {
    if (typeof event.body !== 'string') return;
    const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64').byteLength : Buffer.byteLength(event.body);
    if (bytes > maxBytes) throw new PayloadTooLargeError(maxBytes);
  },
});
