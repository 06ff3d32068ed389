import type * as z from '../../core/zod.js';
import { parseWith } from '../../core/issues.js';
import type { Adapters } from '../../adapters/clients.js';
import type { Config } from '../../adapters/config.js';
import type { AppDependencies } from '../../app/dependencies.js';
import { BadRequestError } from './errors.js';

/** What every route gets besides its request: what the use cases need, the config and the admin token to check. */
export interface Dependencies extends Adapters, AppDependencies {
  adminToken: () => Promise<string | undefined>;
  /** The lead export's page budget in bytes (default: SPEC's 5 MB); tests make it small to see pages. */
  exportPageBytes?: number;
}

/**
 * What the router itself reads of the dependencies it serves with: the rate limit always, the
 * clock only for a body checked against it, the admin token only for admin routes.
 */
export interface RouterDependencies {
  config: Pick<Config, 'WINNOW_RATE_LIMIT_PER_MINUTE'>;
  now?: () => Date;
  adminToken?: () => Promise<string | undefined>;
}

/** All a body schema may depend on, so the OpenAPI document can be built without adapters. */
export type BodyDependencies = Pick<Dependencies, 'now'>;

export interface RouteRequest<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  headers: Record<string, string | undefined>;
}

export interface Reply {
  status: number;
  /** Answered as JSON. */
  body?: unknown;
  /** Answered as a page, for people who follow a link. */
  html?: string;
  /** Answered as is (a script, say): name its content-type in `headers`. */
  text?: string;
  /** Answered as bytes (a gzipped script): API Gateway carries them base64-encoded. */
  bytes?: Uint8Array;
  headers?: Record<string, string>;
}

type Schema = z.ZodType;

/**
 * What a route answers with a status, for the OpenAPI document: JSON of `schema`, or a text body
 * of `mediaType` (a CSV, say), and the headers the answer carries.
 */
export interface Answered {
  description: string;
  /** Or the function that builds it (wire.ts `nextOut`): only the OpenAPI generator reads it, so no function's init need build it. */
  schema?: Schema | (() => Schema);
  mediaType?: string;
  headers?: Record<string, { description: string }>;
}
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/**
 * One entry of the route table both hosts share: how to parse the request (zod, once per
 * boundary), who may call it, what it answers (the OpenAPI document is built from this),
 * and the handler that orchestrates parse → load → core → save → answer.
 */
export interface Route<
  P extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
  D = Dependencies,
> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** The operation's name in the OpenAPI document (camelCase, unique): what generated clients call it. */
  operationId: string;
  summary: string;
  /** `public`: browsers, CORS per form, rate limited; `admin`: bearer token; `open`: anyone. */
  access: 'public' | 'admin' | 'open';
  /** A schema, or the function that builds it (wire.ts `linkQuery`): a route seldom called then builds it on its first request, not at init. */
  params?: P | (() => P);
  query?: Q | (() => Q);
  /** A schema, or one built from the clock it checks against (an `at` may not lie in the future), or on first use as `params` may be. */
  body?: B | ((deps: BodyDependencies) => B);
  /** How the body arrives: JSON (the default) or an HTML form's POST. */
  bodyFormat?: 'json' | 'form';
  responses: Record<number, Answered>;
  handle: (request: RouteRequest<Out<P>, Out<Q>, Out<B extends (deps: BodyDependencies) => infer S ? S : B>>, deps: D) => Promise<Reply>;
}

/** A route table's entry, whatever its request's schemas: what a route serving with `D` is, once defined. */
export type RouteOf<D> = Route<Schema | undefined, Schema | undefined, Schema | undefined, D>;

/** Keeps each route's types while the table holds them all; `D` names what the route reads, the API's whole `Dependencies` unless narrower. */
export const defineRoute = <P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined, D = Dependencies>(
  route: Route<P, Q, B, D>,
): RouteOf<D> => route as unknown as RouteOf<D>;

/** A request part's schema, built now when the route names it by the function that builds it. */
export const schemaOf = <S extends Schema | undefined>(part: S | (() => S)): S => (typeof part === 'function' ? part() : part);

/** Parses one part of the request; a failure names each field in the SPEC's issue shape. */
export const parsePart = <S extends Schema>(schema: S, value: unknown, part: string, prefix: readonly string[] = []): z.output<S> => {
  const parsed = parseWith(schema, value, prefix);
  if (!parsed.ok) throw new BadRequestError(`the ${part} is not valid`, parsed.issues);
  return parsed.value;
};
