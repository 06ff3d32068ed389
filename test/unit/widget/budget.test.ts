import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { widgetScript } from '../../../functions/http/routes/pages/assets.generated.js';

/** The budget: what a customer's page downloads for widget.js, minified and gzipped as the API sends it. */
const BUDGET_BYTES = 5 * 1024;

describe('the widget’s weight on a customer’s page', () => {
  it('widget.js stays within 5 KB gzipped', () => {
    // Act
    const gzipped = gzipSync(widgetScript, { level: 9 }).byteLength;

    // Assess
    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
