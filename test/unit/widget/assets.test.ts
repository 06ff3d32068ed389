import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { adminScript, widgetModule, widgetScript } from '../../../functions/http/routes/pages/assets.generated.js';
import { GENERATED_FILE, generatedModule } from '../../../widget/build.js';

describe('the checked-in browser bundles', () => {
  it('functions/http/routes/pages/assets.generated.ts is what widget/build.ts makes of widget/src and widget/admin', async () => {
    const built = await generatedModule();

    expect(await readFile(GENERATED_FILE, 'utf8'), 'run `npm run widget:build` after changing widget/').toBe(built);
  });

  it('carry none of zod: the pages import the core’s functions and the wire’s types, never a schema or its messages', () => {
    // zod's English messages (core/zod.ts loads them) and its schema constructor, as the minified bundles would hold them.
    for (const script of [widgetScript, widgetModule, adminScript]) {
      expect(script).not.toContain('Invalid input');
      expect(script).not.toContain('$ZodType');
    }
  });
});
