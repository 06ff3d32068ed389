import { isAbsolute, relative } from 'node:path';
import type { RunningHost } from './local-host.js';

const row = (label: string, value: string, note = ''): string => `  ${label.padEnd(13)}${value}${note ? `   ${note}` : ''}`;

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

const examplesLine = (host: RunningHost): string => {
  if (host.examples.length === 0) return 'none found in forms/, playbooks/ or teams/';
  const published = host.examples.filter((e) => e.published).map((e) => `${e.kind} ${e.id} v${e.version}`);
  const unchanged = host.examples.length - published.length;
  return [published.length > 0 ? `published ${published.join(', ')}` : '', unchanged > 0 ? `${plural(unchanged, 'document')} unchanged` : '']
    .filter(Boolean)
    .join('; ');
};

/** Short when under the project, absolute otherwise. */
const shown = (file: string, cwd: string): string => {
  const inside = relative(cwd, file);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : file;
};

const tokenLine = (host: RunningHost, cwd: string): string => {
  const { value: token, source, file } = host.adminToken;
  if (source === 'environment') return row('Admin token', '(from WINNOW_ADMIN_TOKEN)');
  return row('Admin token', token, `(${source === 'generated' ? 'new; ' : ''}kept in ${shown(file, cwd)})`);
};

const tryIt = (host: RunningHost): string[] => {
  const form = host.examples.find((e) => e.kind === 'form' && e.id === 'demo-request') ?? host.examples.find((e) => e.kind === 'form');
  const token = host.adminToken.source === 'environment' ? '$WINNOW_ADMIN_TOKEN' : host.adminToken.value;
  return [
    'Try it:',
    ...(form ? [`  curl ${host.base}/v1/forms/${form.id}/next`] : []),
    `  curl -H "Authorization: Bearer ${token}" ${host.base}/v1/admin/leads/LEAD_ID`,
  ];
};

/** Everything a developer needs after `npm start`: every URL, the token, and a first request. */
export const startupBanner = (host: RunningHost, cwd: string): string =>
  [
    `Winnow is running on ${host.base}`,
    '',
    row('API', `${host.base}/v1`),
    row('OpenAPI', `${host.base}/v1/openapi.json`),
    row('Health', `${host.base}/healthz`),
    row('Demo page', `${host.base}/`),
    row('Admin page', `${host.base}/admin`),
    host.ses.embedded ? row('Mail inbox', `${host.ses.url}/`, '(embedded SES catcher)') : row('Mail', host.ses.url, '(WINNOW_SES_ENDPOINT)'),
    row('DynamoDB', host.dynamo.url, host.dynamo.embedded ? '(embedded dynalite)' : '(WINNOW_DYNAMODB_ENDPOINT)'),
    row('SQS', host.sqs.url, host.sqs.embedded ? '(embedded local-aws-sqs)' : '(WINNOW_SQS_ENDPOINT)'),
    row('Data dir', host.dataDir),
    tokenLine(host, cwd),
    '',
    row('Examples', examplesLine(host)),
    row('Re-queued', `${host.requeued} unscored ${host.requeued === 1 ? 'submission or event' : 'submissions or events'}`),
    row('Slack', host.slack ? 'posting notifications to WINNOW_SLACK_WEBHOOK_URL' : 'off (set WINNOW_SLACK_WEBHOOK_URL to post notifications)'),
    row('Scorer', host.scorer ? `polling ${host.sqs.queueUrl}` : 'off (WINNOW_SCORER=off): scoring jobs wait in the queue'),
    '',
    ...tryIt(host),
    '',
    'Ctrl-C stops it.',
  ].join('\n');
