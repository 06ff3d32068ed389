import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ApiRequest } from './api-event.js';

export type ApiResult = APIGatewayProxyStructuredResultV2;
export type ApiInvoker = (request: ApiRequest) => Promise<ApiResult>;

/**
 * API Gateway refuses payloads over 10 MB; locally 1 MiB is plenty (the API itself answers
 * 413 above 16 KiB) and keeps one huge upload from exhausting the host's memory.
 */
const MAX_REQUEST_BYTES = 1024 * 1024;

/** What the bridge serves once the host is up. */
export interface BridgeTarget {
  invoke: ApiInvoker;
}

export interface HttpBridgeOptions {
  /** Undefined while the host is still starting: requests are then answered 503. */
  target: () => BridgeTarget | undefined;
  onError: (line: string) => void;
}

class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/** The client hung up before sending its whole body: nobody is left to answer. */
class ClientGoneError extends Error {
  override readonly name = 'ClientGoneError';
}

const readBody = (request: IncomingMessage, limit: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    if (Number(request.headers['content-length']) > limit) {
      reject(new BodyTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        request.off('data', onData);
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
    request.on('close', () => request.complete || reject(new ClientGoneError()));
  });

const errorResult = (statusCode: number, code: string, message: string, headers: Record<string, string> = {}): ApiResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff', ...headers },
  body: JSON.stringify({ error: { code, message } }),
});

const writeResult = (response: ServerResponse, result: ApiResult): void => {
  const headers: OutgoingHttpHeaders = Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)]));
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  // API Gateway answers with a length, not chunked; 204 and 304 carry no body to measure, and
  // a HEAD's answer names the length of the GET's body it leaves out.
  if (![204, 304].includes(result.statusCode ?? 200)) headers['content-length'] ??= body.byteLength;
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(body);
};

const toApiRequest = (request: IncomingMessage, body: Buffer): ApiRequest => ({
  method: request.method ?? 'GET',
  url: request.url ?? '/',
  headers: request.headersDistinct,
  body,
  sourceIp: (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
  protocol: `HTTP/${request.httpVersion}`,
  requestId: randomUUID(),
  receivedAt: new Date(),
});

const answer = async (options: HttpBridgeOptions, request: IncomingMessage): Promise<ApiResult> => {
  const target = options.target();
  if (!target) return errorResult(503, 'starting', 'Winnow is starting; try again in a moment', { 'retry-after': '1' });
  const body = await readBody(request, MAX_REQUEST_BYTES);
  return target.invoke(toApiRequest(request, body));
};

/**
 * The local stand-in for API Gateway: every request becomes the HTTP API event AWS would send,
 * handled by the same Lambda handler. Like the `$default` route, unknown paths reach the handler
 * too, which answers them 404 in the SPEC's error shape.
 */
export const httpBridge =
  (options: HttpBridgeOptions) =>
  (request: IncomingMessage, response: ServerResponse): void => {
    answer(options, request)
      .catch((error: unknown): ApiResult | undefined => {
        if (error instanceof ClientGoneError) return undefined;
        if (error instanceof BodyTooLargeError) {
          // Stop reading: the rest of the upload is dropped with the connection.
          response.setHeader('connection', 'close');
          return errorResult(413, 'payload_too_large', `the body is over ${MAX_REQUEST_BYTES / 1024 / 1024} MiB`);
        }
        options.onError(`${request.method} ${request.url} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return errorResult(500, 'internal', 'something went wrong on our side; try again');
      })
      .then((result) => {
        if (result && !response.destroyed) writeResult(response, result);
      });
  };
