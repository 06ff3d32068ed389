import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, Billing, TableV2, type Attribute } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Secret, type CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { tableDefinition } from '../../functions/adapters/dynamodb/table.js';
import { SCORING_BATCH_SIZE, SCORING_MAX_RECEIVES } from '../../functions/adapters/scoring-queue.js';
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

    const common = {
      WINNOW_TABLE: table.tableName,
      WINNOW_SCORING_QUEUE_URL: scoringQueue.queueUrl,
      // Handlers read their secrets once per container: a new configuration means new containers.
      ...(settings.secretsRevision ? { WINNOW_SECRETS_REVISION: settings.secretsRevision } : {}),
    };
    const logRetention = settings.logRetentionDays;

    const publicApi = new WinnowFunction(this, 'PublicApi', {
      handler: 'publicApi',
      description: 'Winnow public API: widget calls, feedback links, health',
      environment: { ...common, WINNOW_LINK_SECRET_ARN: linkKey.secretArn },
      timeout: Duration.seconds(10),
      memorySize: 1024,
      logRetention,
    }).function;
    const adminApi = new WinnowFunction(this, 'AdminApi', {
      handler: 'adminApi',
      description: 'Winnow admin API: publishing, leads, feedback, reports, GDPR',
      environment: { ...common, WINNOW_ADMIN_TOKEN_SECRET_ARN: adminToken.secretArn },
      timeout: Duration.seconds(29),
      memorySize: 1024,
      logRetention,
    }).function;
    // Built into its bundle, the pages need no table, queue or secret: no grant, no SDK to load.
    const pages = new WinnowFunction(this, 'Pages', {
      handler: 'pages',
      description: 'Winnow pages: the demo and admin pages, the widget script and module, the OpenAPI document',
      environment: {},
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

    const notifierEnvironment = {
      ...common,
      WINNOW_MAIL_FROM: settings.mailFrom,
      WINNOW_PUBLIC_URL: settings.publicUrl ?? http.url,
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
    }).function;
    scorer.addEventSource(new SqsEventSource(scoringQueue, { batchSize: SCORING_BATCH_SIZE, reportBatchItemFailures: true, maxConcurrency: 5 }));
    const sla = new WinnowFunction(this, 'Sla', {
      handler: 'sla',
      description: 'Winnow SLA job: escalates MQLs sales has not answered in time',
      environment: notifierEnvironment,
      timeout: Duration.minutes(5),
      memorySize: 512,
      logRetention,
    }).function;
    new Rule(this, 'SlaSchedule', {
      description: 'Runs the Winnow SLA check',
      schedule: Schedule.rate(Duration.minutes(settings.slaEveryMinutes)),
      // A missed run is made up by the next one: the check reads the whole MQL stage each time.
      targets: [new LambdaFunction(sla, { retryAttempts: 2, maxEventAge: Duration.minutes(settings.slaEveryMinutes) })],
    });

    for (const fn of [publicApi, adminApi, scorer, sla]) table.grantReadWriteData(fn);
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(table.node.defaultChild as never)}.Arn>/index/*]`,
      reason: "grantReadWriteData covers the table's own indexes (GSI1–GSI3, queried for activity, email and stage); an index ARN is the table's ARN plus its name.",
    });
    for (const fn of [publicApi, adminApi]) scoringQueue.grantSendMessages(fn);
    linkKey.grantRead(publicApi);
    adminToken.grantRead(adminApi);

    const identityArn = this.formatArn({ service: 'ses', resource: 'identity', resourceName: settings.sesIdentity });
    for (const fn of [scorer, sla]) {
      linkKey.grantRead(fn);
      slackWebhook.grantRead(fn);
      fn.addToRolePolicy(new PolicyStatement({ actions: ['ses:SendEmail'], resources: [identityArn] }));
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
    const alarmOn = (id: string, description: string, metric: IMetric) =>
      new Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new SnsAction(alarms));
    const fiveMinutes = { period: Duration.minutes(5) };
    alarmOn('DeadLettersAlarm', `Scoring jobs reached the dead-letter queue: they failed ${SCORING_MAX_RECEIVES} times and wait there for a person`, deadLetters.metricApproximateNumberOfMessagesVisible({ ...fiveMinutes, statistic: 'Maximum' }));
    alarmOn('ScorerErrorsAlarm', 'The scorer failed as a whole (not a single job, which is retried)', scorer.metricErrors({ ...fiveMinutes, statistic: 'Sum' }));
    alarmOn('SlaErrorsAlarm', 'The SLA job failed: some escalations were not sent (the next run retries them)', sla.metricErrors({ ...fiveMinutes, statistic: 'Sum' }));
    alarmOn('Api5xxAlarm', 'The HTTP API answered 5xx', http.api.metricServerError({ ...fiveMinutes, statistic: 'Sum' }));

    new CfnOutput(this, 'ApiUrl', { description: 'The HTTP API: winnow publish --api, and the base of every route', value: http.url });
    new CfnOutput(this, 'WidgetSnippet', { description: 'Paste into a page to show the demo-request form', value: widgetSnippet(http.url) });
    new CfnOutput(this, 'AdminUrl', { description: 'The admin page (sign in with the admin token)', value: `${http.url}/admin` });
    new CfnOutput(this, 'AdminTokenSecret', { description: 'Secrets Manager: the admin token (winnow publish, the admin page)', value: adminToken.secretName });
    new CfnOutput(this, 'SlackWebhookSecret', { description: 'Secrets Manager: store your Slack incoming webhook URL here', value: slackWebhook.secretName });
    new CfnOutput(this, 'AlarmTopic', { description: 'SNS topic of the alarms; subscribe more endpoints to it', value: alarms.topicArn });
  }
}
