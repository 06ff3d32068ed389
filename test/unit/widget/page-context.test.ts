import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { submissionContext } from '../../../functions/http/wire.js';
import { pageContext } from '../../../widget/src/page-context.js';

describe('the context the widget sends with each step', () => {
  it('carries the page URL, the referrer and only the utm_* parameters', () => {
    const context = pageContext('https://www.example.com/pricing?utm_source=newsletter&utm_medium=email&ref=x&utm_=y&UTM_TERM=z', 'https://news.example.org/');

    expect(context).toEqual({
      pageUrl: 'https://www.example.com/pricing?utm_source=newsletter&utm_medium=email&ref=x&utm_=y&UTM_TERM=z',
      referrer: 'https://news.example.org/',
      utm: { utm_source: 'newsletter', utm_medium: 'email' },
    });
  });

  it('leaves out an empty referrer and an empty utm set', () => {
    expect(pageContext('https://www.example.com/', '')).toEqual({ pageUrl: 'https://www.example.com/' });
  });

  it('is never refused by the API, however long or odd the page URL', () => {
    const parameter = fc.tuple(fc.oneof(fc.constantFrom('utm_source', 'utm_campaign', 'utm_content'), fc.string({ maxLength: 40 })), fc.string({ maxLength: 400 }));
    fc.assert(
      fc.property(fc.webUrl(), fc.array(parameter, { maxLength: 8 }), fc.oneof(fc.constant(''), fc.webUrl()), (url, parameters, referrer) => {
        const href = new URL(url);
        for (const [name, value] of parameters) href.searchParams.append(name, value);

        const context = pageContext(href.href, referrer);

        expect(submissionContext().safeParse(context).error?.issues ?? []).toEqual([]);
      }),
    );
  });
});
