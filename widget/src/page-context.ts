/** SPEC `context`: where the answer was given. Bounds are the API's (functions/http/schemas.ts), so no context is refused. */
export interface PageContext {
  pageUrl: string;
  referrer?: string;
  utm?: Record<string, string>;
}

const UTM = /^utm_[a-z_]{1,32}$/;

export const pageContext = (href: string, referrer: string): PageContext => {
  const utm: Record<string, string> = {};
  for (const [name, value] of new URL(href).searchParams) {
    if (UTM.test(name) && value) utm[name] = value.slice(0, 200);
  }
  return {
    pageUrl: href.slice(0, 2048),
    ...(referrer ? { referrer: referrer.slice(0, 2048) } : {}),
    ...(Object.keys(utm).length > 0 ? { utm } : {}),
  };
};
