import { escapeHtml } from './html.js';
import type { Fit } from './fit.js';
import type { Interest } from './interest.js';
import type { Answer } from './lead.js';

export interface NotificationLead {
  leadId: string;
  email?: string;
  /** The form that made the lead qualify, when one did. */
  formTitle?: string;
}

export interface QualifiedNotificationInput {
  lead: NotificationLead;
  fit: Fit;
  interest: Interest;
  cycle: number;
  handRaiser: boolean;
  /** Signed one-click links; this module only prints them. */
  links: NotificationLinks;
  /** The rep the lead is assigned to, when a team is. */
  assignedTo?: string;
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

// Slack caps a section's text at 3000 characters and a header at 150.
const SLACK_SECTION_MAX = 3000;
const SLACK_HEADER_MAX = 150;

const formatAnswer = (answer: Answer): string => (Array.isArray(answer) ? answer.join(', ') : String(answer));

const formatPoints = (points: number): string => (points > 0 ? `+${points}` : String(points));


/** Slack's mrkdwn treats &, < and > as control characters. */
const escapeSlack = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const truncate = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** The reasons behind the scores, in the order they earned points: what sales reads first. */
const reasons = (fit: Fit, interest: Interest) => ({
  answers: fit.breakdown.flatMap((r) =>
    r.answer === null ? [] : [{ text: `${r.criterion} (${r.field}): ${formatAnswer(r.answer)}`, points: formatPoints(r.points) }],
  ),
  events: interest.breakdown.map((r) => ({
    text: `${r.type} ×${r.count}${r.capped ? ' (capped)' : ''}`,
    points: formatPoints(r.points),
  })),
});

interface Layout {
  subject: string;
  headline: string;
  lead: NotificationLead;
  fit: Fit;
  interest: Interest;
  /** None on a notice that asks for no decision. */
  links?: NotificationLinks;
  footer: string;
  assignedTo?: string;
  /** Slack members to mention above the message (a rep's own notice). */
  mention?: string;
}

const render = ({ subject, headline, lead, fit, interest, links, footer, assignedTo, mention }: Layout): NotificationContent => {
  const who = lead.email ?? `lead ${lead.leadId}`;
  const { answers, events } = reasons(fit, interest);
  const summary = [
    ['Lead', who],
    ['Lead id', lead.leadId],
    ['Fit', `grade ${fit.grade} (${fit.points} points)`],
    ['Interest', `${interest.band} (${interest.score} points)`],
    ...(lead.formTitle ? [['Form', lead.formTitle]] : []),
    ...(assignedTo ? [['Assigned to', assignedTo]] : []),
  ] as const;

  const text = [
    headline,
    '',
    ...summary.map(([k, v]) => `${k}: ${v}`),
    '',
    'Answers that earned fit points:',
    ...(answers.length ? answers.map((r) => `  ${r.points}  ${r.text}`) : ['  (none yet)']),
    '',
    'Behaviour that earned interest points:',
    ...(events.length ? events.map((r) => `  ${r.points}  ${r.text}`) : ['  (none yet)']),
    '',
    ...(links ? [`Accept: ${links.accept}`, ...(links.attempt ? [`Log a call: ${links.attempt}`] : []), `Return to marketing: ${links.reject}`, ''] : []),
    footer,
  ].join('\n');

  const rows = (items: { text: string; points: string }[]) =>
    items.length
      ? items.map((r) => `<tr><td style="padding:2px 12px 2px 0;text-align:right">${escapeHtml(r.points)}</td><td>${escapeHtml(r.text)}</td></tr>`).join('')
      : '<tr><td colspan="2">(none yet)</td></tr>';
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.4">',
    `<h2 style="margin:0 0 12px">${escapeHtml(headline)}</h2>`,
    '<table>',
    ...summary.map(([k, v]) => `<tr><th style="text-align:left;padding-right:12px">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`),
    '</table>',
    '<h3>Answers that earned fit points</h3>',
    `<table>${rows(answers)}</table>`,
    '<h3>Behaviour that earned interest points</h3>',
    `<table>${rows(events)}</table>`,
    ...(links
      ? [
          '<p style="margin-top:16px">',
          `<a href="${escapeHtml(links.accept)}" style="background:#1a7f37;color:#fff;padding:8px 14px;border-radius:4px;text-decoration:none">Accept</a> `,
          ...(links.attempt ? [`<a href="${escapeHtml(links.attempt)}" style="background:#0969da;color:#fff;padding:8px 14px;border-radius:4px;text-decoration:none">Log a call</a> `] : []),
          `<a href="${escapeHtml(links.reject)}" style="background:#cf222e;color:#fff;padding:8px 14px;border-radius:4px;text-decoration:none">Return to marketing</a>`,
          '</p>',
        ]
      : []),
    `<p style="color:#57606a;font-size:12px">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');

  const list = (items: { text: string; points: string }[]) =>
    truncate(items.length ? items.map((r) => `• \`${r.points}\` ${escapeSlack(r.text)}`).join('\n') : '(none yet)', SLACK_SECTION_MAX - 40);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(headline, SLACK_HEADER_MAX) } },
    ...(mention ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: mention } }] : []),
    { type: 'section', fields: summary.map(([k, v]) => ({ type: 'mrkdwn' as const, text: `*${k}*\n${escapeSlack(v)}` })) },
    { type: 'section', text: { type: 'mrkdwn', text: `*Answers that earned fit points*\n${list(answers)}` } },
    { type: 'section', text: { type: 'mrkdwn', text: `*Behaviour that earned interest points*\n${list(events)}` } },
    ...(links
      ? [
          {
            type: 'actions' as const,
            elements: [
              { type: 'button' as const, text: { type: 'plain_text' as const, text: 'Accept' }, url: links.accept, style: 'primary' as const, action_id: 'accept' },
              ...(links.attempt ? [{ type: 'button' as const, text: { type: 'plain_text' as const, text: 'Log a call' }, url: links.attempt, action_id: 'attempt' }] : []),
              { type: 'button' as const, text: { type: 'plain_text' as const, text: 'Return to marketing' }, url: links.reject, style: 'danger' as const, action_id: 'reject' },
            ],
          },
        ]
      : []),
    { type: 'context', elements: [{ type: 'mrkdwn', text: escapeSlack(footer) }] },
  ];

  return { subject, text, html, slack: { text: mention ? `${mention} ${subject}` : subject, blocks } };
};

/** What sales receives when a lead becomes theirs: who, how good, and why. */
export const qualifiedNotification = (input: QualifiedNotificationInput): NotificationContent => {
  const who = input.lead.email ?? `lead ${input.lead.leadId}`;
  const grades = `grade ${input.fit.grade}, ${input.interest.band}`;
  const subject = input.handRaiser ? `Hand-raiser: ${who} asked to talk to sales (${grades})` : `New MQL: ${who} (${grades})`;
  return render({
    ...input,
    subject,
    headline: subject,
    footer: `Qualification cycle ${input.cycle}. Accept to take the lead, or return it to marketing with a reason.`,
  });
};

/** What the SLA's escalation contacts receive when sales let an MQL wait too long. */
export const escalationNotification = (input: EscalationNotificationInput): NotificationContent => {
  const who = input.lead.email ?? `lead ${input.lead.leadId}`;
  const subject = `SLA missed: ${who} has waited ${input.hoursWaiting} h for sales (grade ${input.fit.grade}, ${input.interest.band})`;
  return render({
    ...input,
    subject,
    headline: subject,
    footer: `Qualification cycle ${input.cycle}. Nobody accepted or returned this MQL in time.`,
  });
};

const gradesOf = (input: QualifiedNotificationInput): string => `grade ${input.fit.grade}, ${input.interest.band}`;
const whoOf = (input: Pick<QualifiedNotificationInput, 'lead'>): string => input.lead.email ?? `lead ${input.lead.leadId}`;
/** Slack's mention syntax: the member is pinged, whatever their display name is today. */
const mentionOf = (rep: NotifiedRep): string | undefined => (rep.slackUserId ? `<@${rep.slackUserId}>` : undefined);

/** What a rep receives when a lead is assigned to them: the lead, why, and by when to act. */
export const assignedNotification = (input: AssignedNotificationInput): NotificationContent => {
  const subject = `${input.handRaiser ? 'Hand-raiser assigned to you' : 'Assigned to you'}: ${whoOf(input)} (${gradesOf(input)})`;
  const due = input.dueAt ? ` Touch it (accept, log a call, or return it) by ${input.dueAt.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC')}, or it moves to the next rep.` : '';
  const mention = mentionOf(input.rep);
  return render({
    ...input,
    subject,
    headline: `${input.rep.name}, ${subject.charAt(0).toLowerCase()}${subject.slice(1)}`,
    assignedTo: `${input.rep.name} (pool ${input.pool})`,
    ...(mention ? { mention } : {}),
    footer: `Qualification cycle ${input.cycle}.${due}`,
  });
};

/** What a rep receives when a lead they sat on moves to someone else. */
export const movedNotification = (input: MovedNotificationInput): NotificationContent => {
  const subject = `Moved on: ${whoOf(input)} ${input.movedTo ? `is now with ${input.movedTo}` : 'is waiting for another rep'} (the response time passed)`;
  const mention = mentionOf(input.rep);
  return render({
    ...input,
    subject,
    headline: subject,
    ...(input.movedTo ? { assignedTo: input.movedTo } : {}),
    ...(mention ? { mention } : {}),
    footer: `Qualification cycle ${input.cycle}. Nobody touched this lead in time, so it went to the next available rep; your links for it no longer work.`,
  });
};

/** What the team's fallback receives when nobody in the pool can take a lead. */
export const unassignedNotification = (input: UnassignedNotificationInput): NotificationContent => {
  const subject = `Nobody to assign: ${whoOf(input)} waits${input.pool ? ` in pool ${input.pool}` : ''} (${gradesOf(input)})`;
  return render({
    ...input,
    subject,
    headline: subject,
    footer: `Qualification cycle ${input.cycle}. Every rep of the pool is away or at their open-lead limit: assign it by hand, or mark a rep back.`,
  });
};
