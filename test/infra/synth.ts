import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations, type Environment } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PROJECT_ROOT } from '../../infra/aws/bundling.js';
import { readSettings } from '../../infra/aws/settings.js';
import { WinnowStack } from '../../infra/aws/winnow-stack.js';

/** Synthesis takes seconds: the infra tests share a synthesized stack and allow for a loaded machine. */
export const SYNTH_TIMEOUT_MS = 120_000;

/** The context a deployment starts from: cdk.json's, the sender to replace (every other default is in infra/aws/settings.ts). */
export const cdkJsonContext = (): Record<string, unknown> =>
  (JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

/** cdk.json's sender is refused by design; these stacks are synthesized, never sent from, so a test domain stands in. */
export const TEST_SENDER = { 'winnow:mailFrom': 'leads@winnow.test', 'winnow:allowTestSender': 'true' } as const;

/**
 * An app with cdk.json's context, the test sender and `context`, and the stack in it (in `env`
 * when given, environment-agnostic otherwise). Bundling is skipped (asset hashes stand in for
 * the code): these tests are about the resources, not esbuild.
 */
export const aWinnowApp = (context: Record<string, unknown> = {}, outdir?: string, env?: Environment) => {
  const app = new App({ context: { ...cdkJsonContext(), ...TEST_SENDER, 'aws:cdk:bundling-stacks': [], ...context }, ...(outdir ? { outdir } : {}) });
  const stack = new WinnowStack(app, 'Winnow', { settings: readSettings(app.node), ...(env ? { env } : {}) });
  return { app, stack };
};

export const synthTemplate = (context: Record<string, unknown> = {}, env?: Environment): Template => Template.fromStack(aWinnowApp(context, undefined, env).stack);

export interface NagViolation {
  ruleName: string;
  violatingConstructs: { constructPath: string }[];
}

/**
 * Synthesizes the stack with cdk-nag's AWS Solutions pack, as `cdk synth` does: whether synth
 * passed, what the pack reported, and the template (when synth passed).
 */
export const synthWithNag = (context: Record<string, unknown> = {}): { passed: boolean; violations: NagViolation[]; template?: Template } => {
  const outdir = mkdtempSync(join(tmpdir(), 'winnow-nag-'));
  try {
    const { app, stack } = aWinnowApp(context, outdir);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
    let template: Template | undefined;
    try {
      app.synth();
      template = Template.fromJSON(JSON.parse(readFileSync(join(outdir, stack.templateFile), 'utf8')) as Record<string, unknown>);
    } catch {
      template = undefined;
    }
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: { violations: NagViolation[] }[] };
    return { passed: template !== undefined, violations: report.pluginReports.flatMap((plugin) => plugin.violations), ...(template ? { template } : {}) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
};

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** The logical id of the one resource of `type` whose properties satisfy `match`. */
export const logicalIdOf = (template: Template, type: string, match: (properties: Record<string, unknown>) => boolean = () => true): string => {
  const ids = Object.entries(template.toJSON().Resources as Resources)
    .filter(([, resource]) => resource.Type === type && match(resource.Properties ?? {}))
    .map(([id]) => id);
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}: ${ids.join(', ')}`);
  return ids[0] ?? '';
};

/** A Lambda function's logical id, by the handler group in its description. */
export const functionId = (template: Template, descriptionStart: string): string =>
  logicalIdOf(template, 'AWS::Lambda::Function', (p) => String(p.Description).startsWith(descriptionStart));

/** Every statement of the policies attached to a function's role. */
export const statementsOf = (template: Template, functionLogicalId: string): { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown }[] => {
  const resources = template.toJSON().Resources as Resources;
  const role = (resources[functionLogicalId]?.Properties?.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties?.Roles) === JSON.stringify([{ Ref: role }]))
    .flatMap((r) => (r.Properties?.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown }[] }).Statement);
};

export const actionsOf = (statement: { Action: string | string[] }): string[] => [statement.Action].flat();

/** A function's DynamoDB statements, each as its sorted actions, the resources it names and its condition, if any. */
export const tableGrantsOf = (template: Template, functionLogicalId: string): { actions: string[]; resources: unknown[]; condition?: unknown }[] =>
  statementsOf(template, functionLogicalId)
    .filter((statement) => actionsOf(statement).some((action) => action.startsWith('dynamodb:')))
    .map((statement) => ({ actions: actionsOf(statement).sort(), resources: [statement.Resource].flat(), ...(statement.Condition ? { condition: statement.Condition } : {}) }));
