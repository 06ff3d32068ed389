import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionId, logicalIdOf, SYNTH_TIMEOUT_MS, synthTemplate, synthWithNag } from './synth.js';

const EDGE_ON = { 'winnow:edgeRateLimit': '1000' };
const US_EAST_1 = { account: '123456789012', region: 'us-east-1' };
/** AWS's managed CloudFront policies, by their fixed ids. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

describe('the per-client rate limit at the edge (winnow:edgeRateLimit)', () => {
  describe('off, by default', () => {
    let template: Template;

    beforeAll(() => {
      template = synthTemplate();
    }, SYNTH_TIMEOUT_MS);

    it('puts neither CloudFront nor WAF in front of the API', () => {
      // Assess
      template.resourceCountIs('AWS::CloudFront::Distribution', 0);
      template.resourceCountIs('AWS::WAFv2::WebACL', 0);
      expect(Object.keys(template.toJSON().Rules ?? {}).filter((rule) => rule.startsWith('Edge'))).toEqual([]);
    });
  });

  describe('on, in us-east-1', () => {
    let template: Template;
    let resources: Resources;
    let distribution: string;

    beforeAll(() => {
      template = synthTemplate(EDGE_ON, US_EAST_1);
      resources = template.toJSON().Resources as Resources;
      distribution = logicalIdOf(template, 'AWS::CloudFront::Distribution');
    }, SYNTH_TIMEOUT_MS);

    it('counts requests per client address over 5 minutes in a CloudFront web ACL, and answers the SPEC’s 429 over the limit', () => {
      // Assess
      template.resourceCountIs('AWS::WAFv2::WebACL', 1);
      template.hasResourceProperties('AWS::WAFv2::WebACL', {
        Scope: 'CLOUDFRONT',
        DefaultAction: { Allow: {} },
        Rules: [
          {
            Name: 'RequestsPerClientAddress',
            Priority: 0,
            Statement: { RateBasedStatement: { Limit: 1000, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
            Action: { Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'rateLimited', ResponseHeaders: [{ Name: 'retry-after', Value: '60' }] } } },
            VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: 'WinnowRequestsPerClientAddress' },
          },
        ],
      });
      const body = Object.values(resources).find((r) => r.Type === 'AWS::WAFv2::WebACL')?.Properties.CustomResponseBodies as Record<string, { Content: string; ContentType: string }>;
      expect(body.rateLimited?.ContentType).toBe('APPLICATION_JSON');
      expect(JSON.parse(body.rateLimited?.Content ?? '')).toEqual({ error: { code: 'rate_limited', message: 'too many requests: retry in 60 s' } });
    });

    it('fronts the HTTP API with a distribution under that web ACL, caching nothing and passing every viewer header but Host', () => {
      // Assess
      const webAcl = logicalIdOf(template, 'AWS::WAFv2::WebACL');
      const api = logicalIdOf(template, 'AWS::ApiGatewayV2::Api');
      template.resourceCountIs('AWS::CloudFront::Distribution', 1);
      expect(resources[distribution]?.Properties.DistributionConfig).toMatchObject({
        WebACLId: { 'Fn::GetAtt': [webAcl, 'Arn'] },
        Origins: [
          {
            DomainName: { 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [api, 'ApiEndpoint'] }] }] },
            CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
          },
        ],
        DefaultCacheBehavior: {
          AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
          CachePolicyId: CACHING_DISABLED,
          OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
          ViewerProtocolPolicy: 'https-only',
        },
      });
    });

    it('names the distribution in the outputs and in the links of notifications', () => {
      // Assess
      const base = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }]] };
      const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
      expect(outputs.ApiUrl?.Value).toEqual(base);
      expect(JSON.stringify(outputs.AdminUrl?.Value)).toBe(JSON.stringify({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }, '/admin']] }));
      expect(JSON.stringify(outputs.WidgetSnippet?.Value)).toContain(`"Fn::GetAtt":["${distribution}","DomainName"]`);
      expect(JSON.stringify(outputs.WidgetSnippet?.Value)).not.toContain('ApiEndpoint');
      for (const fn of ['Winnow scorer', 'Winnow SLA job']) {
        expect((resources[functionId(template, fn)]?.Properties.Environment as { Variables: Record<string, unknown> }).Variables.WINNOW_PUBLIC_URL).toEqual(base);
      }
    });

    it('raises the functions’ own per-container limit to the stage’s rate: behind CloudFront they see its addresses, not the clients’', () => {
      // Assess
      for (const fn of ['Winnow public API', 'Winnow admin API', 'Winnow pages']) {
        expect((resources[functionId(template, fn)]?.Properties.Environment as { Variables: Record<string, unknown> }).Variables.WINNOW_RATE_LIMIT_PER_MINUTE).toBe('3000');
      }
    });
  });

  it(
    'stops synth in any region but us-east-1, where CloudFront keeps web ACLs, saying what to do',
    () => {
      // Act
      const synthesizing = () => synthTemplate(EDGE_ON, { account: '123456789012', region: 'eu-west-1' });

      // Assess
      expect(synthesizing).toThrow(/winnow:edgeRateLimit needs the stack in us-east-1.*this one deploys to eu-west-1.*AWS_REGION=us-east-1/);
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'asserts us-east-1 at deploy when the stack is synthesized without a region, and passes cdk-nag',
    () => {
      // Act
      const { passed, violations, template } = synthWithNag(EDGE_ON);

      // Assess
      expect(violations.map((v) => v.ruleName)).toEqual([]);
      expect(passed).toBe(true);
      const rules = Object.entries((template?.toJSON().Rules ?? {}) as Record<string, { Assertions: { Assert: unknown }[] }>).filter(([id]) => id.startsWith('Edge'));
      expect(rules.map(([, rule]) => rule.Assertions.map((a) => a.Assert))).toEqual([[{ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] }]]);
    },
    SYNTH_TIMEOUT_MS,
  );
});
