import { Aws, CfnRule, Fn, Stack, Token, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { AllowedMethods, CachePolicy, Distribution, OriginProtocolPolicy, OriginRequestPolicy, OriginSslPolicy, ViewerProtocolPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface WinnowEdgeProps {
  api: IHttpApi;
  /** Requests per 5 minutes per client address. */
  requestsPerFiveMinutes: number;
}

/** CloudFront keeps the web ACLs of distributions in this region only. */
export const EDGE_REGION = 'us-east-1';

/** How long a refused client is told to wait: WAF lifts the block once the address's rate falls under the limit. */
const RETRY_AFTER_SECONDS = 60;

/**
 * A per-client rate limit that holds across Lambda containers: the function's own limiter counts
 * per container, so on AWS it grows with concurrency, and API Gateway HTTP APIs take no WAF. So
 * CloudFront fronts the API, and a WAF rate-based rule counts each client address at the edge.
 *
 * The web ACL of a distribution must live in us-east-1, so this requires the stack there (checked
 * at synth when the region is known, by a CloudFormation rule at deploy when it is not). A second
 * stack in us-east-1 would free the table's region, but needs CDK's cross-region references:
 * custom-resource Lambdas writing SSM parameters in the other region, a concrete account at
 * synth, and a web ACL that cannot be replaced while the distribution uses it. A stack that must
 * live elsewhere keeps the stage throttling, and can put its own CloudFront and WAF in front.
 *
 * The limit counts per address: clients behind one NAT share it, and an IPv6 client can change
 * address within its prefix. The API's execute-api URL still answers directly; only the outputs
 * and the links in notifications stop naming it.
 */
export class WinnowEdge extends Construct {
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: WinnowEdgeProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    if (!Token.isUnresolved(region) && region !== EDGE_REGION) {
      throw new Error(
        `winnow:edgeRateLimit needs the stack in ${EDGE_REGION}, where CloudFront keeps WAF web ACLs; this one deploys to ${region}. Deploy with AWS_REGION=${EDGE_REGION}, or leave winnow:edgeRateLimit at 0.`,
      );
    }
    new CfnRule(this, 'InEdgeRegion', {
      assertions: [{ assert: Fn.conditionEquals(Aws.REGION, EDGE_REGION), assertDescription: `winnow:edgeRateLimit needs the stack in ${EDGE_REGION}, where CloudFront keeps WAF web ACLs` }],
    });

    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
    const webAcl = new CfnWebACL(this, 'RateLimit', {
      scope: 'CLOUDFRONT',
      description: 'Winnow: requests per client address',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('WinnowEdge'),
      // The SPEC's 429 in its error shape, as the function's own limiter answers it.
      customResponseBodies: {
        rateLimited: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({ error: { code: 'rate_limited', message: `too many requests: retry in ${RETRY_AFTER_SECONDS} s` } }),
        },
      },
      rules: [
        {
          name: 'RequestsPerClientAddress',
          priority: 0,
          statement: { rateBasedStatement: { limit: props.requestsPerFiveMinutes, evaluationWindowSec: 300, aggregateKeyType: 'IP' } },
          action: {
            block: {
              customResponse: { responseCode: 429, customResponseBodyKey: 'rateLimited', responseHeaders: [{ name: 'retry-after', value: String(RETRY_AFTER_SECONDS) }] },
            },
          },
          visibilityConfig: visibility('WinnowRequestsPerClientAddress'),
        },
      ],
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Winnow: the HTTP API behind a per-client rate limit',
      webAclId: webAcl.attrArn,
      defaultBehavior: {
        // `https://{id}.execute-api.{region}.amazonaws.com` → its host.
        origin: new HttpOrigin(Fn.select(2, Fn.split('/', props.api.apiEndpoint)), { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY, originSslProtocols: [OriginSslPolicy.TLS_V1_2] }),
        allowedMethods: AllowedMethods.ALLOW_ALL,
        // Redirecting a POST loses its body: plain HTTP is refused instead.
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        // Every answer is per lead, per form origin or per token: nothing is cached.
        cachePolicy: CachePolicy.CACHING_DISABLED,
        // Origin (per-form CORS), Authorization (admin token), content-type and the rest; never Host, which API Gateway routes by.
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction: the widget captures leads wherever the sites that embed it have visitors, and which countries to refuse is each deployment’s business decision, not the stack’s.',
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-CFR3',
      reason:
        'No CloudFront access logs (an S3 bucket with ACLs): every request that passes reaches the API, whose stage writes JSON access logs, and WAF keeps sampled requests and per-rule metrics of the ones it blocks.',
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'The distribution answers on its cloudfront.net name, whose default certificate CloudFront serves with its own TLS policy; a minimum protocol version can only be set with a custom domain and certificate, which this stack does not manage.',
    });
  }

  /** Where the distribution answers: `https://{id}.cloudfront.net`, no trailing slash. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}
