import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_INDEXES } from '../../functions/adapters/dynamodb/table.js';
import { routeKeys } from '../../functions/http/framework/router.js';
import { routeGroups, routes } from '../../functions/http/routes/index.js';
import { LOCAL_BATCHES_AT_ONCE } from '../../infra/local/queue-poller.js';
import { actionsOf, functionId, logicalIdOf, statementsOf, SYNTH_TIMEOUT_MS, synthTemplate, synthWithNag, tableGrantsOf, TEST_SENDER, type NagViolation } from './synth.js';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string }>;

describe('the Winnow stack (default settings, with a test sender)', () => {
  let template: Template;
  let resources: Resources;
  let nag: { passed: boolean; violations: NagViolation[] };
  const ids = { table: '', queue: '', deadLetters: '', webhookQueue: '', webhookDeadLetters: '', publicApi: '', adminApi: '', pages: '', scorer: '', sla: '', webhooks: '', topic: '' };
  const functions = () => [ids.publicApi, ids.adminApi, ids.pages, ids.scorer, ids.sla, ids.webhooks];
  /** A resource's logical id by the construct id it starts with: two queues now carry a redrive policy. */
  const idStarting = (type: string, prefix: string): string => {
    const found = Object.entries(resources).filter(([id, resource]) => resource.Type === type && id.startsWith(prefix));
    if (found.length !== 1) throw new Error(`expected one ${type} named ${prefix}…, found ${found.length}`);
    return found[0]?.[0] ?? '';
  };

  beforeAll(() => {
    // Synthesized as `cdk synth` does it, cdk-nag included; one synthesis serves every test here.
    const synthesized = synthWithNag();
    nag = synthesized;
    if (!synthesized.template) throw new Error(`cdk-nag failed the stack: ${synthesized.violations.map((v) => v.ruleName).join(', ')}`);
    template = synthesized.template;
    resources = template.toJSON().Resources as Resources;
    ids.table = logicalIdOf(template, 'AWS::DynamoDB::GlobalTable');
    ids.queue = idStarting('AWS::SQS::Queue', 'ScoringQueue');
    ids.deadLetters = idStarting('AWS::SQS::Queue', 'ScoringDeadLetters');
    ids.webhookQueue = idStarting('AWS::SQS::Queue', 'WebhookQueue');
    ids.webhookDeadLetters = idStarting('AWS::SQS::Queue', 'WebhookDeadLetters');
    ids.publicApi = functionId(template, 'Winnow public API');
    ids.adminApi = functionId(template, 'Winnow admin API');
    ids.pages = functionId(template, 'Winnow pages');
    ids.scorer = functionId(template, 'Winnow scorer');
    ids.sla = functionId(template, 'Winnow SLA job');
    ids.webhooks = functionId(template, 'Winnow webhook worker');
    ids.topic = logicalIdOf(template, 'AWS::SNS::Topic');
  }, SYNTH_TIMEOUT_MS);

  it('passes cdk-nag’s AWS Solutions pack with no unacknowledged finding', () => {
    // Assess
    expect(nag.violations.map((v) => `${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`)).toEqual([]);
    expect(nag.passed).toBe(true);
  });

  describe('Lambda functions', () => {
    it('runs six functions, each on the newest Node.js runtime, on arm64', () => {
      // Assess
      template.resourceCountIs('AWS::Lambda::Function', 6);
      for (const id of functions()) {
        expect(resources[id]?.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler' });
      }
    });

    it('gives each function its own log group, kept for 30 days, and no managed policy', () => {
      // Assess
      template.resourceCountIs('AWS::Logs::LogGroup', 7);
      template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
      for (const id of functions()) {
        expect(resources[id]?.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: expect.stringMatching(/Logs/) } });
      }
      template.allResourcesProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
    });

    it('reserves 5 containers for the scorer and 1 for the SLA job, caps the public function at 20, and leaves the rest unreserved', () => {
      // Assess
      const reserved = (id: string) => resources[id]?.Properties.ReservedConcurrentExecutions;
      expect([ids.publicApi, ids.adminApi, ids.pages, ids.scorer, ids.sla].map(reserved)).toEqual([20, undefined, undefined, 5, 1]);
    });

    it('hands the scorer no more batches at once than it has reserved, so none is throttled', () => {
      // Assess
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionName: { Ref: ids.scorer }, ScalingConfig: { MaximumConcurrency: 5 } });
    });

    it('hands each queue’s function as many batches at once as `npm start`’s pollers do, so the handlers meet one concurrency in both', () => {
      // Assess
      template.allResourcesProperties('AWS::Lambda::EventSourceMapping', { ScalingConfig: { MaximumConcurrency: LOCAL_BATCHES_AT_ONCE } });
    });

    it('names the secrets by ARN, each only to the functions that use it, never their values', () => {
      // Assess
      const variables = (id: string) => resources[id]?.Properties.Environment as { Variables: Record<string, unknown> };
      expect(Object.keys(variables(ids.publicApi).Variables)).toEqual(expect.arrayContaining(['WINNOW_TABLE', 'WINNOW_SCORING_QUEUE_URL', 'WINNOW_LINK_SECRET_ARN']));
      expect(variables(ids.publicApi).Variables).not.toHaveProperty('WINNOW_ADMIN_TOKEN_SECRET_ARN');
      expect(variables(ids.adminApi).Variables).toHaveProperty('WINNOW_ADMIN_TOKEN_SECRET_ARN');
      for (const id of [ids.scorer, ids.sla]) {
        expect(variables(id).Variables).toMatchObject({ WINNOW_MAIL_FROM: TEST_SENDER['winnow:mailFrom'], WINNOW_PUBLIC_URL: { 'Fn::GetAtt': [expect.any(String), 'ApiEndpoint'] } });
        expect(Object.keys(variables(id).Variables)).toEqual(expect.arrayContaining(['WINNOW_LINK_SECRET_ARN', 'WINNOW_SLACK_WEBHOOK_SECRET_ARN']));
      }
      const all = JSON.stringify(Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function'));
      expect(all).not.toMatch(/"WINNOW_(ADMIN_TOKEN|LINK_SECRET|SLACK_WEBHOOK_URL)"/);
    });
  });

  describe('DynamoDB', () => {
    it('keeps one on-demand table with point-in-time recovery and deletion protection, retained on stack deletion', () => {
      // Assess
      template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
      expect(resources[ids.table]?.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        Replicas: [{ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true }],
      });
      expect(resources[ids.table]?.DeletionPolicy).toBe('Retain');
    });

    it('declares the indexes the store queries, as functions/adapters/dynamodb/table.ts defines them', () => {
      // Assess
      const indexes = resources[ids.table]?.Properties.GlobalSecondaryIndexes as { IndexName: string; KeySchema: unknown; Projection: unknown }[];
      expect(indexes).toEqual(
        Object.values(TABLE_INDEXES).map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      );
    });
  });

  describe('the scoring queue', () => {
    it('dead-letters a job after 5 receives, and keeps it there 14 days', () => {
      // Assess
      expect(resources[ids.queue]?.Properties.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [ids.deadLetters, 'Arn'] }, maxReceiveCount: 5 });
      expect(resources[ids.deadLetters]?.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    });

    it('outlasts the scorer: the visibility timeout is six times its timeout', () => {
      // Assess
      const timeout = resources[ids.scorer]?.Properties.Timeout as number;
      expect(resources[ids.queue]?.Properties.VisibilityTimeout).toBe(6 * timeout);
    });

    it('feeds the scorer in batches whose failed jobs are reported one by one', () => {
      // Assess
      template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [ids.queue, 'Arn'] },
        FunctionName: { Ref: ids.scorer },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BatchSize: 10,
      });
    });

    it('encrypts every queue and refuses requests without TLS', () => {
      // Assess
      template.allResourcesProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
      for (const queue of [ids.queue, ids.deadLetters, ids.webhookQueue, ids.webhookDeadLetters]) {
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: queue }],
          PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
        });
      }
    });
  });

  describe('least privilege', () => {
    it('grants no action on every resource ("*") to any function', () => {
      // Assess
      for (const id of functions()) {
        for (const statement of statementsOf(template, id)) expect([statement.Resource].flat()).not.toContain('*');
      }
    });

    describe('DynamoDB, per function (infra/aws/grants.ts)', () => {
      const tableArn = () => ({ 'Fn::GetAtt': [ids.table, 'Arn'] });
      const onTable = (...actions: string[]) => ({ actions: actions.map((a) => `dynamodb:${a}`).sort(), resources: [tableArn()] });
      const deleteInLeadPartitions = () => ({ actions: ['dynamodb:DeleteItem'], resources: [tableArn()], condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['LEAD#*'] } } });
      // Query and Scan reach the indexes, each named: no wildcard.
      const withIndexes = (...actions: string[]) => ({
        actions: actions.map((a) => `dynamodb:${a}`).sort(),
        resources: [tableArn(), ...Object.values(TABLE_INDEXES).map((index) => ({ 'Fn::Join': ['', [tableArn(), `/index/${index.name}`]] }))],
      });

      it('lets the internet-facing public function read and write one item at a time, delete only in a lead’s partition, and never scan or bulk-write', () => {
        // Act
        const grants = tableGrantsOf(template, ids.publicApi);

        // Assess
        expect(grants).toEqual([onTable('GetItem', 'PutItem', 'UpdateItem'), withIndexes('Query'), deleteInLeadPartitions()]);
        const actions = grants.flatMap((g) => g.actions);
        for (const refused of ['dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:BatchGetItem']) expect(actions).not.toContain(refused);
      });

      it('lets the admin function scan, bulk-delete and delete anywhere: the funnel report, publishing and GDPR erasure', () => {
        // Assess
        expect(tableGrantsOf(template, ids.adminApi)).toEqual([onTable('GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'), withIndexes('Query', 'Scan')]);
      });

      it('lets the webhook worker read deliveries and endpoints, query the due list and update attempts, and nothing else on the table', () => {
        // Assess
        expect(tableGrantsOf(template, ids.webhooks)).toEqual([onTable('GetItem', 'UpdateItem'), withIndexes('Query')]);
      });

      it('lets the scorer and the SLA job read and update, delete only in a lead’s partition, and never put, scan or bulk-write', () => {
        // Assess
        for (const id of [ids.scorer, ids.sla]) expect(tableGrantsOf(template, id)).toEqual([onTable('GetItem', 'UpdateItem'), withIndexes('Query'), deleteInLeadPartitions()]);
      });

      it('grants no function a stream, table-management or wildcard action', () => {
        // Assess
        for (const id of functions()) {
          const actions = tableGrantsOf(template, id).flatMap((g) => g.actions);
          expect(actions.filter((a) => /Stream|Shard|Records|Table|\*/.test(a))).toEqual([]);
        }
      });
    });

    it('lets the API functions and the scorer (which defers a job) send to the scoring queue, and whoever makes a webhook delivery to the webhook queue, and nothing else', () => {
      // Assess
      const queueArn = { 'Fn::GetAtt': [ids.queue, 'Arn'] };
      const webhookQueueArn = { 'Fn::GetAtt': [ids.webhookQueue, 'Arn'] };
      const sendsOf = (id: string) => statementsOf(template, id).filter((s) => actionsOf(s).includes('sqs:SendMessage'));
      for (const id of [ids.publicApi, ids.adminApi, ids.scorer]) {
        expect(sendsOf(id).map((s) => s.Resource)).toEqual([queueArn, webhookQueueArn]);
        expect(sendsOf(id).flatMap(actionsOf)).toEqual(['sqs:SendMessage', 'sqs:SendMessage']);
      }
      for (const id of [ids.sla, ids.webhooks]) expect(sendsOf(id).map((s) => s.Resource)).toEqual([webhookQueueArn]);
      expect(statementsOf(template, ids.pages).flatMap(actionsOf)).not.toContain('sqs:SendMessage');
    });

    it('lets the scorer, the SLA job and the webhook worker (a disabled endpoint’s notice) send email from the configured SES identity only', () => {
      // Assess
      for (const id of [ids.scorer, ids.sla, ids.webhooks]) {
        const mail = statementsOf(template, id).filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')));
        expect(mail).toHaveLength(1);
        expect(actionsOf(mail[0] ?? { Action: [] })).toEqual(['ses:SendEmail']);
        expect(JSON.stringify(mail[0]?.Resource)).toMatch(/:identity\/winnow\.test"/);
      }
      for (const id of [ids.publicApi, ids.adminApi]) expect(statementsOf(template, id).flatMap(actionsOf).some((a) => a.startsWith('ses:'))).toBe(false);
    });

    it('grants the pages function nothing but writing its own logs, and gives it no resource to name', () => {
      // Assess
      expect(statementsOf(template, ids.pages).flatMap(actionsOf).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      expect(resources[ids.pages]?.Properties.Environment).toEqual({ Variables: { POWERTOOLS_LOG_LEVEL: 'INFO' } });
    });

    it('lets only the admin function read the admin token', () => {
      // Assess
      const adminToken = logicalIdOf(template, 'AWS::SecretsManager::Secret', (p) => String(p.Description).includes('admin API bearer token'));
      const readers = functions().filter((id) => statementsOf(template, id).some((s) => JSON.stringify(s.Resource) === JSON.stringify({ Ref: adminToken })));
      expect(readers).toEqual([ids.adminApi]);
    });

    it('reads each secret with GetSecretValue only, and only where a function names it', () => {
      // Prepare
      const secret = (words: string) => ({ Ref: logicalIdOf(template, 'AWS::SecretsManager::Secret', (p) => String(p.Description).includes(words)) });
      const readsOf = (id: string) => statementsOf(template, id).filter((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:')));

      // Assess
      for (const id of functions()) for (const statement of readsOf(id)) expect(actionsOf(statement)).toEqual(['secretsmanager:GetSecretValue']);
      expect(readsOf(ids.publicApi).map((s) => s.Resource)).toEqual([secret('HMAC key')]);
      expect(readsOf(ids.adminApi).map((s) => s.Resource)).toEqual([secret('admin API bearer token'), secret('HMAC key')]);
      for (const id of [ids.scorer, ids.sla]) expect(readsOf(id).map((s) => s.Resource)).toEqual([secret('HMAC key'), secret('Slack')]);
      expect(readsOf(ids.pages)).toEqual([]);
      expect(readsOf(ids.webhooks)).toEqual([]);
    });
  });

  describe('SES', () => {
    it('uses an identity verified outside the stack by default', () => {
      // Assess
      template.resourceCountIs('AWS::SES::EmailIdentity', 0);
    });
  });

  describe('secrets', () => {
    it('generates the admin token and the link key at deploy, and leaves the Slack webhook for the team to store', () => {
      // Assess
      template.resourceCountIs('AWS::SecretsManager::Secret', 3);
      const secrets = Object.values(resources).filter((r) => r.Type === 'AWS::SecretsManager::Secret');
      const byPurpose = (words: string) => secrets.find((s) => String(s.Properties.Description).includes(words))?.Properties;
      expect(byPurpose('admin API bearer token')?.GenerateSecretString).toMatchObject({ PasswordLength: 48, ExcludePunctuation: true });
      expect(byPurpose('HMAC key')?.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
      expect(byPurpose('Slack')).not.toHaveProperty('GenerateSecretString');
      expect(byPurpose('Slack')).not.toHaveProperty('SecretString');
    });
  });

  describe('the HTTP API', () => {
    it('declares exactly the routes of the route table, plus $default for the SPEC-shaped 404', () => {
      // Assess
      const declared = Object.values(resources)
        .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')
        .map((r) => r.Properties.RouteKey)
        .sort();
      const expected = [...routeKeys(routes).map(({ method, path }) => `${method} ${path}`), '$default'].sort();
      expect(declared).toEqual(expected);
      expect(declared).toEqual(expect.arrayContaining(['GET /', 'GET /admin', 'GET /widget.js', 'GET /widget.mjs', 'OPTIONS /v1/forms/{formId}/submissions']));
    });

    it('routes the admin API to the admin function, the pages to the pages function and the rest to the public one', () => {
      // Assess
      const integrationOf = (fn: string) => logicalIdOf(template, 'AWS::ApiGatewayV2::Integration', (p) => JSON.stringify(p.IntegrationUri).includes(fn));
      const targetOf = (routeKey: string) =>
        Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey === routeKey)?.Properties.Target;
      const target = (fn: string) => ({ 'Fn::Join': ['', ['integrations/', { Ref: integrationOf(fn) }]] });
      for (const { method, path } of routeKeys(routeGroups.admin)) expect(targetOf(`${method} ${path}`)).toEqual(target(ids.adminApi));
      for (const { method, path } of routeKeys(routeGroups.pages)) expect(targetOf(`${method} ${path}`)).toEqual(target(ids.pages));
      for (const { method, path } of routeKeys(routeGroups.public)) expect(targetOf(`${method} ${path}`)).toEqual(target(ids.publicApi));
      expect(targetOf('$default')).toEqual(target(ids.publicApi));
      expect(targetOf('GET /widget.js')).toEqual(target(ids.pages));
      expect(routeKeys(routeGroups.admin).every(({ path }) => path.startsWith('/v1/admin/'))).toBe(true);
    });

    it('throttles the $default stage and writes JSON access logs', () => {
      // Assess
      template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
        AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"') },
      });
    });

    it('leaves CORS to the public function, which answers per form', () => {
      // Assess
      template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP', CorsConfiguration: Match.absent() });
    });
  });

  describe('the SLA job', () => {
    it('runs every 5 minutes, so an SLA is honoured within 5 minutes of its deadline, on an EventBridge schedule', () => {
      // Assess
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(5 minutes)',
        State: 'ENABLED',
        Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [ids.sla, 'Arn'] } })],
      });
      template.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: { 'Fn::GetAtt': [ids.sla, 'Arn'] }, Principal: 'events.amazonaws.com' });
    });
  });

  describe('webhooks', () => {
    it('feeds the webhook worker from its own queue, failures reported one by one, dead-lettered after 5 receives', () => {
      // Assess
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [ids.webhookQueue, 'Arn'] },
        FunctionName: { Ref: ids.webhooks },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      expect(resources[ids.webhookQueue]?.Properties.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [ids.webhookDeadLetters, 'Arn'] }, maxReceiveCount: 5 });
      const timeout = resources[ids.webhooks]?.Properties.Timeout as number;
      expect(resources[ids.webhookQueue]?.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout);
    });

    it('runs the sweeper every minute on an EventBridge schedule, and names the queue to every function that queues a delivery', () => {
      // Assess
      template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)', State: 'ENABLED', Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [ids.webhooks, 'Arn'] } })] });
      const variables = (id: string) => (resources[id]?.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      for (const id of [ids.publicApi, ids.adminApi, ids.scorer, ids.sla, ids.webhooks]) expect(variables(id).WINNOW_WEBHOOK_QUEUE_URL).toEqual({ Ref: ids.webhookQueue });
      expect(variables(ids.webhooks)).not.toHaveProperty('WINNOW_WEBHOOKS_ALLOW_LOOPBACK');
    });

    it('raises an alarm on the first message in the webhook dead-letter queue', () => {
      // Assess
      const alarms = Object.values(resources).filter(
        (r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' && JSON.stringify(r.Properties.Dimensions).includes(ids.webhookDeadLetters),
      );
      expect(alarms.map((r) => ({ statistic: r.Properties.Statistic, threshold: r.Properties.Threshold, actions: r.Properties.AlarmActions }))).toEqual([
        { statistic: 'Maximum', threshold: 1, actions: [{ Ref: ids.topic }] },
      ]);
    });
  });

  describe('alarms', () => {
    const alarmsOn = (metric: string, dimension?: unknown) =>
      Object.values(resources)
        .filter((r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.MetricName === metric)
        .filter((r) => dimension === undefined || JSON.stringify(r.Properties.Dimensions).includes(JSON.stringify(dimension)))
        .map((r) => ({ namespace: r.Properties.Namespace, statistic: r.Properties.Statistic, threshold: r.Properties.Threshold }));

    it('raises sixteen alarms, each notifying the alarm topic, none on missing data', () => {
      // Assess
      template.resourceCountIs('AWS::CloudWatch::Alarm', 16);
      template.allResourcesProperties('AWS::CloudWatch::Alarm', {
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: ids.topic }],
      });
    });

    it('watches the dead-letter queue depth, the scorer’s and the SLA job’s errors, and the API’s 5xx, each on its first occurrence', () => {
      // Assess
      expect(alarmsOn('ApproximateNumberOfMessagesVisible', { 'Fn::GetAtt': [ids.deadLetters, 'QueueName'] })).toEqual([{ namespace: 'AWS/SQS', statistic: 'Maximum', threshold: 1 }]);
      expect(alarmsOn('Errors', { Ref: ids.scorer })).toEqual([{ namespace: 'AWS/Lambda', statistic: 'Sum', threshold: 1 }]);
      expect(alarmsOn('Errors', { Ref: ids.sla })).toEqual([{ namespace: 'AWS/Lambda', statistic: 'Sum', threshold: 1 }]);
      expect(alarmsOn('5xx', { Ref: logicalIdOf(template, 'AWS::ApiGatewayV2::Api') })).toEqual([{ namespace: 'AWS/ApiGateway', statistic: 'Sum', threshold: 1 }]);
    });

    it('watches the age of the oldest job: 10 minutes on the scoring queue, a week in the dead-letter queue', () => {
      // Assess
      expect(alarmsOn('ApproximateAgeOfOldestMessage', { 'Fn::GetAtt': [ids.queue, 'QueueName'] })).toEqual([{ namespace: 'AWS/SQS', statistic: 'Maximum', threshold: 600 }]);
      expect(alarmsOn('ApproximateAgeOfOldestMessage', { 'Fn::GetAtt': [ids.deadLetters, 'QueueName'] })).toEqual([{ namespace: 'AWS/SQS', statistic: 'Maximum', threshold: 7 * 24 * 3600 }]);
    });

    it('tells of the first throttle of each of the six functions', () => {
      // Assess
      for (const id of functions()) expect(alarmsOn('Throttles', { Ref: id })).toEqual([{ namespace: 'AWS/Lambda', statistic: 'Sum', threshold: 1 }]);
    });

    it('tells of any SES bounce, and of an account bounce rate SES would review', () => {
      // Assess
      expect(alarmsOn('Bounce')).toEqual([{ namespace: 'AWS/SES', statistic: 'Sum', threshold: 1 }]);
      expect(alarmsOn('Reputation.BounceRate')).toEqual([{ namespace: 'AWS/SES', statistic: 'Maximum', threshold: 0.05 }]);
    });

    it('subscribes nobody by default: alarm addresses are a setting', () => {
      // Assess
      template.resourceCountIs('AWS::SNS::Subscription', 0);
    });

    it('requires TLS of whoever publishes to the alarm topic', () => {
      // Assess
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: ids.topic }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    });
  });

  describe('outputs', () => {
    it('gives the API URL, the admin URL and the widget snippet, all built on the API’s endpoint', () => {
      // Assess
      const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
      const endpoint = { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::ApiGatewayV2::Api'), 'ApiEndpoint'] };
      expect(outputs.ApiUrl?.Value).toEqual(endpoint);
      expect(outputs.AdminUrl?.Value).toEqual({ 'Fn::Join': ['', [endpoint, '/admin']] });
      expect(outputs.WidgetSnippet?.Value).toEqual({
        'Fn::Join': ['', ['<div data-winnow-form="demo-request"></div><script src="', endpoint, '/widget.js" data-api="', endpoint, '" async></script>']],
      });
      expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['AdminTokenSecret', 'SlackWebhookSecret', 'AlarmTopic']));
    });
  });
});

describe('the Winnow stack, configured through context', () => {
  let template: Template;

  beforeAll(() => {
    template = synthTemplate({
      'winnow:deletionProtection': 'false',
      'winnow:alarmEmails': 'oncall@example.com,ops@example.com',
      'winnow:mailFrom': 'leads@mail.winnow.test',
      'winnow:slaEveryMinutes': '60',
      'winnow:logRetentionDays': '90',
      'winnow:publicUrl': 'https://leads.example.org',
      'winnow:createSesIdentity': 'true',
      'winnow:secretsRevision': '1767225600',
      'winnow:scorerReservedConcurrency': '10',
      'winnow:slaReservedConcurrency': '0',
      'winnow:publicApiReservedConcurrency': '0',
    });
  }, SYNTH_TIMEOUT_MS);

  it('reserves what the concurrency settings say, 0 reserving nothing, and lets the queue hand the scorer as many batches as it reserved', () => {
    // Prepare
    const reserved = (description: string) => (template.toJSON().Resources as Record<string, { Properties: Record<string, unknown> }>)[functionId(template, description)]?.Properties.ReservedConcurrentExecutions;

    // Assess
    expect([reserved('Winnow public API'), reserved('Winnow scorer'), reserved('Winnow SLA job')]).toEqual([undefined, 10, undefined]);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { ScalingConfig: { MaximumConcurrency: 10 } });
  });

  it('lets a throwaway stack drop deletion protection, so cdk destroy removes the table', () => {
    // Assess
    template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete', Properties: { Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })] } });
  });

  it('emails every alarm address, and sends from the identity of the configured sender', () => {
    // Assess
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    const scorer = functionId(template, 'Winnow scorer');
    expect(JSON.stringify(statementsOf(template, scorer))).toMatch(/:identity\/mail\.winnow\.test"/);
  });

  it('restarts every function that reads a secret when the secrets revision changes, so a secret set by hand is read at once', () => {
    // Assess
    const functions = Object.values(template.toJSON().Resources as Record<string, { Type: string; Properties: { Environment: { Variables: object } } }>).filter(
      (r) => r.Type === 'AWS::Lambda::Function',
    );
    const readers = functions.filter((fn) => Object.keys(fn.Properties.Environment.Variables).some((name) => name.endsWith('_SECRET_ARN')));
    expect(readers).toHaveLength(4);
    for (const fn of readers) expect(fn.Properties.Environment.Variables).toMatchObject({ WINNOW_SECRETS_REVISION: '1767225600' });
  });

  it('runs the SLA job, keeps logs and links notifications as configured', () => {
    // Assess
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 hour)' });
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Winnow scorer'),
      Environment: { Variables: Match.objectLike({ WINNOW_PUBLIC_URL: 'https://leads.example.org', WINNOW_MAIL_FROM: 'leads@mail.winnow.test' }) },
    });
  });

  it('creates the sender’s domain identity when asked, and outputs the DKIM records its DNS needs', () => {
    // Assess
    template.resourceCountIs('AWS::SES::EmailIdentity', 1);
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'mail.winnow.test' });
    expect(Object.keys(template.toJSON().Outputs as object)).toContain('DkimRecords');
  });
});
