import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { GENERATED_FILE, generatedModule } from '../../../widget/build.js';

describe('the checked-in browser bundles', () => {
  it('functions/http/routes/pages/assets.generated.ts is what widget/build.ts makes of widget/src and widget/admin', async () => {
    const built = await generatedModule();

    expect(await readFile(GENERATED_FILE, 'utf8'), 'run `npm run widget:build` after changing widget/').toBe(built);
  });
});
