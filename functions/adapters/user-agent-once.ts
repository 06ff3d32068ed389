import { onFirstUse } from '../core/once.js';
import type { BuildMiddleware, Provider, UserAgent } from '@smithy/types';

interface Client {
  config: { defaultUserAgentProvider: Provider<UserAgent>; userAgentAppId?: Provider<string | undefined>; customUserAgent?: string | UserAgent };
  middlewareStack: { remove(name: string): boolean; add(middleware: BuildMiddleware<object, object>, options: { step: 'build'; name: string }): void };
}

/** One `[name, version]` of the SDK's user agent as its own step writes it: `aws-sdk-js/3.x`, `os/linux#6.1`, `api/dynamodb#3.x`. */
const escaped = ([name, version]: UserAgent[number]): string => {
  const cleanName = name
    .split('/')
    .map((part) => part.replace(/[^!$%&'*+\-.^_`|~\w]/g, '-'))
    .join('/');
  const slash = cleanName.indexOf('/');
  const prefix = cleanName.slice(0, Math.max(0, slash));
  const rest = cleanName.slice(slash + 1);
  const parts = [prefix, prefix === 'api' ? rest.toLowerCase() : rest, version?.replace(/[^!$%&'*+\-.^_`|~\w#]/g, '-')].filter((part): part is string => !!part);
  return parts.map((part, i) => (i === 0 ? part : i === 1 ? `/${part}` : `#${part}`)).join('');
};

/**
 * Sets the SDK's user agent (SDK, runtime, service and their versions) worked out once per client,
 * in place of the SDK's step that works it out again on every call, escaping each part and
 * noting which SDK features the call used (`npm run bench -- capture` prints what the functions'
 * client setup saves beside stock clients). What goes is the per-call feature list (`m/…`), kept by AWS for
 * its own metrics; CloudTrail and support still see which SDK, version and service made each call.
 */
export const withUserAgentOnce = <C extends Client>(client: C): C => {
  type Headers = { 'user-agent': string; 'x-amz-user-agent': string };
  let headers: Headers | undefined;
  const workOut = onFirstUse(async () => {
    const appId = await client.config.userAgentAppId?.();
    const defaults = [...(await client.config.defaultUserAgentProvider()), ...(appId ? [['app', appId] as [string, string]] : [])].map(escaped);
    const { customUserAgent } = client.config;
    const custom = (typeof customUserAgent === 'string' ? [[customUserAgent] as [string]] : (customUserAgent ?? [])).map(escaped);
    return (headers = { 'user-agent': [...defaults, ...custom].join(' '), 'x-amz-user-agent': [...defaults.filter((part) => part.startsWith('aws-sdk-')), ...custom].join(' ') });
  });
  client.middlewareStack.remove('getUserAgentMiddleware');
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string> } | undefined;
      if (request?.headers) Object.assign(request.headers, headers ?? (await workOut()));
      return next(args);
    },
    { step: 'build', name: 'userAgentOnce' },
  );
  return client;
};
