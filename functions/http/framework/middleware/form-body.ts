import { UnsupportedMediaTypeError } from '../errors.js';
import type { HttpMiddleware } from './http-types.js';

/** An HTML form's POST (application/x-www-form-urlencoded) as a plain object; an empty body is an empty form. */
export const formBody = (): HttpMiddleware => ({
  before: ({ event }) => {
    const type = event.headers['content-type'] ?? '';
    const raw = typeof event.body === 'string' ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString() : event.body) : '';
    // Media types are case-insensitive (RFC 9110): browsers send lower case, other clients need not.
    if (raw && !type.toLowerCase().startsWith('application/x-www-form-urlencoded')) throw new UnsupportedMediaTypeError('send the form as application/x-www-form-urlencoded');
    event.body = Object.fromEntries(new URLSearchParams(raw));
  },
});
