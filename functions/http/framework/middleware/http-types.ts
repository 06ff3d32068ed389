import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

/** What every HTTP middleware here sees: API Gateway's HTTP API (payload v2) on both hosts. */
export type HttpEvent = Omit<APIGatewayProxyEventV2, 'body'> & { body?: unknown };
export type HttpResult = APIGatewayProxyStructuredResultV2;
export type HttpMiddleware = MiddlewareObj<HttpEvent, HttpResult, Error, Context>;
export type HttpRequest = Request<HttpEvent, HttpResult, Error, Context>;

/** Browsers must not sniff an answer into HTML: a JSON body may echo what a caller sent. */
export const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff' } as const;

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult => ({
  statusCode,
  headers: { ...JSON_HEADERS, ...headers },
  body: JSON.stringify(body),
});
