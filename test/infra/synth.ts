import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PROJECT_ROOT } from '../../infra/aws/bundling.js';
import { readSettings } from '../../infra/aws/settings.js';
import { WinnowStack } from '../../infra/aws/winnow-stack.js';

/** Synthesis takes seconds: the infra tests share a synthesized stack and allow for a loaded machine. */
export const SYNTH_TIMEOUT_MS = 120_000;

/** The defaults a deployment starts from: cdk.json's `context`. */
export const cdkJsonContext = (): Record<string, unknown> =>
  (JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

/**
 * An app with cdk.json's defaults plus `context`, and the stack in it. Bundling is skipped
 * (asset hashes stand in for the code): these tests are about the resources, not esbuild.
 */
export const aWinnowApp = (context: Record<string, unknown> = {}, outdir?: string) => {
  const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context }, ...(outdir ? { outdir } : {}) });
  const stack = new WinnowStack(app, 'Winnow', { settings: readSettings(app.node) });
  return { app, stack };
};

export const synthTemplate = (context: Record<string, unknown> = {}): Template => Template.fromStack(aWinnowApp(context).stack);

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
export const statementsOf = (template: Template, functionLogicalId: string): { Action: string | string[]; Resource: unknown; Effect: string }[] => {
  const resources = template.toJSON().Resources as Resources;
  const role = (resources[functionLogicalId]?.Properties?.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties?.Roles) === JSON.stringify([{ Ref: role }]))
    .flatMap((r) => (r.Properties?.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown; Effect: string }[] }).Statement);
};

export const actionsOf = (statement: { Action: string | string[] }): string[] => [statement.Action].flat();
