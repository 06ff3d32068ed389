/**
 * Writes schemas/*.schema.json from the zod source (`npm run schemas`); with `--check` it
 * only compares, so a hand edit or a forgotten regeneration fails the build.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { jsonSchemas } from './json-schemas.js';

const check = process.argv.includes('--check');
let drifted = 0;
for (const [name, schema] of Object.entries(jsonSchemas())) {
  const file = fileURLToPath(new URL(`./${name}.schema.json`, import.meta.url));
  const text = `${JSON.stringify(schema, null, 2)}\n`;
  const current = await readFile(file, 'utf8').catch(() => '');
  if (current === text) continue;
  if (check) {
    console.error(`schemas/${name}.schema.json is out of date: run npm run schemas`);
    drifted += 1;
  } else {
    await writeFile(file, text);
    console.log(`wrote schemas/${name}.schema.json`);
  }
}
process.exitCode = drifted ? 1 : 0;
