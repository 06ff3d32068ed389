import { describe, expect, it } from 'vitest';
import { LINK_LIFETIME_DAYS, signFeedbackLink, verifyFeedbackLink, type FeedbackLink } from '../../../functions/app/feedback-links.js';

const SECRET = 'a-link-secret-of-at-least-32-characters';
const NOW = new Date('2026-03-01T12:00:00Z');
const DAY = 86_400_000;

/** The link's parts as the feedback route parses them from the URL. */
const partsOf = (url: string): { link: FeedbackLink; sig: string } => {
  const parsed = new URL(url);
  const q = parsed.searchParams;
  return {
    link: { leadId: decodeURIComponent(parsed.pathname.split('/').at(-1) ?? ''), decision: q.get('decision') as FeedbackLink['decision'], cycle: Number(q.get('cycle')), exp: Number(q.get('exp')) },
    sig: q.get('sig') ?? '',
  };
};

describe('signed feedback links', () => {
  const url = signFeedbackLink('https://winnow.example/', SECRET, { leadId: 'lead_0000000000000000001', decision: 'accept', cycle: 2 }, NOW);

  it('puts lead, decision, cycle and expiry under the public URL', () => {
    expect(url).toMatch(/^https:\/\/winnow\.example\/v1\/feedback\/lead_0000000000000000001\?decision=accept&cycle=2&exp=\d+&sig=[\w-]+$/);
    expect(partsOf(url).link.exp * 1000).toBe(NOW.getTime() + LINK_LIFETIME_DAYS * DAY);
  });

  it('verifies the link it signed until it expires', () => {
    const { link, sig } = partsOf(url);
    expect(verifyFeedbackLink(SECRET, link, sig, new Date(NOW.getTime() + (LINK_LIFETIME_DAYS * DAY) - 1000))).toEqual({ ok: true });
    expect(verifyFeedbackLink(SECRET, link, sig, new Date(NOW.getTime() + (LINK_LIFETIME_DAYS + 1) * DAY))).toEqual({ ok: false, reason: 'expired' });
  });

  it.each([
    ['another lead', { leadId: 'lead_0000000000000000002' }],
    ['another decision', { decision: 'reject' as const }],
    ['another cycle', { cycle: 3 }],
    ['a later expiry', { exp: 9_999_999_999 }],
  ])('refuses a link changed to %s as tampered', (_, change) => {
    const { link, sig } = partsOf(url);
    expect(verifyFeedbackLink(SECRET, { ...link, ...change }, sig, NOW)).toEqual({ ok: false, reason: 'tampered' });
  });

  it('refuses a signature made with another key, or cut short', () => {
    const { link, sig } = partsOf(url);
    expect(verifyFeedbackLink('another-secret-of-at-least-32-characters', link, sig, NOW)).toEqual({ ok: false, reason: 'tampered' });
    expect(verifyFeedbackLink(SECRET, link, sig.slice(0, -1), NOW)).toEqual({ ok: false, reason: 'tampered' });
  });
});
