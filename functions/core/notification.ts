import { escapeHtml } from './html.js';
import type { Fit, FitReason } from './fit.js';
import type { Form, Question } from './form.js';
import type { Interest } from './interest.js';
import type { Effect, Lifecycle } from './lifecycle.js';
import { EMAIL_FIELD, emailOf, isAnswered, own, type Answer, type Answers } from './lead.js';
import { bandLabel, eventLabel, gradeLabel, humanize, type Playbook } from './playbook.js';

export interface NotificationLead {
  leadId: string;
  email?: string;
  /** The form that made the lead qualify, when one did. */
  formTitle?: string;
  /** First touch: the form and utm_source of the lead's first submission. */
  source?: { formId: string; utmSource?: string };
}

/** What every notice says about its lead: who, how good, why, and where sales reads more. */
export interface NoticeAbout {
  lead: NotificationLead;
  fit: Fit;
  interest: Interest;
  cycle: number;
  handRaiser: boolean;
  /** Everything the lead answered: its name, company and phone, and what it asked for. */
  answers?: Answers;
  /** The published forms: their question and option labels name the answers. */
  forms?: readonly Form[];
  /** The playbook that scored the lead: its labels name criteria, events, grades and bands. */
  playbook?: Pick<Playbook, 'fit' | 'labels'>;
  /** The form a hand-raiser raised its hand on (by id): its notice lists what it wrote there. */
  askedOn?: string;
  /** The lead on the admin page ("open in Winnow"). */
  adminUrl?: string;
}

export interface QualifiedNotificationInput extends NoticeAbout {
  /** Signed one-click links; this module only prints them. */
  links: NotificationLinks;
  /** The rep the lead is assigned to, when a team is. */
  assignedTo?: string;
  /** A lead sales already had as an MQL raised its hand: the cycle's second notice, flagged as such. */
  alreadyMql?: boolean;
  /** The lead's rep, mentioned in Slack when the notice is theirs too (an MQL's raised hand). */
  rep?: NotifiedRep;
}

export interface NotificationLinks {
  accept: string;
  reject: string;
  /** "Log a call": a follow-up attempt, which a return may need first. */
  attempt?: string;
}

/** A rep, as a notification names them. */
export interface NotifiedRep {
  name: string;
  slackUserId?: string;
}

export interface AssignedNotificationInput extends QualifiedNotificationInput {
  rep: NotifiedRep;
  pool: string;
  /** When the rep must have touched the lead (ISO 8601), if the playbook has an SLA. */
  dueAt?: string;
}

export interface MovedNotificationInput extends Omit<QualifiedNotificationInput, 'links'> {
  rep: NotifiedRep;
  /** Who has it now; absent when nobody could take it. */
  movedTo?: string;
}

export interface UnassignedNotificationInput extends QualifiedNotificationInput {
  pool?: string;
}

export interface EscalationNotificationInput extends QualifiedNotificationInput {
  hoursWaiting: number;
}

/** Block Kit is an open-ended JSON format; these are the blocks Winnow sends. */
export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string } }
  | { type: 'section'; text?: { type: 'mrkdwn'; text: string }; fields?: { type: 'mrkdwn'; text: string }[] }
  | { type: 'context'; elements: { type: 'mrkdwn'; text: string }[] }
  | {
      type: 'actions';
      elements: { type: 'button'; text: { type: 'plain_text'; text: string }; url: string; style?: 'primary' | 'danger'; action_id: string }[];
    };

export interface NotificationContent {
  subject: string;
  text: string;
  html: string;
  slack: { text: string; blocks: SlackBlock[] };
}

// Slack caps a section's text at 3000 characters, a field at 2000 and a header at 150.
const SLACK_SECTION_MAX = 3000;
const SLACK_FIELD_MAX = 2000;
const SLACK_HEADER_MAX = 150;

/**
 * How long a hand-raiser's notice waits for the rest of its form once the lead stops answering:
 * long enough to answer a step or two, short enough that sales still calls while it is warm.
 */
export const HAND_RAISE_GRACE_MS = 10 * 60_000;

/** What decides whether a notice may go out yet. */
export interface NoticeTiming {
  now: Date;
  /** When the lead last answered a step (its profile's `updatedAt`). */
  lastStepAt: string;
  /** The form whose last step the job being carried out answered, if it did. */
  finished?: Pick<Form, 'handRaiser'> | undefined;
}

/**
 * A hand-raiser's notice waits until its form is answered to the end, so sales reads what the
 * lead asked for, or until the lead has answered nothing for HAND_RAISE_GRACE_MS: never before.
 * The team's notice and its rep's first notice wait alike; every other notice goes at once.
 */
export const noticeWaits = (lifecycle: Pick<Lifecycle, 'handRaiser'>, effect: Effect, { now, lastStepAt, finished }: NoticeTiming): boolean => {
  const handRaise = effect.kind === 'notify' ? effect.handRaiser : effect.kind === 'notify_rep' && effect.round === 0 && lifecycle.handRaiser;
  return handRaise && !finished?.handRaiser && now.getTime() < Date.parse(lastStepAt) + HAND_RAISE_GRACE_MS;
};

/* Who the lead is. */

// Forms name these fields so by convention (the SPEC has no "name" field): what sales reads first.
const NAME_FIELDS = ['name', 'full_name'];
const FIRST_NAME_FIELD = 'first_name';
const LAST_NAME_FIELD = 'last_name';
const COMPANY_FIELDS = ['company', 'company_name', 'organization'];
const PHONE_FIELD = 'phone';

export interface LeadIdentity {
  name?: string;
  company?: string;
  email?: string;
  phone?: string;
}

const textOf = (answers: Answers, field: string): string | undefined => {
  const answer = own(answers, field);
  return typeof answer === 'string' && answer.trim() !== '' ? answer.trim() : undefined;
};

const firstText = (answers: Answers, fields: readonly string[]): string | undefined => fields.map((field) => textOf(answers, field)).find((found) => found !== undefined);

/** The fields a form asks as telephone numbers, then the conventional `phone`. */
const phoneFields = (forms: readonly Form[]): string[] => [...forms.flatMap((form) => form.questions.filter((q) => q.type === 'tel').map((q) => q.id)), PHONE_FIELD];

/** Name, company, email and phone from the lead's answers: what sales needs to call. */
export const identityOf = (answers: Answers, forms: readonly Form[] = []): LeadIdentity => {
  const parts = [textOf(answers, FIRST_NAME_FIELD), textOf(answers, LAST_NAME_FIELD)].filter((part) => part !== undefined);
  const name = firstText(answers, NAME_FIELDS) ?? (parts.length ? parts.join(' ') : undefined);
  const company = firstText(answers, COMPANY_FIELDS);
  const email = emailOf(answers);
  const phone = firstText(answers, phoneFields(forms));
  return { ...(name ? { name } : {}), ...(company ? { company } : {}), ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
};

/** How people name the lead: "Ada Lovelace, Acme", else its email (and company), else its id. */
export const leadHeading = (identity: LeadIdentity, leadId: string): string =>
  [identity.name ?? identity.email ?? `Lead ${leadId}`, identity.company].filter((part) => part !== undefined).join(', ');

/** The fields the heading and contact line show already, so a list of answers does not repeat them. */
const identityFields = (forms: readonly Form[]): Set<string> =>
  new Set([EMAIL_FIELD, ...NAME_FIELDS, FIRST_NAME_FIELD, LAST_NAME_FIELD, ...COMPANY_FIELDS, ...phoneFields(forms)]);

/* Labels: people read the form's and the playbook's words, never ids. */

/**
 * Built on first use: a process's first Intl formatter loads ICU's locale data (about 30 ms),
 * which every function importing this module would otherwise pay at init, numbers or not.
 */
let numberFormat: Intl.NumberFormat | undefined;
const formatNumber = (n: number): string => (numberFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 })).format(n);

/** The question a field is, on the first form that asks it: fields are shared, and so are their labels. */
const questionOf = (forms: readonly Form[], field: string): Question | undefined => {
  for (const form of forms) {
    const question = form.questions.find((q) => q.id === field);
    if (question) return question;
  }
  return undefined;
};

/** An answer as its question's options name it; a number grouped, a checkbox as yes or no. */
export const answerLabel = (question: Question | undefined, answer: Answer): string => {
  const option = (value: string): string => (question && 'options' in question ? (question.options.find((o) => o.value === value)?.label ?? value) : value);
  if (Array.isArray(answer)) return answer.map(option).join(', ');
  if (typeof answer === 'boolean') return answer ? 'Yes' : 'No';
  if (typeof answer === 'number') return formatNumber(answer);
  return option(answer);
};

/** Scores are read at a glance: whole numbers. */
const whole = (points: number): number => Math.round(points) || 0;

const formatPoints = (points: number): string => (whole(points) > 0 ? `+${whole(points)}` : String(whole(points)));

const pointsWord = (points: number): string => `${whole(points)} ${Math.abs(whole(points)) === 1 ? 'point' : 'points'}`;

const criterionLabel = (about: NoticeAbout, reason: FitReason): string =>
  about.playbook?.fit.criteria.find((criterion) => criterion.id === reason.criterion)?.label ?? questionOf(about.forms ?? [], reason.field)?.label ?? humanize(reason.criterion);

const bandOf = (about: NoticeAbout): string => bandLabel(about.playbook ?? {}, about.interest.band);

/** "grade A, Warm": a subject's short form of the scores. */
const gradesOf = (about: NoticeAbout): string => `grade ${about.fit.grade}, ${bandOf(about)}`;

interface Reason {
  text: string;
  points: string;
}

/** The reasons behind the scores, in the order they earned points: what sales reads first. */
const reasons = (about: NoticeAbout): { answers: Reason[]; events: Reason[] } => ({
  answers: about.fit.breakdown.flatMap((r) =>
    r.answer === null ? [] : [{ text: `${criterionLabel(about, r)}: ${answerLabel(questionOf(about.forms ?? [], r.field), r.answer)}`, points: formatPoints(r.points) }],
  ),
  events: about.interest.breakdown.map((r) => ({
    text: `${eventLabel(about.playbook ?? {}, r.type)} ×${r.count}${r.capped ? ' (capped)' : ''}`,
    points: formatPoints(r.points),
  })),
});

interface Asked {
  /** The form's title. */
  on: string;
  /** Question label and answer, long answers (a message) first, then in form order. */
  items: { question: string; answer: string; long: boolean }[];
}

/** What a hand-raiser wrote on the form it raised its hand on, beyond who it is. */
const askedOf = (about: NoticeAbout): Asked | undefined => {
  const forms = about.forms ?? [];
  const form = forms.find((f) => f.id === about.askedOn);
  if (!form) return about.lead.formTitle ? { on: about.lead.formTitle, items: [] } : undefined;
  const answers = about.answers ?? {};
  const shown = identityFields(forms);
  const items = form.questions.flatMap((q) => {
    const answer = own(answers, q.id);
    if (shown.has(q.id) || answer === undefined || !isAnswered(answers, q.id)) return [];
    return [{ question: q.label, answer: answerLabel(q, answer), long: q.type === 'textarea' }];
  });
  return { on: form.title, items: [...items.filter((item) => item.long), ...items.filter((item) => !item.long)] };
};

/** First touch, as people read it: the form's title and the campaign that brought the lead. */
const sourceOf = (about: NoticeAbout): string | undefined => {
  const { source } = about.lead;
  if (!source) return undefined;
  const title = (about.forms ?? []).find((form) => form.id === source.formId)?.title ?? source.formId;
  return `${title}${source.utmSource ? ` · utm_source: ${source.utmSource}` : ''}`;
};

/* Rendering: one view, three channels. */

/** Slack's mrkdwn treats &, < and > as control characters. */
const escapeSlack = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const truncate = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

interface Layout {
  subject: string;
  /** The line above the lead's name: what happened. */
  headline: string;
  about: NoticeAbout;
  /** None on a notice that asks for no decision. */
  links?: NotificationLinks | undefined;
  footer: string;
  assignedTo?: string | undefined;
  /** Slack members to mention above the message (a rep's own notice). */
  mention?: string | undefined;
  /** A word the email shows beside the headline, where the eye lands first. */
  flag?: string | undefined;
}

interface View {
  heading: string;
  contact: string[];
  asked?: Asked | undefined;
  facts: (readonly [string, string])[];
  answers: Reason[];
  events: Reason[];
  footer: string;
}

const viewOf = ({ about, assignedTo, footer }: Layout): View => {
  const forms = about.forms ?? [];
  const identity = identityOf(about.answers ?? {}, forms);
  const email = identity.email ?? about.lead.email;
  const grade = gradeLabel(about.playbook ?? {}, about.fit.grade);
  const source = sourceOf(about);
  const asked = about.handRaiser ? askedOf(about) : undefined;
  const formTitle = asked ? undefined : about.lead.formTitle;
  return {
    heading: leadHeading({ ...identity, ...(email ? { email } : {}) }, about.lead.leadId),
    // Without a name the heading is the email already.
    contact: [identity.name ? email : undefined, identity.phone].filter((part) => part !== undefined),
    asked,
    facts: [
      ['Fit', `Grade ${about.fit.grade}${grade ? ` (${grade})` : ''} · ${pointsWord(about.fit.points)}`],
      ['Interest', `${bandOf(about)} · ${pointsWord(about.interest.score)}`],
      ...(formTitle ? [['Form', formTitle] as const] : []),
      ...(source ? [['First came through', source] as const] : []),
      ...(assignedTo ? [['Assigned to', assignedTo] as const] : []),
    ],
    ...reasons(about),
    footer: `${footer} Lead id: ${about.lead.leadId}.`,
  };
};

const ANSWERS_TITLE = 'Answers that earned fit points';
const EVENTS_TITLE = 'Behaviour that earned interest points';
const ASKED_TITLE = 'What they asked';
const WHY_TITLE = 'Why sales gets it';
const NONE_YET = '(none yet)';
const NOTHING_MORE = 'Nothing beyond who they are.';

const linkList = (links: NotificationLinks | undefined, adminUrl: string | undefined): { label: string; url: string; id: string; primary?: boolean }[] => [
  ...(adminUrl ? [{ label: 'Open in Winnow', url: adminUrl, id: 'open' }] : []),
  ...(links
    ? [
        { label: 'Accept', url: links.accept, id: 'accept', primary: true },
        ...(links.attempt ? [{ label: 'Log a call', url: links.attempt, id: 'attempt' }] : []),
        { label: 'Return to marketing', url: links.reject, id: 'reject' },
      ]
    : []),
];

const asText = (layout: Layout, view: View): string =>
  [
    layout.headline,
    '',
    view.heading,
    ...(view.contact.length ? [view.contact.join(' · ')] : []),
    '',
    ...(view.asked
      ? [
          `${ASKED_TITLE} (on the form “${view.asked.on}”):`,
          ...(view.asked.items.length
            ? view.asked.items.map((item) => (item.long ? `  ${item.question}\n    ${item.answer.replace(/\n/g, '\n    ')}` : `  ${item.question}: ${item.answer}`))
            : [`  ${NOTHING_MORE}`]),
          '',
        ]
      : []),
    ...view.facts.map(([k, v]) => `${k}: ${v}`),
    '',
    `${ANSWERS_TITLE}:`,
    ...(view.answers.length ? view.answers.map((r) => `  ${r.points}  ${r.text}`) : [`  ${NONE_YET}`]),
    '',
    `${EVENTS_TITLE}:`,
    ...(view.events.length ? view.events.map((r) => `  ${r.points}  ${r.text}`) : [`  ${NONE_YET}`]),
    '',
    ...linkList(layout.links, layout.about.adminUrl).map((link) => `${link.label}: ${link.url}`),
    '',
    view.footer,
  ].join('\n');

/*
 * The email's own style. Colours live in classes, not inline, so the dark scheme can change them;
 * a client that drops <style> shows its own default colours, which are readable either way.
 * Every pair meets WCAG AA (4.5:1) in both schemes.
 */
const EMAIL_STYLE = `
  :root { color-scheme: light dark; supported-color-schemes: light dark; }
  body { margin: 0; padding: 24px 12px; background: #f6f8fa; color: #1f2328; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  .card { max-width: 40rem; margin: 0 auto; padding: 24px; border: 1px solid #d1d9e0; border-radius: 8px; background: #ffffff; }
  .kicker { margin: 0 0 4px; font-size: 14px; color: #59636e; }
  .flag { display: inline-block; margin-right: 6px; padding: 0 6px; border-radius: 4px; background: #fff8c5; color: #3b2300; font-weight: 600; }
  h1 { margin: 0; font-size: 24px; line-height: 1.25; overflow-wrap: anywhere; }
  h2 { margin: 24px 0 8px; font-size: 18px; }
  h3 { margin: 16px 0 4px; font-size: 16px; }
  p, dl, ul { margin: 0 0 8px; }
  .muted { color: #59636e; }
  dt { font-weight: 600; }
  dd { margin: 0 0 8px; white-space: pre-line; overflow-wrap: anywhere; }
  table.facts { border-collapse: collapse; }
  table.facts th { padding: 2px 16px 2px 0; text-align: left; vertical-align: top; font-weight: 600; }
  table.facts td { padding: 2px 0; overflow-wrap: anywhere; }
  ul.reasons { padding: 0; list-style: none; }
  ul.reasons li { padding-left: 3.25em; text-indent: -3.25em; overflow-wrap: anywhere; }
  .points { display: inline-block; min-width: 3em; text-indent: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
  a { color: #0969da; }
  .actions { margin-top: 24px; }
  .actions a { display: inline-block; margin: 0 8px 8px 0; padding: 10px 16px; border: 1px solid #d1d9e0; border-radius: 6px; font-weight: 600; text-decoration: none; }
  .actions a.primary { border-color: #1a7f37; background: #1a7f37; color: #ffffff; }
  footer { margin-top: 16px; font-size: 14px; }
  @media (prefers-color-scheme: dark) {
    body { background: #0d1117; color: #f0f6fc; }
    .card { border-color: #3d444d; background: #151b23; }
    .kicker, .muted { color: #9198a1; }
    .flag { background: #3b2f0c; color: #f2cc60; }
    a { color: #4493f8; }
    .actions a { border-color: #3d444d; }
    .actions a.primary { border-color: #1a7f37; background: #1a7f37; color: #ffffff; }
  }
`;

const asHtml = (layout: Layout, view: View): string => {
  const e = escapeHtml;
  const reasonList = (items: Reason[]) =>
    items.length
      ? `<ul class="reasons">${items.map((r) => `<li><span class="points">${e(r.points)}</span> ${e(r.text)}</li>`).join('')}</ul>`
      : `<p class="muted">${NONE_YET}</p>`;
  const links = linkList(layout.links, layout.about.adminUrl);
  const flagged = layout.flag ? `<span class="flag">${e(layout.flag)}</span>` : '';
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    '<meta name="supported-color-schemes" content="light dark">',
    `<title>${e(layout.subject)}</title>`,
    `<style>${EMAIL_STYLE}</style>`,
    '</head>',
    '<body>',
    '<div class="card">',
    '<header>',
    `<p class="kicker">${flagged}${e(layout.headline)}</p>`,
    `<h1>${e(view.heading)}</h1>`,
    ...(view.contact.length ? [`<p class="muted">${view.contact.map(e).join(' · ')}</p>`] : []),
    '</header>',
    '<main>',
    ...(view.asked
      ? [
          `<h2>${ASKED_TITLE}</h2>`,
          `<p class="muted">On the form “${e(view.asked.on)}”</p>`,
          view.asked.items.length ? `<dl>${view.asked.items.map((item) => `<dt>${e(item.question)}</dt><dd>${e(item.answer)}</dd>`).join('')}</dl>` : `<p>${NOTHING_MORE}</p>`,
        ]
      : []),
    `<h2>${WHY_TITLE}</h2>`,
    `<table class="facts">${view.facts.map(([k, v]) => `<tr><th scope="row">${e(k)}</th><td>${e(v)}</td></tr>`).join('')}</table>`,
    `<h3>${ANSWERS_TITLE}</h3>`,
    reasonList(view.answers),
    `<h3>${EVENTS_TITLE}</h3>`,
    reasonList(view.events),
    ...(links.length
      ? [`<p class="actions">${links.map((link) => `<a href="${e(link.url)}"${link.primary ? ' class="primary"' : ''}>${e(link.label)}</a>`).join('\n')}</p>`]
      : []),
    '</main>',
    `<footer class="muted">${e(view.footer)}</footer>`,
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
};

const asSlack = (layout: Layout, view: View): { text: string; blocks: SlackBlock[] } => {
  const { subject, mention } = layout;
  const list = (items: Reason[]) =>
    truncate(items.length ? items.map((r) => `• \`${r.points}\` ${escapeSlack(r.text)}`).join('\n') : NONE_YET, SLACK_SECTION_MAX - 40);
  const who = [`*${escapeSlack(view.heading)}*`, ...(view.contact.length ? [escapeSlack(view.contact.join(' · '))] : [])].join('\n');
  const asked = view.asked
    ? truncate(
        `*${ASKED_TITLE}* (on the form “${escapeSlack(view.asked.on)}”)\n${view.asked.items.length ? view.asked.items.map((item) => `*${escapeSlack(item.question)}*\n${escapeSlack(item.answer)}`).join('\n') : NOTHING_MORE}`,
        SLACK_SECTION_MAX,
      )
    : undefined;
  const links = linkList(layout.links, layout.about.adminUrl);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(layout.headline, SLACK_HEADER_MAX) } },
    ...(mention ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: mention } }] : []),
    { type: 'section', text: { type: 'mrkdwn', text: truncate(who, SLACK_SECTION_MAX) } },
    ...(asked ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: asked } }] : []),
    { type: 'section', fields: view.facts.map(([k, v]) => ({ type: 'mrkdwn' as const, text: truncate(`*${k}*\n${escapeSlack(v)}`, SLACK_FIELD_MAX) })) },
    { type: 'section', text: { type: 'mrkdwn', text: `*${ANSWERS_TITLE}*\n${list(view.answers)}` } },
    { type: 'section', text: { type: 'mrkdwn', text: `*${EVENTS_TITLE}*\n${list(view.events)}` } },
    ...(links.length
      ? [
          {
            type: 'actions' as const,
            elements: links.map((link) => ({
              type: 'button' as const,
              text: { type: 'plain_text' as const, text: link.label },
              url: link.url,
              ...(link.primary ? { style: 'primary' as const } : {}),
              action_id: link.id,
            })),
          },
        ]
      : []),
    { type: 'context', elements: [{ type: 'mrkdwn', text: escapeSlack(view.footer) }] },
  ];
  // The fallback text is mrkdwn too: a name a lead typed must not ping @here.
  return { text: mention ? `${mention} ${escapeSlack(subject)}` : escapeSlack(subject), blocks };
};

const render = (layout: Layout): NotificationContent => {
  const view = viewOf(layout);
  return { subject: layout.subject, text: asText(layout, view), html: asHtml(layout, view), slack: asSlack(layout, view) };
};

/** How a subject names the lead: its heading, from the same answers. */
const whoOf = (about: NoticeAbout): string => {
  const identity = identityOf(about.answers ?? {}, about.forms ?? []);
  const email = identity.email ?? about.lead.email;
  return leadHeading({ ...identity, ...(email ? { email } : {}) }, about.lead.leadId);
};

/** What sales receives when a lead becomes theirs, or an MQL of theirs raises its hand: who, how good, and why. */
export const qualifiedNotification = (input: QualifiedNotificationInput): NotificationContent => {
  const who = whoOf(input);
  const subject = input.alreadyMql
    ? `Hand-raiser, already an MQL: ${who} asked to talk to sales (${gradesOf(input)})`
    : input.handRaiser
      ? `Hand-raiser: ${who} asked to talk to sales (${gradesOf(input)})`
      : `New MQL: ${who} (${gradesOf(input)})`;
  return render({
    about: input,
    links: input.links,
    assignedTo: input.assignedTo,
    subject,
    headline: subject,
    flag: input.alreadyMql ? 'Already an MQL' : undefined,
    mention: input.rep ? mentionOf(input.rep) : undefined,
    footer: input.alreadyMql
      ? `Qualification cycle ${input.cycle}. Sales was told of this MQL before; now it asks to talk to you.`
      : `Qualification cycle ${input.cycle}. Accept to take the lead, or return it to marketing with a reason.`,
  });
};

/** What the SLA's escalation contacts receive when sales let an MQL wait too long. */
export const escalationNotification = (input: EscalationNotificationInput): NotificationContent => {
  const subject = `SLA missed: ${whoOf(input)} has waited ${input.hoursWaiting} h for sales (${gradesOf(input)})`;
  return render({
    about: input,
    links: input.links,
    assignedTo: input.assignedTo,
    subject,
    headline: subject,
    footer: `Qualification cycle ${input.cycle}. Nobody accepted or returned this MQL in time.`,
  });
};

/** Slack's mention syntax: the member is pinged, whatever their display name is today. */
const mentionOf = (rep: NotifiedRep): string | undefined => (rep.slackUserId ? `<@${rep.slackUserId}>` : undefined);

/** What a rep receives when a lead is assigned to them: the lead, why, and by when to act. */
export const assignedNotification = (input: AssignedNotificationInput): NotificationContent => {
  const subject = `${input.handRaiser ? 'Hand-raiser assigned to you' : 'Assigned to you'}: ${whoOf(input)} (${gradesOf(input)})`;
  const due = input.dueAt ? ` Touch it (accept, log a call, or return it) by ${input.dueAt.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC')}, or it moves to the next rep.` : '';
  return render({
    about: input,
    links: input.links,
    subject,
    headline: `${input.rep.name}, ${subject.charAt(0).toLowerCase()}${subject.slice(1)}`,
    assignedTo: `${input.rep.name} (pool ${input.pool})`,
    mention: mentionOf(input.rep),
    footer: `Qualification cycle ${input.cycle}.${due}`,
  });
};

/** What a rep receives when a lead they sat on moves to someone else. */
export const movedNotification = (input: MovedNotificationInput): NotificationContent => {
  const subject = `Moved on: ${whoOf(input)} ${input.movedTo ? `is now with ${input.movedTo}` : 'is waiting for another rep'} (the response time passed)`;
  return render({
    about: input,
    subject,
    headline: subject,
    assignedTo: input.movedTo,
    mention: mentionOf(input.rep),
    footer: `Qualification cycle ${input.cycle}. Nobody touched this lead in time, so it went to the next available rep; your links for it no longer work.`,
  });
};

/** What the team's fallback receives when nobody in the pool can take a lead. */
export const unassignedNotification = (input: UnassignedNotificationInput): NotificationContent => {
  const subject = `Nobody to assign: ${whoOf(input)} waits${input.pool ? ` in pool ${input.pool}` : ''} (${gradesOf(input)})`;
  return render({
    about: input,
    links: input.links,
    subject,
    headline: subject,
    footer: `Qualification cycle ${input.cycle}. Every rep of the pool is away or at their open-lead limit: assign it by hand, or mark a rep back.`,
  });
};
