import { join } from 'node:path';
import { RemovalPolicy, type Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ESBUILD_OPTIONS, LAMBDA_ENTRIES, PROJECT_ROOT, type LambdaName } from './bundling.js';

export interface WinnowFunctionProps {
  handler: LambdaName;
  description: string;
  environment: Record<string, string>;
  timeout: Duration;
  memorySize: number;
  logRetention: RetentionDays;
  /** Containers kept for this function, also the most it runs at once; 0 or unset keeps none (a reservation of 0 would stop it). */
  reservedConcurrency?: number;
}

/**
 * One of Winnow's handlers on Lambda: bundled by the local esbuild (never Docker), arm64, the
 * newest Node.js runtime, its own log group with a retention, and a role of its own that may
 * write to that log group and nothing else until the stack grants it more.
 */
export class WinnowFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: WinnowFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    // Instead of AWSLambdaBasicExecutionRole, whose logs permissions cover every log group.
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: `${id}: ${props.description}` });
    logGroup.grant(role, 'logs:CreateLogStream', 'logs:PutLogEvents');
    this.function = new NodejsFunction(this, 'Function', {
      entry: join(PROJECT_ROOT, LAMBDA_ENTRIES[props.handler]),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      description: props.description,
      memorySize: props.memorySize,
      timeout: props.timeout,
      ...(props.reservedConcurrency ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      role,
      logGroup,
      environment: { POWERTOOLS_LOG_LEVEL: 'INFO', ...props.environment },
      bundling: {
        target: ESBUILD_OPTIONS.target,
        format: ESBUILD_OPTIONS.format,
        minify: ESBUILD_OPTIONS.minify,
        sourceMap: ESBUILD_OPTIONS.sourceMap,
        externalModules: [...ESBUILD_OPTIONS.externalModules],
        mainFields: [...ESBUILD_OPTIONS.mainFields],
      },
    });
  }
}
