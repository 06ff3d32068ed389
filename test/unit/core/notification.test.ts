import { describe, expect, it } from 'vitest';
import { scoreFit } from '../../../functions/core/fit.js';
import {
  escalationNotification,
  qualifiedNotification,
  type NotificationContent,
  type SlackBlock,
} from '../../../functions/core/notification.js';
import type { Criterion } from '../../../functions/core/playbook.js';
import {
  LINKS,
  aPlaybook,
  aQualifiedNotificationInput,
  anEscalationNotificationInput,
  anEvent,
  eventsOf,
  named,
} from '../../helpers/factories.js';

/** Every piece of text a Slack user can read in the message, and every link it carries. */
const slackReadable = (blocks: readonly SlackBlock[]): string[] =>
  blocks.flatMap((block): string[] => {
    switch (block.type) {
      case 'header':
        return [block.text.text];
      case 'section':
        return [...(block.text ? [block.text.text] : []), ...(block.fields ?? []).map((field) => field.text)];
      case 'context':
        return block.elements.map((element) => element.text);
      case 'actions':
        return block.elements.flatMap((button) => [button.text.text, button.url]);
    }
  });

const blockOf = <T extends SlackBlock['type']>(content: NotificationContent, type: T): Extract<SlackBlock, { type: T }>[] =>
  content.slack.blocks.filter((block): block is Extract<SlackBlock, { type: T }> => block.type === type);

/** A fit scored by a playbook that gives a point for any answer to a free-text `company` field. */
const fitForCompany = (company: string) => {
  const criterion: Criterion = { id: 'company', field: 'company', points: { '*': 1 } };
  return scoreFit(aPlaybook({ fit: { criteria: [criterion] } }), { company });
};

const channels = (content: NotificationContent) => ({
  text: content.text,
  html: content.html,
  slack: slackReadable(content.slack.blocks).join('\n'),
});

describe('qualifiedNotification', () => {
  it('has a subject naming the lead, its grade and its band', () => {
    // Prepare
    const input = aQualifiedNotificationInput();

    // Act
    const content = qualifiedNotification(input);

    // Assess
    expect(content.subject).toBe('New MQL: ada@example.com (grade A, warm)');
    expect(content.slack.text).toBe(content.subject);
  });

  it.each(['text', 'html', 'slack'] as const)('names in its %s the lead id, email, grade, band, points and form', (channel) => {
    // Prepare
    const input = aQualifiedNotificationInput();

    // Act
    const body = channels(qualifiedNotification(input))[channel];

    // Assess
    for (const expected of ['lead_123', 'ada@example.com', 'grade A (12 points)', 'warm (19.1 points)', 'See Winnow in action']) {
      expect(body).toContain(expected);
    }
  });

  it.each(['text', 'html', 'slack'] as const)('lists in its %s every answer that earned fit points, with its points', (channel) => {
    // Prepare
    const input = aQualifiedNotificationInput();

    // Act
    const body = channels(qualifiedNotification(input))[channel];

    // Assess
    for (const expected of ['profile (company_size): 201+', 'authority (role): decision_maker', 'timeframe (timeframe): 3m', 'budget (budget): 60000', '+3']) {
      expect(body).toContain(expected);
    }
  });

  it.each(['text', 'html', 'slack'] as const)('lists in its %s every event type that earned interest points, with its count and points', (channel) => {
    // Prepare
    const input = aQualifiedNotificationInput();

    // Act
    const body = channels(qualifiedNotification(input))[channel];

    // Assess
    for (const expected of ['pricing_view ×2', '+9.77', 'webinar_attended ×1', '+9.33']) {
      expect(body).toContain(expected);
    }
  });

  it('prints the answers and events line by line in the text, points first', () => {
    // Prepare
    const input = aQualifiedNotificationInput();

    // Act
    const { text } = qualifiedNotification(input);

    // Assess
    expect(text.split('\n')).toEqual(expect.arrayContaining(['  +3  profile (company_size): 201+', '  +9.77  pricing_view ×2', '  +9.33  webinar_attended ×1']));
  });

  it('leaves out criteria the lead has not answered', () => {
    // Prepare
    const input = aQualifiedNotificationInput({ answers: { company_size: '201+', role: 'user' } });

    // Act
    const content = channels(qualifiedNotification(input));

    // Assess
    for (const body of Object.values(content)) {
      expect(body).not.toContain('timeframe (timeframe)');
      expect(body).not.toContain('not answered');
    }
  });

  it('carries the signed accept and reject links in every channel', () => {
    // Prepare
    const input = aQualifiedNotificationInput();

    // Act
    const content = qualifiedNotification(input);

    // Assess
    expect(content.text).toContain(`Accept: ${LINKS.accept}`);
    expect(content.text).toContain(`Return to marketing: ${LINKS.reject}`);
    expect(content.html).toContain(`href="${LINKS.accept.replaceAll('&', '&amp;')}"`);
    expect(content.html).toContain(`href="${LINKS.reject.replaceAll('&', '&amp;')}"`);
    expect(blockOf(content, 'actions')[0]?.elements).toEqual([
      expect.objectContaining({ action_id: 'accept', url: LINKS.accept, style: 'primary' }),
      expect.objectContaining({ action_id: 'reject', url: LINKS.reject, style: 'danger' }),
    ]);
  });

  it('lays the Slack message out as header, summary, answers, behaviour, buttons and footer', () => {
    // Prepare
    const input = aQualifiedNotificationInput();

    // Act
    const content = qualifiedNotification(input);

    // Assess
    expect(content.slack.blocks.map((block) => block.type)).toEqual(['header', 'section', 'section', 'section', 'actions', 'context']);
    expect(blockOf(content, 'section')[0]?.fields?.map((field) => field.text)).toEqual([
      '*Lead*\nada@example.com',
      '*Lead id*\nlead_123',
      '*Fit*\ngrade A (12 points)',
      '*Interest*\nwarm (19.1 points)',
      '*Form*\nSee Winnow in action',
    ]);
  });

  it('names the qualification cycle in its footer', () => {
    // Prepare
    const input = aQualifiedNotificationInput({ cycle: 3 });

    // Act
    const content = channels(qualifiedNotification(input));

    // Assess
    for (const body of Object.values(content)) expect(body).toContain('Qualification cycle 3.');
  });

  it('HTML-escapes an answer a lead typed, so it cannot inject markup into the email', () => {
    // Prepare
    const input = aQualifiedNotificationInput({ fit: fitForCompany(`<script>alert("pwn")</script> & 'Co'`) });

    // Act
    const { html } = qualifiedNotification(input);

    // Assess
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;pwn&quot;)&lt;/script&gt; &amp; &#39;Co&#39;');
  });

  it('HTML-escapes the form title', () => {
    // Prepare
    const input = aQualifiedNotificationInput({ lead: { leadId: 'lead_123', email: 'ada@example.com', formTitle: '<img src=x onerror=alert(1)>' } });

    // Act
    const { html } = qualifiedNotification(input);

    // Assess
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('escapes Slack control characters in an answer, so it cannot mention @channel or forge a link', () => {
    // Prepare
    const input = aQualifiedNotificationInput({ fit: fitForCompany('<!channel> & <https://evil.example|click me>') });

    // Act
    const answers = blockOf(qualifiedNotification(input), 'section')[1]?.text?.text;

    // Assess
    expect(answers).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|click me&gt;');
    expect(answers).not.toContain('<!channel>');
  });

  it('escapes Slack control characters in the form title', () => {
    // Prepare
    const input = aQualifiedNotificationInput({ lead: { leadId: 'lead_123', formTitle: 'Q&A <webinar>' } });

    // Act
    const fields = blockOf(qualifiedNotification(input), 'section')[0]?.fields?.map((field) => field.text);

    // Assess
    expect(fields).toContain('*Form*\nQ&amp;A &lt;webinar&gt;');
  });

  it('keeps the Slack header within 150 characters, ending in an ellipsis', () => {
    // Prepare
    const input = aQualifiedNotificationInput({ lead: { leadId: `lead_${'x'.repeat(200)}` } });

    // Act
    const content = qualifiedNotification(input);
    const header = blockOf(content, 'header')[0]?.text.text ?? '';

    // Assess
    expect(header).toHaveLength(150);
    expect(header.endsWith('…')).toBe(true);
    expect(content.subject.startsWith(header.slice(0, -1))).toBe(true);
  });

  it('keeps a Slack header of exactly 150 characters whole', () => {
    // Prepare
    const prefix = 'New MQL: lead lead_';
    const suffix = ' (grade A, warm)';
    const input = aQualifiedNotificationInput({ lead: { leadId: `lead_${'y'.repeat(150 - prefix.length - suffix.length)}` } });

    // Act
    const content = qualifiedNotification(input);

    // Assess
    expect(content.subject).toHaveLength(150);
    expect(blockOf(content, 'header')[0]?.text.text).toBe(content.subject);
  });

  it('keeps a long list of answers within Slack’s 3000-character section limit', () => {
    // Prepare
    const criteria: Criterion[] = Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, field: `f${i}`, points: { '*': 1 } }));
    const answers = Object.fromEntries(criteria.map((criterion) => [criterion.field, 'z'.repeat(400)]));
    const input = aQualifiedNotificationInput({ fit: scoreFit(aPlaybook({ fit: { criteria } }), answers) });

    // Act
    const content = qualifiedNotification(input);
    const section = blockOf(content, 'section')[1]?.text?.text ?? '';

    // Assess
    expect(section.length).toBeLessThanOrEqual(3000);
    expect(section.endsWith('…')).toBe(true);
    expect(content.text).toContain(`c9 (f9): ${'z'.repeat(400)}`);
  });

  it('shows zero and negative points as they are, positive ones with a plus', () => {
    // Prepare
    const criteria: Criterion[] = [
      { id: 'authority', field: 'role', points: { user: 0 } },
      { id: 'competitor', field: 'industry', points: { competitor: -5 } },
    ];
    const input = aQualifiedNotificationInput({ fit: scoreFit(aPlaybook({ fit: { criteria } }), { role: 'user', industry: 'competitor' }) });

    // Act
    const { text } = qualifiedNotification(input);

    // Assess
    expect(text).toContain('  0  authority (role): user');
    expect(text).toContain('  -5  competitor (industry): competitor');
  });

  it('lists a multiselect answer as its options, and marks a capped event type', () => {
    // Prepare
    const criteria: Criterion[] = [{ id: 'interests', field: 'topics', points: { sla: 2 } }];
    const input = aQualifiedNotificationInput({
      fit: scoreFit(aPlaybook({ fit: { criteria } }), { topics: ['sla', 'routing'] }),
      events: eventsOf('page_view', 12),
    });

    // Act
    const { text } = qualifiedNotification(input);

    // Assess
    expect(text).toContain('  +2  interests (topics): sla, routing');
    expect(text).toContain('  +10  page_view ×12 (capped)');
  });

  it.each(['text', 'html', 'slack'] as const)('says "(none yet)" in its %s when no answer or event earned points', (channel) => {
    // Prepare
    const input = aQualifiedNotificationInput({ answers: {}, events: [] });

    // Act
    const body = channels(qualifiedNotification(input))[channel];

    // Assess
    expect(body.split('(none yet)')).toHaveLength(3);
  });

  it('names a lead with no email by its id', () => {
    // Prepare
    const input = aQualifiedNotificationInput({ lead: { leadId: 'lead_123' } });

    // Act
    const content = qualifiedNotification(input);

    // Assess
    expect(content.subject).toBe('New MQL: lead lead_123 (grade A, warm)');
    expect(content.text).toContain('Lead: lead lead_123');
    expect(content.text).not.toContain('Form:');
    expect(content.text).not.toContain('undefined');
  });

  it('tells sales a hand-raiser asked to talk to them', () => {
    // Prepare
    const input = aQualifiedNotificationInput({ handRaiser: true, events: [anEvent('form_submission')] });

    // Act
    const content = qualifiedNotification(input);

    // Assess
    expect(content.subject).toBe('Hand-raiser: ada@example.com asked to talk to sales (grade A, cold)');
    expect(blockOf(content, 'header')[0]?.text.text).toBe(content.subject);
  });
});

describe('escalationNotification', () => {
  it.each(
    named([
      { behaviour: 'a lead with an email', lead: { leadId: 'lead_123', email: 'ada@example.com' }, who: 'ada@example.com' },
      { behaviour: 'a lead with no email', lead: { leadId: 'lead_123' }, who: 'lead lead_123' },
    ]),
  )('tells the SLA contacts how long %s has waited for sales', (_, { lead, who }) => {
    // Prepare
    const input = anEscalationNotificationInput({ lead, hoursWaiting: 26 });

    // Act
    const content = escalationNotification(input);

    // Assess
    expect(content.subject).toBe(`SLA missed: ${who} has waited 26 h for sales (grade A, warm)`);
  });

  it.each(['text', 'html', 'slack'] as const)('explains in its %s why the lead qualified and offers the same links', (channel) => {
    // Prepare
    const input = anEscalationNotificationInput({ cycle: 2 });

    // Act
    const body = channels(escalationNotification(input))[channel];

    // Assess
    for (const expected of ['lead_123', 'grade A (12 points)', 'pricing_view ×2', 'Qualification cycle 2. Nobody accepted or returned this MQL in time.']) {
      expect(body).toContain(expected);
    }
    expect(body).toContain(channel === 'html' ? LINKS.accept.replaceAll('&', '&amp;') : LINKS.accept);
  });
});
