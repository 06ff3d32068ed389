import { describe, expect, it } from 'vitest';
import { json, JSON_HEADERS } from '../../../../functions/http/framework/middleware/http-types.js';

describe('json', () => {
  it('answers the body as UTF-8 JSON that no browser may sniff into HTML', () => {
    // Act
    const result = json(202, { leadId: 'lead_1', note: '<script>é</script>' });

    // Assess
    expect(result).toEqual({
      statusCode: 202,
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff' },
      body: '{"leadId":"lead_1","note":"<script>é</script>"}',
    });
  });

  it('adds the answer’s own headers beside the JSON headers', () => {
    // Act
    const result = json(429, { error: { code: 'rate_limited' } }, { 'retry-after': '30' });

    // Assess
    expect(result.headers).toEqual({ ...JSON_HEADERS, 'retry-after': '30' });
  });
});
