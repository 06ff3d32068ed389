import { describe, expect, it } from 'vitest';
import { scoreFit } from '../../../functions/core/fit.js';
import type { Effect } from '../../../functions/core/lifecycle.js';
import {
  HAND_RAISE_GRACE_MS,
  answerLabel,
  assignedNotification,
  escalationNotification,
  identityOf,
  leadHeading,
  movedNotification,
  noticeWaits,
  qualifiedNotification,
  unassignedNotification,
  type LeadIdentity,
  type NotificationContent,
  type QualifiedNotificationInput,
  type SlackBlock,
} from '../../../functions/core/notification.js';
import type { Answers } from '../../../functions/core/lead.js';
import type { Criterion } from '../../../functions/core/playbook.js';
import {
  COMPANY_SIZES,
  LINKS,
  NOW,
  aForm,
  aLifecycle,
  aPlaybook,
  aQualifiedNotificationInput,
  aQuestion,
  aQuestionInput,
  aSpecForm,
  anEscalationNotificationInput,
  anEvent,
  eventsOf,
  gradeAAnswers,
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

/** What a reader of the HTML sees: the text of its body, tags dropped and entities read. */
const htmlText = (html: string): string =>
  html
    .replace(/<head>[\s\S]*<\/head>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

const readable = (content: NotificationContent) => ({ text: content.text, html: htmlText(content.html), slack: channels(content).slack });

const ADMIN_URL = 'https://winnow.example.com/admin#/leads/lead_123';

/** The SPEC's playbook with labels on two criteria, on grades, bands and two event types. */
const aLabelledPlaybook = () =>
  aPlaybook({
    fit: {
      criteria: [
        { id: 'profile', field: 'company_size', points: { '1-10': 1, '11-50': 2, '51-200': 3, '201+': 3 } },
        { id: 'authority', label: 'Authority (BANT)', field: 'role', points: { decision_maker: 3, influencer: 2, user: 1 } },
        { id: 'timeframe', field: 'timeframe', points: { '3m': 3, '12m': 2, none: 0 } },
        { id: 'budget', label: 'Budget (BANT)', field: 'budget', ranges: [{ min: 50000, points: 3 }, { min: 10000, points: 2 }] },
      ],
    },
    labels: { grades: { A: 'Ideal fit' }, bands: { warm: 'Warming up' }, events: { pricing_view: 'Pricing page views' } },
  });

/** A hand-raiser form asking who the lead is, how big its company is and what it wants. */
const aTalkToSalesForm = () =>
  aForm({
    id: 'talk-to-sales',
    title: 'Talk to sales',
    handRaiser: true,
    questions: [
      aQuestionInput('email', { required: true }),
      aQuestionInput('text', { id: 'first_name', label: 'First name' }),
      aQuestionInput('text', { id: 'last_name', label: 'Last name' }),
      aQuestionInput('text'),
      aQuestionInput('tel', { id: 'mobile', label: 'Mobile' }),
      aQuestionInput('select'),
      aQuestionInput('checkbox', { id: 'call_me', label: 'Call me back' }),
      aQuestionInput('textarea'),
    ],
  });

const ADA: Answers = {
  ...gradeAAnswers(),
  first_name: 'Ada',
  last_name: 'Lovelace',
  company: 'Analytical Engines',
  mobile: '+44 20 7946 0018',
  call_me: true,
  message: 'We route 400 leads a week by hand.\nCan you do it by region?',
};

/** The notice of a grade-A lead who told its name, company and phone, scored by the labelled playbook, with the forms that asked. */
const aLabelledInput = (overrides: Partial<QualifiedNotificationInput> & { answers?: Answers } = {}): QualifiedNotificationInput => {
  const answers = overrides.answers ?? ADA;
  const playbook = aLabelledPlaybook();
  return {
    ...aQualifiedNotificationInput({ answers, fit: scoreFit(playbook, answers) }),
    lead: { leadId: 'lead_123', email: 'ada@example.com', source: { formId: 'demo-request', utmSource: 'linkedin' } },
    answers,
    forms: [aTalkToSalesForm(), aSpecForm()],
    playbook,
    askedOn: 'talk-to-sales',
    adminUrl: ADMIN_URL,
    ...overrides,
  };
};

describe('qualifiedNotification', () => {
  it('has a subject naming the lead by name and company, its grade and the label of its band', () => {
    // Prepare
    const input = aLabelledInput();

    // Act
    const content = qualifiedNotification(input);

    // Assess
    expect(content.subject).toBe('New MQL: Ada Lovelace, Analytical Engines (grade A, Warming up)');
    expect(content.slack.text).toBe(content.subject);
  });

  it.each(
    named<{ behaviour: string; answers: Answers; who: string }>([
      { behaviour: 'its email when it gave no name', answers: { email: 'ada@example.com', company: 'Analytical Engines' }, who: 'ada@example.com, Analytical Engines' },
      { behaviour: 'its full name when it gave one', answers: { name: 'Ada King', first_name: 'Ada' }, who: 'Ada King' },
      { behaviour: 'its first name alone', answers: { first_name: ' Ada ' }, who: 'Ada' },
    ]),
  )('names in the subject %s', (_, { answers, who }) => {
    // Prepare
    const input = aLabelledInput({ answers, fit: aLabelledInput().fit, lead: { leadId: 'lead_123' } });

    // Act
    const { subject } = qualifiedNotification(input);

    // Assess
    expect(subject).toBe(`New MQL: ${who} (grade A, Warming up)`);
  });

  it.each(['text', 'html', 'slack'] as const)('heads its %s with the name and company, then the email and phone', (channel) => {
    // Prepare
    const input = aLabelledInput();

    // Act
    const body = readable(qualifiedNotification(input))[channel];

    // Assess
    expect(body).toContain('Ada Lovelace, Analytical Engines');
    expect(body).toContain('ada@example.com · +44 20 7946 0018');
  });

  it('heads the email with the lead as its one h1, in a header landmark', () => {
    // Prepare
    const input = aLabelledInput();

    // Act
    const { html } = qualifiedNotification(input);

    // Assess
    expect(html.match(/<h1>.*<\/h1>/g)).toEqual(['<h1>Ada Lovelace, Analytical Engines</h1>']);
    expect(html.indexOf('<header>')).toBeLessThan(html.indexOf('<h1>'));
    expect(html.indexOf('<h1>')).toBeLessThan(html.indexOf('</header>'));
  });

  it.each(['text', 'html', 'slack'] as const)('names in its %s the grade and band by their labels, with whole-number points, the form and where the lead first came from', (channel) => {
    // Prepare
    const input = aLabelledInput({ handRaiser: false, lead: { leadId: 'lead_123', formTitle: 'See Winnow in action', source: { formId: 'demo-request', utmSource: 'linkedin' } } });

    // Act
    const body = readable(qualifiedNotification(input))[channel];

    // Assess
    for (const expected of ['Grade A (Ideal fit) · 12 points', 'Warming up · 19 points', 'See Winnow in action', 'See Winnow in action · utm_source: linkedin', 'lead_123']) {
      expect(body).toContain(expected);
    }
    expect(body).not.toContain('19.1');
  });

  it('says where the lead first came from by the form’s id when no form by that id is published, and without utm_source when it had none', () => {
    // Prepare
    const input = aLabelledInput({ lead: { leadId: 'lead_123', source: { formId: 'old-form' } } });

    // Act
    const { text } = qualifiedNotification(input);

    // Assess
    expect(text.split('\n')).toContain('First came through: old-form');
  });

  it.each(['text', 'html', 'slack'] as const)('lists in its %s every answer that earned fit points by the criterion’s label (else its question’s) and the option’s label, in whole points', (channel) => {
    // Prepare
    const input = aLabelledInput();

    // Act
    const body = readable(qualifiedNotification(input))[channel];

    // Assess
    for (const expected of ['Company size: Option 201+', 'Authority (BANT): I decide', 'When do you plan to buy?: Within 3 months', 'Budget (BANT): 60,000']) {
      expect(body).toContain(expected);
    }
    for (const id of ['company_size', 'decision_maker', 'authority', '(role)', '60000']) expect(body).not.toContain(id);
  });

  it.each(['text', 'html', 'slack'] as const)('lists in its %s every event type that earned interest points by its label (else its id in words), with its count and whole points', (channel) => {
    // Prepare
    const input = aLabelledInput();

    // Act
    const body = readable(qualifiedNotification(input))[channel];

    // Assess
    for (const expected of ['Pricing page views ×2', '+10', 'Webinar attended ×1', '+9']) expect(body).toContain(expected);
    expect(body).not.toContain('9.77');
  });

  it('prints the answers and events line by line in the text, points first', () => {
    // Prepare
    const input = aLabelledInput();

    // Act
    const { text } = qualifiedNotification(input);

    // Assess
    expect(text.split('\n')).toEqual(expect.arrayContaining(['  +3  Company size: Option 201+', '  +10  Pricing page views ×2', '  +9  Webinar attended ×1']));
  });

  it('names a criterion by its id in words when neither the playbook nor a form labels it', () => {
    // Prepare
    const criteria: Criterion[] = [{ id: 'tech_stack', field: 'stack', points: { '*': 2 } }];
    const input = aLabelledInput({ fit: scoreFit(aPlaybook({ fit: { criteria } }), { stack: 'node' }), playbook: aPlaybook({ fit: { criteria } }) });

    // Act
    const { text } = qualifiedNotification(input);

    // Assess
    expect(text).toContain('  +2  Tech stack: node');
  });

  it('leaves out criteria the lead has not answered', () => {
    // Prepare
    const input = aLabelledInput({ answers: { company_size: '201+', role: 'user' } });

    // Act
    const content = readable(qualifiedNotification(input));

    // Assess
    for (const body of Object.values(content)) {
      expect(body).not.toContain('When do you plan to buy?');
      expect(body).not.toContain('not answered');
    }
  });

  it('carries the admin page link and the signed accept, call and return links in every channel, Accept the one primary button', () => {
    // Prepare
    const links = { ...LINKS, attempt: 'https://winnow.example.com/v1/feedback/lead_123?decision=attempt&cycle=1&sig=ghi' };
    const input = aLabelledInput({ links });

    // Act
    const content = qualifiedNotification(input);

    // Assess
    expect(content.text).toContain(`Open in Winnow: ${ADMIN_URL}\nAccept: ${links.accept}\nLog a call: ${links.attempt}\nReturn to marketing: ${links.reject}`);
    const anchors = [...content.html.matchAll(/<a href="([^"]*)"( class="primary")?>([^<]*)<\/a>/g)].map(([, href, primary, label]) => ({ href, primary: Boolean(primary), label }));
    expect(anchors).toEqual([
      { href: ADMIN_URL, primary: false, label: 'Open in Winnow' },
      { href: links.accept.replaceAll('&', '&amp;'), primary: true, label: 'Accept' },
      { href: links.attempt.replaceAll('&', '&amp;'), primary: false, label: 'Log a call' },
      { href: links.reject.replaceAll('&', '&amp;'), primary: false, label: 'Return to marketing' },
    ]);
    expect(blockOf(content, 'actions')[0]?.elements).toEqual([
      { type: 'button', text: { type: 'plain_text', text: 'Open in Winnow' }, url: ADMIN_URL, action_id: 'open' },
      { type: 'button', text: { type: 'plain_text', text: 'Accept' }, url: links.accept, style: 'primary', action_id: 'accept' },
      { type: 'button', text: { type: 'plain_text', text: 'Log a call' }, url: links.attempt, action_id: 'attempt' },
      { type: 'button', text: { type: 'plain_text', text: 'Return to marketing' }, url: links.reject, action_id: 'reject' },
    ]);
  });

  it('lays the Slack message out as header, who, scores, answers, behaviour, buttons and footer', () => {
    // Prepare
    const input = aLabelledInput({ lead: { leadId: 'lead_123', formTitle: 'See Winnow in action' }, handRaiser: false, assignedTo: 'Ana Ruiz' });

    // Act
    const content = qualifiedNotification(input);

    // Assess
    expect(content.slack.blocks.map((block) => block.type)).toEqual(['header', 'section', 'section', 'section', 'section', 'actions', 'context']);
    expect(blockOf(content, 'section')[0]?.text?.text).toBe('*Ada Lovelace, Analytical Engines*\nada@example.com · +44 20 7946 0018');
    expect(blockOf(content, 'section')[1]?.fields?.map((field) => field.text)).toEqual([
      '*Fit*\nGrade A (Ideal fit) · 12 points',
      '*Interest*\nWarming up · 19 points',
      '*Form*\nSee Winnow in action',
      '*Assigned to*\nAna Ruiz',
    ]);
  });

  it('names the qualification cycle and the lead id in its footer', () => {
    // Prepare
    const input = aLabelledInput({ cycle: 3 });

    // Act
    const content = readable(qualifiedNotification(input));

    // Assess
    for (const body of Object.values(content)) expect(body).toContain('Qualification cycle 3. Accept to take the lead, or return it to marketing with a reason. Lead id: lead_123.');
  });

  describe('for a hand-raiser', () => {
    it('says in the subject that the lead asked to talk to sales', () => {
      // Prepare
      const input = aLabelledInput({ handRaiser: true, interest: aQualifiedNotificationInput({ events: [anEvent('form_submission')] }).interest });

      // Act
      const content = qualifiedNotification(input);

      // Assess
      expect(content.subject).toBe('Hand-raiser: Ada Lovelace, Analytical Engines asked to talk to sales (grade A, Cold)');
      expect(blockOf(content, 'header')[0]?.text.text).toBe(content.subject);
    });

    it.each(['text', 'html', 'slack'] as const)('shows in its %s what the lead asked on the form, its message first, every answer by its labels and none of who it is again', (channel) => {
      // Prepare
      const input = aLabelledInput({ handRaiser: true });

      // Act
      const body = readable(qualifiedNotification(input))[channel];

      // Assess
      const asked = body.slice(body.indexOf('What they asked'), body.indexOf(channel === 'text' ? 'Fit:' : channel === 'html' ? 'Why sales gets it' : '*Fit*'));
      expect(asked).toContain('Talk to sales');
      const order = ['What would you like to see?', 'We route 400 leads a week by hand.', 'Can you do it by region?', 'Company size', 'Option 201+', 'Call me back', 'Yes'].map((part) => asked.indexOf(part));
      expect(order.every((at, i) => at >= 0 && (i === 0 || at > (order[i - 1] as number)))).toBe(true);
      for (const shown of ['Ada', 'Analytical Engines', '+44 20', 'ada@example.com']) expect(asked).not.toContain(shown);
    });

    it('keeps a multi-line message indented under its question in the text', () => {
      // Prepare
      const input = aLabelledInput({ handRaiser: true });

      // Act
      const { text } = qualifiedNotification(input);

      // Assess
      expect(text).toContain('What they asked (on the form “Talk to sales”):\n  What would you like to see?\n    We route 400 leads a week by hand.\n    Can you do it by region?\n  Company size: Option 201+\n  Call me back: Yes\n');
    });

    it('says so when the lead wrote nothing on the form beyond who it is', () => {
      // Prepare
      const input = aLabelledInput({ handRaiser: true, answers: { email: 'ada@example.com', first_name: 'Ada' } });

      // Act
      const content = readable(qualifiedNotification(input));

      // Assess
      for (const body of Object.values(content)) expect(body).toContain('Nothing beyond who they are.');
    });

    it('names the form it raised its hand on by title when that form is no longer published', () => {
      // Prepare
      const input = aLabelledInput({ handRaiser: true, askedOn: 'gone', lead: { leadId: 'lead_123', formTitle: 'Talk to us' } });

      // Act
      const { text } = qualifiedNotification(input);

      // Assess
      expect(text).toContain('What they asked (on the form “Talk to us”):\n  Nothing beyond who they are.');
    });

    it('shows no “What they asked” when neither the form nor its title is known', () => {
      // Prepare
      const { forms: _forms, askedOn: _askedOn, ...input } = aLabelledInput({ handRaiser: true });

      // Act
      const content = readable(qualifiedNotification(input));

      // Assess
      for (const body of Object.values(content)) expect(body).not.toContain('What they asked');
      expect(content.text).toContain('First came through: demo-request · utm_source: linkedin');
    });

    it('shows the form’s title and nothing more when the lead’s answers are not at hand', () => {
      // Prepare
      const { answers: _answers, ...input } = aLabelledInput({ handRaiser: true });

      // Act
      const { text } = qualifiedNotification(input);

      // Assess
      expect(text).toContain('What they asked (on the form “Talk to sales”):\n  Nothing beyond who they are.');
    });

    it('shows no “What they asked” for a lead the grid qualified', () => {
      // Prepare
      const input = aLabelledInput({ handRaiser: false });

      // Act
      const content = readable(qualifiedNotification(input));

      // Assess
      for (const body of Object.values(content)) expect(body).not.toContain('What they asked');
    });

    it.each(['text', 'html', 'slack'] as const)('flags in its subject and %s that an MQL sales already had raised its hand, mentioning the lead’s rep', (channel) => {
      // Prepare
      const input = aLabelledInput({ handRaiser: true, alreadyMql: true, rep: { name: 'Ana Ruiz', slackUserId: 'U024BE7LH' } });

      // Act
      const content = qualifiedNotification(input);

      // Assess
      expect(content.subject).toBe('Hand-raiser, already an MQL: Ada Lovelace, Analytical Engines asked to talk to sales (grade A, Warming up)');
      expect(readable(content)[channel]).toContain('Sales was told of this MQL before; now it asks to talk to you.');
      expect(content.html).toContain('<span class="flag">Already an MQL</span>');
      expect(content.slack.text).toBe(`<@U024BE7LH> ${content.subject}`);
      expect(blockOf(content, 'section')[0]?.text?.text).toBe('<@U024BE7LH>');
    });
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

  it('HTML-escapes what the lead wrote, its name and the subject in the title', () => {
    // Prepare
    const answers = { email: 'ada@example.com', first_name: '<b>Ada</b>', message: '<img src=x onerror=alert(1)>' };
    const input = aLabelledInput({ handRaiser: true, answers });

    // Act
    const { html } = qualifiedNotification(input);

    // Assess
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('<title>Hand-raiser: &lt;b&gt;Ada&lt;/b&gt; asked to talk to sales');
    expect(html).toContain('<dd>&lt;img src=x onerror=alert(1)&gt;</dd>');
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
    const answers = blockOf(qualifiedNotification(input), 'section')[2]?.text?.text;

    // Assess
    expect(answers).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|click me&gt;');
    expect(answers).not.toContain('<!channel>');
  });

  it('escapes Slack control characters in the form title, the lead’s name and what it asked', () => {
    // Prepare
    const input = aLabelledInput({ handRaiser: true, answers: { first_name: '<!here>', message: '<@U0> & co' }, lead: { leadId: 'lead_123', formTitle: 'Q&A <webinar>' } });

    // Act
    // The header is plain_text, which Slack never parses; every other block is mrkdwn.
    const mrkdwn = (content: NotificationContent) => slackReadable(content.slack.blocks.filter((block) => block.type !== 'header'));
    const slack = [...mrkdwn(qualifiedNotification({ ...input, handRaiser: false })), ...mrkdwn(qualifiedNotification(input))].join('\n');

    // Assess
    expect(slack).toContain('*Form*\nQ&amp;A &lt;webinar&gt;');
    expect(slack).toContain('*&lt;!here&gt;*');
    expect(slack).toContain('&lt;@U0&gt; &amp; co');
    expect(slack).not.toMatch(/<!here>|<@U0>/);
    expect(qualifiedNotification(input).slack.text).toBe('Hand-raiser: &lt;!here&gt; asked to talk to sales (grade D, Warming up)');
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
    const prefix = 'New MQL: Lead lead_';
    const suffix = ' (grade A, Warm)';
    const input = aQualifiedNotificationInput({ lead: { leadId: `lead_${'y'.repeat(150 - prefix.length - suffix.length)}` } });

    // Act
    const content = qualifiedNotification(input);

    // Assess
    expect(content.subject).toHaveLength(150);
    expect(blockOf(content, 'header')[0]?.text.text).toBe(content.subject);
  });

  it('keeps a long list of answers, and a long message, within Slack’s 3000-character section limit', () => {
    // Prepare
    const criteria: Criterion[] = Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, field: `f${i}`, points: { '*': 1 } }));
    const answers = Object.fromEntries(criteria.map((criterion) => [criterion.field, 'z'.repeat(400)]));
    const input = aLabelledInput({ fit: scoreFit(aPlaybook({ fit: { criteria } }), answers), handRaiser: true, answers: { message: 'm'.repeat(5000) } });

    // Act
    const content = qualifiedNotification(input);
    const sections = blockOf(content, 'section').flatMap((block) => (block.text ? [block.text.text] : []));

    // Assess
    expect(sections.every((text) => text.length <= 3000)).toBe(true);
    expect(sections.filter((text) => text.endsWith('…'))).toHaveLength(2);
    expect(content.text).toContain(`C9: ${'z'.repeat(400)}`);
  });

  it('shows zero and negative points as they are, positive ones with a plus, all whole', () => {
    // Prepare
    const criteria: Criterion[] = [
      { id: 'authority', field: 'role', points: { user: 0 } },
      { id: 'competitor', field: 'industry', points: { competitor: -5 } },
      { id: 'fraction', field: 'budget', points: { '*': 0.4 } },
    ];
    const input = aQualifiedNotificationInput({ fit: scoreFit(aPlaybook({ fit: { criteria } }), { role: 'user', industry: 'competitor', budget: 1 }) });

    // Act
    const { text } = qualifiedNotification(input);

    // Assess
    expect(text).toContain('  0  Authority: user');
    expect(text).toContain('  -5  Competitor: competitor');
    expect(text).toContain('  0  Fraction: 1');
    expect(text).toContain('Grade D · -5 points');
  });

  it('lists a multiselect answer as its options’ labels, and marks a capped event type', () => {
    // Prepare
    const criteria: Criterion[] = [{ id: 'interests', field: 'topics', points: { sla: 2 } }];
    const input = aLabelledInput({
      fit: scoreFit(aPlaybook({ fit: { criteria } }), { topics: ['sla', 'routing'] }),
      forms: [aForm({ questions: [aQuestionInput('multiselect')] })],
      interest: aQualifiedNotificationInput({ events: eventsOf('page_view', 12) }).interest,
    });

    // Act
    const { text } = qualifiedNotification(input);

    // Assess
    expect(text).toContain('  +2  Topics: Option sla, Option routing');
    expect(text).toContain('  +10  Page view ×12 (capped)');
  });

  it.each(['text', 'html', 'slack'] as const)('says "(none yet)" in its %s when no answer or event earned points', (channel) => {
    // Prepare
    const input = aQualifiedNotificationInput({ answers: {}, events: [] });

    // Act
    const body = channels(qualifiedNotification(input))[channel];

    // Assess
    expect(body.split('(none yet)')).toHaveLength(3);
  });

  it('names a lead with no answers by its email, and one with no email by its id', () => {
    // Prepare
    const withEmail = aQualifiedNotificationInput();
    const withoutEmail = aQualifiedNotificationInput({ lead: { leadId: 'lead_123' } });

    // Act
    const [named_, anonymous] = [qualifiedNotification(withEmail), qualifiedNotification(withoutEmail)];

    // Assess
    expect(named_.subject).toBe('New MQL: ada@example.com (grade A, Warm)');
    expect(anonymous.subject).toBe('New MQL: Lead lead_123 (grade A, Warm)');
    expect(anonymous.text.split('\n')[2]).toBe('Lead lead_123');
    expect(anonymous.text).not.toContain('Form:');
    expect(anonymous.text).not.toContain('undefined');
  });

  it('is a whole HTML document in English, titled by its subject, for light and dark, with header, main and footer landmarks', () => {
    // Prepare
    const input = aLabelledInput();

    // Act
    const { html, subject } = qualifiedNotification(input);

    // Assess
    expect(html.startsWith('<!doctype html>\n<html lang="en">\n<head>')).toBe(true);
    expect(html).toContain(`<title>${subject}</title>`);
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toContain('@media (prefers-color-scheme: dark)');
    const order = ['<header>', '</header>', '<main>', '</main>', '<footer', '</footer>', '</html>'].map((tag) => html.indexOf(tag));
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > (order[i - 1] as number)))).toBe(true);
  });
});

describe('escalationNotification', () => {
  it.each(
    named([
      { behaviour: 'a lead with an email', lead: { leadId: 'lead_123', email: 'ada@example.com' }, who: 'ada@example.com' },
      { behaviour: 'a lead with no email', lead: { leadId: 'lead_123' }, who: 'Lead lead_123' },
    ]),
  )('tells the SLA contacts how long %s has waited for sales', (_, { lead, who }) => {
    // Prepare
    const input = anEscalationNotificationInput({ lead, hoursWaiting: 26 });

    // Act
    const content = escalationNotification(input);

    // Assess
    expect(content.subject).toBe(`SLA missed: ${who} has waited 26 h for sales (grade A, Warm)`);
  });

  it.each(['text', 'html', 'slack'] as const)('explains in its %s why the lead qualified and offers the same links', (channel) => {
    // Prepare
    const input = anEscalationNotificationInput({ cycle: 2 });

    // Act
    const content = escalationNotification(input);
    const body = readable(content)[channel];

    // Assess
    for (const expected of ['lead_123', 'Grade A · 12 points', 'Pricing view ×2', 'Qualification cycle 2. Nobody accepted or returned this MQL in time.']) {
      expect(body).toContain(expected);
    }
    expect(channel === 'html' ? content.html : body).toContain(channel === 'html' ? `href="${LINKS.accept.replaceAll('&', '&amp;')}"` : LINKS.accept);
  });
});

describe('the notices of a team’s reps', () => {
  const rep = { name: 'Ana Ruiz', slackUserId: 'U024BE7LH' };

  it('tells a rep a hand-raiser is theirs and by when to touch it, mentioning them in Slack', () => {
    // Prepare
    const input = { ...aLabelledInput({ handRaiser: true }), rep, pool: 'enterprise', dueAt: '2025-03-01T16:00:00.000Z' };

    // Act
    const content = assignedNotification(input);

    // Assess
    expect(content.subject).toBe('Hand-raiser assigned to you: Ada Lovelace, Analytical Engines (grade A, Warming up)');
    expect(content.text.split('\n')[0]).toBe('Ana Ruiz, hand-raiser assigned to you: Ada Lovelace, Analytical Engines (grade A, Warming up)');
    expect(content.text).toContain('Assigned to: Ana Ruiz (pool enterprise)');
    expect(content.text).toContain('by 2025-03-01 16:00 UTC, or it moves to the next rep.');
    expect(content.slack.text).toBe(`<@U024BE7LH> ${content.subject}`);
  });

  it('tells a rep a lead they sat on moved on, with no decision links but the admin page’s', () => {
    // Prepare
    const { links: _links, ...about } = aLabelledInput();
    const input = { ...about, rep: { name: 'Ana Ruiz' }, movedTo: 'Ben Okafor' };

    // Act
    const content = movedNotification(input);

    // Assess
    expect(content.subject).toBe('Moved on: Ada Lovelace, Analytical Engines is now with Ben Okafor (the response time passed)');
    expect(blockOf(content, 'actions')[0]?.elements.map((button) => button.action_id)).toEqual(['open']);
    expect(content.text).not.toContain('Accept:');
  });

  it('tells a rep a lead the grid qualified is theirs, with no deadline when the playbook has none', () => {
    // Prepare
    const input = { ...aLabelledInput({ handRaiser: false }), rep: { name: 'Ben Okafor' }, pool: 'mid' };

    // Act
    const content = assignedNotification(input);

    // Assess
    expect(content.subject).toBe('Assigned to you: Ada Lovelace, Analytical Engines (grade A, Warming up)');
    expect(content.text).toContain('\nQualification cycle 1. Lead id: lead_123.');
    expect(content.slack.text).toBe(content.subject);
  });

  it('tells a rep a lead moved on though nobody could take it, with no buttons at all when there is no admin link either', () => {
    // Prepare
    const { links: _links, adminUrl: _adminUrl, ...about } = aLabelledInput();

    // Act
    const content = movedNotification({ ...about, rep: { name: 'Ana Ruiz' } });

    // Assess
    expect(content.subject).toBe('Moved on: Ada Lovelace, Analytical Engines is waiting for another rep (the response time passed)');
    expect(blockOf(content, 'actions')).toEqual([]);
    expect(content.html).not.toContain('class="actions"');
    expect(content.text).not.toContain('Open in Winnow');
  });

  it('tells the fallback that nobody can take a lead no assign rule placed in a pool', () => {
    // Prepare
    const input = aLabelledInput();

    // Act
    const content = unassignedNotification(input);

    // Assess
    expect(content.subject).toBe('Nobody to assign: Ada Lovelace, Analytical Engines waits (grade A, Warming up)');
  });

  it('tells the fallback that nobody in the pool can take the lead', () => {
    // Prepare
    const input = { ...aLabelledInput(), pool: 'emea' };

    // Act
    const content = unassignedNotification(input);

    // Assess
    expect(content.subject).toBe('Nobody to assign: Ada Lovelace, Analytical Engines waits in pool emea (grade A, Warming up)');
  });
});

describe('identityOf', () => {
  it.each(
    named<{ behaviour: string; answers: Answers; identity: LeadIdentity }>([
      { behaviour: 'joins first and last name', answers: { first_name: 'Ada', last_name: 'Lovelace' }, identity: { name: 'Ada Lovelace' } },
      { behaviour: 'prefers a full name field', answers: { full_name: 'Ada King', first_name: 'Ada' }, identity: { name: 'Ada King' } },
      { behaviour: 'reads the company under its usual names', answers: { company_name: 'Acme' }, identity: { company: 'Acme' } },
      { behaviour: 'takes the phone from a field named phone', answers: { phone: '+1 555 0100' }, identity: { phone: '+1 555 0100' } },
      { behaviour: 'ignores blank and non-text answers', answers: { first_name: '  ', company: 42, phone: true }, identity: {} },
      { behaviour: 'keeps the email', answers: { email: 'ada@example.com' }, identity: { email: 'ada@example.com' } },
    ]),
  )('%s', (_, { answers, identity }) => {
    // Act
    const found = identityOf(answers);

    // Assess
    expect(found).toEqual(identity);
  });

  it('takes the phone from a question the forms ask as a telephone number, whatever its id', () => {
    // Prepare
    const forms = [aForm({ questions: [aQuestionInput('tel', { id: 'direct_line', label: 'Direct line' })] })];

    // Act
    const found = identityOf({ direct_line: '+1 555 0199', phone: '+1 555 0100' }, forms);

    // Assess
    expect(found).toEqual({ phone: '+1 555 0199' });
  });

  it('heads a lead by name and company, else email, else id', () => {
    // Act
    const headings = [leadHeading({ name: 'Ada', company: 'Acme', email: 'a@x.example' }, 'l1'), leadHeading({ email: 'a@x.example' }, 'l1'), leadHeading({ company: 'Acme' }, 'l1')];

    // Assess
    expect(headings).toEqual(['Ada, Acme', 'a@x.example', 'Lead l1, Acme']);
  });
});

describe('answerLabel', () => {
  it.each(
    named([
      { behaviour: 'names a select answer by its option’s label', answer: '201+', label: 'Option 201+' },
      { behaviour: 'keeps a value that is no option as it is', answer: 'other', label: 'other' },
      { behaviour: 'joins a multiselect answer’s labels', answer: ['1-10', '201+'], label: 'Option 1-10, Option 201+' },
      { behaviour: 'reads a checkbox as yes', answer: true, label: 'Yes' },
      { behaviour: 'reads an unchecked box as no', answer: false, label: 'No' },
      { behaviour: 'groups a number’s thousands', answer: 1234567.891, label: '1,234,567.89' },
    ]),
  )('%s', (_, { answer, label }) => {
    // Prepare
    const question = aQuestion('select', { options: COMPANY_SIZES.map((value) => ({ value, label: `Option ${value}` })) });

    // Act
    const read = answerLabel(question, answer);

    // Assess
    expect(read).toBe(label);
  });

  it('keeps an answer as it is when no form asks its question', () => {
    // Act
    const read = answerLabel(undefined, 'decision_maker');

    // Assess
    expect(read).toBe('decision_maker');
  });
});

describe('noticeWaits: a hand-raiser’s notice goes out when its form is answered to the end, or once the lead has been quiet for the grace period', () => {
  const lastStepAt = NOW.toISOString();
  const at = (ms: number) => new Date(NOW.getTime() + ms);
  const handRaiser = aLifecycle({ stage: 'MQL', handRaiser: true });
  const notify = (hand: boolean): Effect => ({ kind: 'notify', cycle: 1, handRaiser: hand });

  it.each(
    named([
      { behaviour: 'waits right after a step that leaves questions to ask', effect: notify(true), now: at(0), finished: undefined, waits: true },
      { behaviour: 'waits until a moment before the grace period ends', effect: notify(true), now: at(HAND_RAISE_GRACE_MS - 1), finished: undefined, waits: true },
      { behaviour: 'goes out once the lead has been quiet for the grace period', effect: notify(true), now: at(HAND_RAISE_GRACE_MS), finished: undefined, waits: false },
      { behaviour: 'goes out at once when the job answered the hand-raiser form’s last step', effect: notify(true), now: at(0), finished: { handRaiser: true }, waits: false },
      { behaviour: 'still waits when the last step answered was another form’s', effect: notify(true), now: at(0), finished: { handRaiser: false }, waits: true },
      { behaviour: 'never holds a notice the grid asked for', effect: notify(false), now: at(0), finished: undefined, waits: false },
      { behaviour: 'holds the rep’s first notice of a hand-raiser alike', effect: { kind: 'notify_rep', cycle: 1, round: 0 } as Effect, now: at(0), finished: undefined, waits: true },
      { behaviour: 'never holds a later rep’s notice (the lead moved on)', effect: { kind: 'notify_rep', cycle: 1, round: 1 } as Effect, now: at(0), finished: undefined, waits: false },
      { behaviour: 'never holds an escalation', effect: { kind: 'escalate', cycle: 1 } as Effect, now: at(0), finished: undefined, waits: false },
    ]),
  )('%s', (_, { effect, now, finished, waits }) => {
    // Act
    const held = noticeWaits(handRaiser, effect, { now, lastStepAt, finished });

    // Assess
    expect(held).toBe(waits);
  });

  it('never holds the rep’s notice of a lead the grid qualified', () => {
    // Act
    const held = noticeWaits(aLifecycle({ stage: 'MQL' }), { kind: 'notify_rep', cycle: 1, round: 0 }, { now: NOW, lastStepAt });

    // Assess
    expect(held).toBe(false);
  });

  it('waits ten minutes', () => {
    // Assess
    expect(HAND_RAISE_GRACE_MS).toBe(10 * 60_000);
  });
});
