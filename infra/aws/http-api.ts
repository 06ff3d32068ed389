import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpRoute, HttpRouteKey, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { routeKeys } from '../../functions/http/framework/router.js';
import { routeGroups, type RouteGroup } from '../../functions/http/routes/index.js';

export interface WinnowHttpApiProps {
  /** The function serving each group of the route table. */
  functions: Record<RouteGroup, IFunction>;
  rateLimit: number;
  burstLimit: number;
  logRetention: RetentionDays;
}

/**
 * API Gateway HTTP API, payload v2, declaring exactly the routes the routers answer (read from
 * the route table's groups, so a route added there is deployed too), each group to its own
 * function. CORS is deliberately not configured here: API Gateway would then answer
 * preflights itself and drop the function's per-form answer.
 */
export class WinnowHttpApi extends Construct {
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: WinnowHttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', { description: 'Winnow: form capture and lead scoring', createDefaultStage: false });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    // `$default` keeps paths as the router knows them (a named stage would prefix them).
    new HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: AccessLogFormat.jsonWithStandardFields() },
    });
    for (const group of Object.keys(routeGroups) as RouteGroup[]) {
      // One permission per function rather than one per route: the integration is the API's only way in.
      const integration = new HttpLambdaIntegration(`${group}-integration`, props.functions[group], { scopePermissionToRoute: false });
      for (const { method, path } of routeKeys(routeGroups[group])) {
        new HttpRoute(this, `${method} ${path}`, { httpApi: this.api, routeKey: HttpRouteKey.with(path, HttpMethod[method]), integration });
      }
      // Any other method or path reaches the public router, which answers it in the SPEC's error shape.
      if (group === 'public') new HttpRoute(this, 'default route', { httpApi: this.api, routeKey: HttpRouteKey.DEFAULT, integration });
    }
  }

  /** Where the API answers: `https://{id}.execute-api.{region}.amazonaws.com`, no trailing slash. */
  get url(): string {
    return this.api.apiEndpoint;
  }
}
