import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readSettings } from './settings.js';
import { WinnowStack } from './winnow-stack.js';

/**
 * `npx cdk synth | deploy`: one stack, configured by `winnow:*` context (defaults in
 * settings.ts). With no AWS credentials the stack is environment-agnostic, so synth still runs.
 */
const app = new App();
const settings = readSettings(app.node);
new WinnowStack(app, settings.stackName, {
  settings,
  description: 'Winnow: serverless form capture and lead scoring',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
// cdk-nag's AWS Solutions pack runs on every synth: an unacknowledged finding fails it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
