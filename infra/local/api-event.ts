import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** One HTTP request as the local host received it, before API Gateway's shaping. */
export interface ApiRequest {
  method: string;
  /** Path and query string, as sent. */
  url: string;
  /** Lower-case names; each value as often as it was sent. */
  headers: Record<string, readonly string[] | undefined>;
  body?: Buffer;
  sourceIp: string;
  protocol: string;
  requestId: string;
  receivedAt: Date;
}

/** What API Gateway passes to Lambda as text; anything else arrives base64-encoded. */
const TEXT_TYPES = [/^text\//, /^application\/(json|xml|javascript|x-www-form-urlencoded)\b/, /\+(json|xml)\b/];

const isText = (contentType: string | undefined): boolean => contentType !== undefined && TEXT_TYPES.some((type) => type.test(contentType.toLowerCase()));

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's `requestContext.time`: `12/Mar/2020:19:03:58 +0000`. */
const gatewayTime = (at: Date): string => {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(at.getUTCDate())}/${MONTHS[at.getUTCMonth()]}/${at.getUTCFullYear()}:${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())} +0000`;
};

/** Repeated query keys arrive joined with commas, as API Gateway joins them. */
const queryParameters = (rawQueryString: string): Record<string, string> | undefined => {
  if (rawQueryString === '') return undefined;
  const joined: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) joined[key] = key in joined ? `${joined[key]},${value}` : value;
  return joined;
};

/**
 * Headers joined with commas; `cookie` moves to `cookies`, one entry per cookie; API Gateway's
 * own `x-forwarded-*` headers are added, as a handler on AWS would see them.
 */
const gatewayHeaders = (request: ApiRequest, host: string): { headers: Record<string, string>; cookies?: string[] } => {
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(request.headers)) {
    if (values && name !== 'cookie') headers[name] = values.join(',');
  }
  const forwardedFor = headers['x-forwarded-for'];
  headers['x-forwarded-for'] = forwardedFor ? `${forwardedFor}, ${request.sourceIp}` : request.sourceIp;
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-forwarded-port'] ??= host.split(':')[1] ?? '80';
  const cookies = (request.headers.cookie ?? []).flatMap((line) => line.split(';').map((cookie) => cookie.trim())).filter(Boolean);
  return { headers, ...(cookies.length > 0 ? { cookies } : {}) };
};

const gatewayBody = (body: Buffer | undefined, contentType: string | undefined) => {
  if (body === undefined || body.byteLength === 0) return { isBase64Encoded: false };
  return isText(contentType) ? { body: body.toString('utf8'), isBase64Encoded: false } : { body: body.toString('base64'), isBase64Encoded: true };
};

const splitOnce = (text: string, separator: string): [string, string?] => {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + separator.length)];
};

/** The API Gateway HTTP API (payload 2.0) event AWS would send for this request, `$default` route. */
export const toApiEvent = (request: ApiRequest): APIGatewayProxyEventV2 => {
  const [rawPath = '/', rawQueryString = ''] = splitOnce(request.url, '?');
  const host = request.headers.host?.[0] ?? 'localhost';
  const domainName = host.split(':')[0] ?? host;
  const queryStringParameters = queryParameters(rawQueryString);
  const { headers, cookies } = gatewayHeaders(request, host);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: request.method,
        path: rawPath,
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: request.requestId,
      routeKey: '$default',
      stage: '$default',
      time: gatewayTime(request.receivedAt),
      timeEpoch: request.receivedAt.getTime(),
    },
    ...gatewayBody(request.body, headers['content-type']),
  };
};
