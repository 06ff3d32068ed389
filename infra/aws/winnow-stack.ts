import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, Billing, TableV2, type Attribute } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Secret, type CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { keys } from '../../functions/adapters/dynamodb/dynamodb-store.js';
import { TABLE_INDEXES, tableDefinition } from '../../functions/adapters/dynamodb/table.js';
import { SCORING_BATCH_SIZE, SCORING_MAX_RECEIVES } from '../../functions/adapters/scoring-queue.js';
import { CLAIM_SECONDS } from '../../functions/app/webhook-delivery.js';
import type { LambdaName } from './bundling.js';
import { WinnowEdge } from './edge.js';
import { GRANTS, INDEX_ACTIONS, type SecretName } from './grants.js';
import { WinnowHttpApi } from './http-api.js';
import type { WinnowSettings } from './settings.js';
import { WinnowFunction } from './winnow-function.js';

export interface WinnowStackProps extends StackProps {
  settings: WinnowSettings;
}

/** The widget as a page embeds it (SPEC, "Widget"), pointed at this deployment. */
const widgetSnippet = (apiUrl: string, formId = 'demo-request'): string =>
  `<div data-winnow-form="${formId}"></div><script src="${apiUrl}/widget.js" data-api="${apiUrl}" async></script>`;

/** The scorer's longest run: a batch of ten jobs, each a few reads, writes and one send. */
const SCORER_TIMEOUT = Duration.seconds(60);
/** A batch of webhook attempts runs at once: each at most 10 s, plus its reads and writes. */
const WEBHOOKS_TIMEOUT = Duration.seconds(30);
/** How often the sweeper queues due webhook retries: those later than SQS can delay (15 min), and any message lost. */
const WEBHOOK_SWEEP_EVERY = Duration.minutes(1);
/** How many batches the queue hands the scorer at once when no concurrency is reserved for it. */
const SCORER_MAX_CONCURRENCY = 5;

/** The table's keys and indexes as `functions/adapters/dynamodb/table.ts` defines them for every host. */
const tableShape = () => {
  const definition = tableDefinition('winnow');
  const types = new Map((definition.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType]));
  const attribute = (name: string | undefined): Attribute => ({ name: name ?? '', type: types.get(name) === 'N' ? AttributeType.NUMBER : AttributeType.STRING });
  const keys = (schema: { AttributeName?: string; KeyType?: string }[] = []) => ({
    partitionKey: attribute(schema.find((k) => k.KeyType === 'HASH')?.AttributeName),
    sortKey: attribute(schema.find((k) => k.KeyType === 'RANGE')?.AttributeName),
  });
  return {
    ...keys(definition.KeySchema),
    globalSecondaryIndexes: (definition.GlobalSecondaryIndexes ?? []).map((index) => ({ indexName: index.IndexName ?? '', ...keys(index.KeySchema) })),
  };
};

/**
 * Winnow on AWS: the handlers `npm start` runs, on Lambda behind API Gateway, with DynamoDB,
 * SQS, SES and Secrets Manager, every grant scoped to the one resource it needs.
 */
export class WinnowStack extends Stack {
  constructor(scope: Construct, id: string, props: WinnowStackProps) {
    super(scope, id, props);
    const { settings } = props;

    const table = new TableV2(this, 'Table', {
      ...tableShape(),
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: settings.deletionProtection,
      removalPolicy: settings.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    const deadLetters = new Queue(this, 'ScoringDeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    const scoringQueue = new Queue(this, 'ScoringQueue', {
      // AWS's advice for a Lambda source: six times the function's timeout, so a batch in hand is never redelivered.
      visibilityTimeout: Duration.seconds(SCORER_TIMEOUT.toSeconds() * 6),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: SCORING_MAX_RECEIVES },
    });

    // Webhook deliveries have a queue of their own: a slow CRM never holds up scoring. A message
    // that fails on our side (not the receiver's: that is the SPEC's retry schedule) ends here.
    const webhookDeadLetters = new Queue(this, 'WebhookDeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    const webhookQueue = new Queue(this, 'WebhookQueue', {
      // Over six times the function's timeout, and over an attempt's claim, so a batch in hand is never redelivered.
      visibilityTimeout: Duration.seconds(Math.max(WEBHOOKS_TIMEOUT.toSeconds() * 6, CLAIM_SECONDS)),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: webhookDeadLetters, maxReceiveCount: SCORING_MAX_RECEIVES },
    });

    const adminToken = new Secret(this, 'AdminToken', {
      description: 'Winnow admin API bearer token (Authorization: Bearer …)',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    const linkKey = new Secret(this, 'LinkSigningKey', {
      description: 'Winnow: HMAC key of the accept/reject links in notifications',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    const slackWebhook = new Secret(this, 'SlackWebhook', {
      description: 'Winnow: Slack incoming webhook URL; no value until you store one (Slack notifications are skipped until then)',
    });
    // A random string is no webhook: the secret starts without a value, and the handlers treat it as unset.
    (slackWebhook.node.defaultChild as CfnSecret).addPropertyDeletionOverride('GenerateSecretString');
    for (const secret of [adminToken, linkKey, slackWebhook]) {
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'No rotation Lambda: each handler reads its secrets once per container, and rotating the link key would void the links already mailed to sales. The README explains rotating by hand (put-secret-value, then a new deployment of the functions).',
      });
    }

    const edgeRateLimited = settings.edgeRateLimit > 0;
    // Behind CloudFront the functions see CloudFront's addresses, not the client's: their
    // per-container limiter would lump every client of an edge location together. WAF counts
    // per client there, so the functions' limit rises to the stage's own rate, which it never binds under.
    const httpEnvironment: Record<string, string> = edgeRateLimited ? { WINNOW_RATE_LIMIT_PER_MINUTE: String(Math.ceil(settings.apiRateLimit * 60)) } : {};
    const common = {
      WINNOW_TABLE: table.tableName,
      WINNOW_SCORING_QUEUE_URL: scoringQueue.queueUrl,
      WINNOW_WEBHOOK_QUEUE_URL: webhookQueue.queueUrl,
      // Handlers read their secrets once per container: a new configuration means new containers.
      ...(settings.secretsRevision ? { WINNOW_SECRETS_REVISION: settings.secretsRevision } : {}),
    };
    const logRetention = settings.logRetentionDays;

    const publicApi = new WinnowFunction(this, 'PublicApi', {
      handler: 'publicApi',
      description: 'Winnow public API: widget calls, feedback links, health',
      environment: { ...common, ...httpEnvironment, WINNOW_LINK_SECRET_ARN: linkKey.secretArn },
      timeout: Duration.seconds(10),
      memorySize: 1024,
      logRetention,
      // A cap: a spike of widget traffic cannot take the concurrency the scorer and the rest of the account need.
      reservedConcurrency: settings.publicApiReservedConcurrency,
    }).function;
    const adminApi = new WinnowFunction(this, 'AdminApi', {
      handler: 'adminApi',
      description: 'Winnow admin API: publishing, leads, feedback, reports, GDPR',
      // The link key signs lead ids too: an event naming a new email starts a lead here.
      environment: { ...common, ...httpEnvironment, WINNOW_ADMIN_TOKEN_SECRET_ARN: adminToken.secretArn, WINNOW_LINK_SECRET_ARN: linkKey.secretArn },
      timeout: Duration.seconds(29),
      memorySize: 1024,
      logRetention,
    }).function;
    // Built into its bundle, the pages need no table, queue or secret: no grant, no SDK to load.
    const pages = new WinnowFunction(this, 'Pages', {
      handler: 'pages',
      description: 'Winnow pages: the demo and admin pages, the widget script and module, the OpenAPI document',
      environment: httpEnvironment,
      timeout: Duration.seconds(5),
      memorySize: 512,
      logRetention,
    }).function;
    const http = new WinnowHttpApi(this, 'Http', {
      functions: { public: publicApi, admin: adminApi, pages },
      rateLimit: settings.apiRateLimit,
      burstLimit: settings.apiBurstLimit,
      logRetention,
    });
    Validations.of(http).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'By the SPEC the public routes are open to browsers (CORS per form, rate limited in the function); the admin routes check the bearer token from Secrets Manager inside the admin function, in constant time, before touching any data.',
    });
    const edge = edgeRateLimited ? new WinnowEdge(this, 'Edge', { api: http.api, requestsPerFiveMinutes: settings.edgeRateLimit }) : undefined;
    /** Where browsers, sales and `winnow publish` reach the API. */
    const baseUrl = edge?.url ?? http.url;

    const notifierEnvironment = {
      ...common,
      WINNOW_MAIL_FROM: settings.mailFrom,
      WINNOW_PUBLIC_URL: settings.publicUrl ?? baseUrl,
      WINNOW_LINK_SECRET_ARN: linkKey.secretArn,
      WINNOW_SLACK_WEBHOOK_SECRET_ARN: slackWebhook.secretArn,
    };
    const scorer = new WinnowFunction(this, 'Scorer', {
      handler: 'scorer',
      description: 'Winnow scorer: recomputes fit and interest, moves the lifecycle, notifies sales once',
      environment: notifierEnvironment,
      timeout: SCORER_TIMEOUT,
      memorySize: 1024,
      logRetention,
      reservedConcurrency: settings.scorerReservedConcurrency,
    }).function;
    // The queue hands the scorer no more batches at once than it has reserved: more would only be throttled and retried.
    const maxConcurrency = settings.scorerReservedConcurrency || SCORER_MAX_CONCURRENCY;
    scorer.addEventSource(new SqsEventSource(scoringQueue, { batchSize: SCORING_BATCH_SIZE, reportBatchItemFailures: true, maxConcurrency }));
    const sla = new WinnowFunction(this, 'Sla', {
      handler: 'sla',
      description: 'Winnow SLA job: escalates MQLs sales has not answered in time',
      environment: notifierEnvironment,
      timeout: Duration.minutes(5),
      memorySize: 512,
      logRetention,
      reservedConcurrency: settings.slaReservedConcurrency,
    }).function;
    new Rule(this, 'SlaSchedule', {
      description: 'Runs the Winnow SLA check',
      schedule: Schedule.rate(Duration.minutes(settings.slaEveryMinutes)),
      // A missed run is made up by the next one: the check reads the whole MQL stage each time.
      targets: [new LambdaFunction(sla, { retryAttempts: 2, maxEventAge: Duration.minutes(settings.slaEveryMinutes) })],
    });

    const webhooks = new WinnowFunction(this, 'Webhooks', {
      handler: 'webhooks',
      description: 'Winnow webhook worker: signs and sends each delivery, records its attempts, retries on schedule; on its schedule, queues due retries',
      environment: { ...common, WINNOW_MAIL_FROM: settings.mailFrom, ...(settings.alarmEmails.length ? { WINNOW_ALARM_EMAILS: settings.alarmEmails.join(',') } : {}) },
      timeout: WEBHOOKS_TIMEOUT,
      memorySize: 512,
      logRetention,
    }).function;
    webhooks.addEventSource(new SqsEventSource(webhookQueue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: SCORER_MAX_CONCURRENCY }));
    new Rule(this, 'WebhookSweepSchedule', {
      description: 'Queues the Winnow webhook deliveries whose retry is due',
      schedule: Schedule.rate(WEBHOOK_SWEEP_EVERY),
      // A missed sweep is made up by the next: it reads every due delivery each time.
      targets: [new LambdaFunction(webhooks, { retryAttempts: 2, maxEventAge: WEBHOOK_SWEEP_EVERY })],
    });

    // Each function's row of GRANTS, as statements on the one resource each names. Indexes are
    // named one by one from the table's definition, so no statement needs a wildcard.
    const indexArns = Object.values(TABLE_INDEXES).map((index) => `${table.tableArn}/index/${index.name}`);
    const secrets: Record<SecretName, Secret> = { adminToken, linkKey, slackWebhook };
    const identityArn = this.formatArn({ service: 'ses', resource: 'identity', resourceName: settings.sesIdentity });
    const functions: Record<LambdaName, IFunction> = { publicApi, adminApi, pages, scorer, sla, webhooks };
    for (const [name, fn] of Object.entries(functions) as [LambdaName, IFunction][]) {
      const grants = GRANTS[name];
      const itemActions = grants.table.filter((action) => !INDEX_ACTIONS.has(action)).map((action) => `dynamodb:${action}`);
      const indexActions = grants.table.filter((action) => INDEX_ACTIONS.has(action)).map((action) => `dynamodb:${action}`);
      if (itemActions.length) fn.addToRolePolicy(new PolicyStatement({ actions: itemActions, resources: [table.tableArn] }));
      if (indexActions.length) fn.addToRolePolicy(new PolicyStatement({ actions: indexActions, resources: [table.tableArn, ...indexArns] }));
      if (grants.deletesLeadItems) {
        fn.addToRolePolicy(
          new PolicyStatement({
            actions: ['dynamodb:DeleteItem'],
            resources: [table.tableArn],
            // IAM sees partition keys only: a lead's partition, where its profile, activity and notification claims live.
            conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${keys.lead('').PK}*`] } },
          }),
        );
      }
      if (grants.enqueuesScoring) fn.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [scoringQueue.queueArn] }));
      if (grants.enqueuesWebhooks) fn.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [webhookQueue.queueArn] }));
      for (const secret of grants.secrets) fn.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secrets[secret].secretArn] }));
      if (grants.sendsEmail) fn.addToRolePolicy(new PolicyStatement({ actions: ['ses:SendEmail'], resources: [identityArn] }));
    }
    if (settings.createSesIdentity) {
      const identity = new EmailIdentity(this, 'MailIdentity', {
        identity: settings.sesIdentity.includes('@') ? Identity.email(settings.sesIdentity) : Identity.domain(settings.sesIdentity),
      });
      if (!settings.sesIdentity.includes('@')) {
        new CfnOutput(this, 'DkimRecords', {
          description: `CNAME records to add to ${settings.sesIdentity}'s DNS so SES can send from it`,
          value: identity.dkimRecords.map((record) => `${record.name} CNAME ${record.value}`).join(' ; '),
        });
      }
    }

    const alarms = new Topic(this, 'Alarms', { displayName: 'Winnow alarms', enforceSSL: true });
    for (const address of settings.alarmEmails) alarms.addSubscription(new EmailSubscription(address));
    const alarmOn = (id: string, description: string, metric: IMetric, threshold = 1) =>
      new Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new SnsAction(alarms));
    const fiveMinutes = { period: Duration.minutes(5) };
    alarmOn('DeadLettersAlarm', `Scoring jobs reached the dead-letter queue: they failed ${SCORING_MAX_RECEIVES} times and wait there for a person`, deadLetters.metricApproximateNumberOfMessagesVisible({ ...fiveMinutes, statistic: 'Maximum' }));
    alarmOn(
      'WebhookDeadLettersAlarm',
      `Webhook attempts failed on Winnow's side ${SCORING_MAX_RECEIVES} times (not the receiver's: those are retried on schedule) and wait in the dead-letter queue; the deliveries stay pending, and the sweeper queues them again`,
      webhookDeadLetters.metricApproximateNumberOfMessagesVisible({ ...fiveMinutes, statistic: 'Maximum' }),
    );
    alarmOn('WebhooksErrorsAlarm', 'The webhook worker or its sweeper failed as a whole', webhooks.metricErrors({ ...fiveMinutes, statistic: 'Sum' }));
    alarmOn('ScorerErrorsAlarm', 'The scorer failed as a whole (not a single job, which is retried)', scorer.metricErrors({ ...fiveMinutes, statistic: 'Sum' }));
    alarmOn('SlaErrorsAlarm', 'The SLA job failed: some escalations were not sent (the next run retries them)', sla.metricErrors({ ...fiveMinutes, statistic: 'Sum' }));
    alarmOn('Api5xxAlarm', 'The HTTP API answered 5xx', http.api.metricServerError({ ...fiveMinutes, statistic: 'Sum' }));
    // A failed job comes back after 10 s to 80 s of backoff, five receives in all: a job ten minutes old is waiting for a scorer, not for its retry.
    alarmOn(
      'ScoringQueueAgeAlarm',
      'A scoring job has waited 10 minutes: the scorer is not keeping up (throttled, failing or stopped), and sales hears of qualified leads late',
      scoringQueue.metricApproximateAgeOfOldestMessage({ ...fiveMinutes, statistic: 'Maximum' }),
      Duration.minutes(10).toSeconds(),
    );
    // The age counts from the move to the dead-letter queue, the 14 days' retention from the first send: minutes apart here.
    alarmOn(
      'DeadLettersAgeAlarm',
      'A dead-lettered scoring job is a week old: SQS deletes it 14 days after it was first queued; redrive it before then',
      deadLetters.metricApproximateAgeOfOldestMessage({ ...fiveMinutes, statistic: 'Maximum' }),
      Duration.days(7).toSeconds(),
    );
    for (const [name, fn] of Object.entries(functions)) {
      alarmOn(
        `${name.charAt(0).toUpperCase()}${name.slice(1)}ThrottlesAlarm`,
        `The ${name} function was throttled: it reached its reserved concurrency or the account's limit`,
        fn.metricThrottles({ ...fiveMinutes, statistic: 'Sum' }),
      );
    }
    // SES's account-wide metrics, not a configuration set's: the mailer names none, and an identity
    // verified outside the stack has no default one, so a configuration set would count nothing.
    // Other senders in this account and region count too.
    alarmOn(
      'MailBouncesAlarm',
      'SES reported a bounce: with Winnow every recipient is a colleague (notify, escalateTo, a rep), so a notification did not arrive; check the addresses in playbooks and teams',
      new Metric({ namespace: 'AWS/SES', metricName: 'Bounce', ...fiveMinutes, statistic: 'Sum' }),
    );
    alarmOn(
      'MailBounceRateAlarm',
      "The account's SES bounce rate reached 5%: SES reviews an account at 5% and may pause its sending at 10%",
      new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', period: Duration.hours(1), statistic: 'Maximum' }),
      0.05,
    );

    new CfnOutput(this, 'ApiUrl', { description: 'The HTTP API: winnow publish --api, and the base of every route', value: baseUrl });
    new CfnOutput(this, 'WidgetSnippet', { description: 'Paste into a page to show the demo-request form', value: widgetSnippet(baseUrl) });
    new CfnOutput(this, 'AdminUrl', { description: 'The admin page (sign in with the admin token)', value: `${baseUrl}/admin` });
    new CfnOutput(this, 'AdminTokenSecret', { description: 'Secrets Manager: the admin token (winnow publish, the admin page)', value: adminToken.secretName });
    new CfnOutput(this, 'SlackWebhookSecret', { description: 'Secrets Manager: store your Slack incoming webhook URL here', value: slackWebhook.secretName });
    new CfnOutput(this, 'AlarmTopic', { description: 'SNS topic of the alarms; subscribe more endpoints to it', value: alarms.topicArn });
  }
}
