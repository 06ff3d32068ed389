/**
 * Writes schemas/*.schema.json and schemas/openapi.json from the zod source and the route
 * table (`npm run schemas`); with `--check` it only compares, so a hand edit or a forgotten
 * regeneration fails the build.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from '../functions/http/framework/openapi.js';
import { routes } from '../functions/http/routes/index.js';
import { jsonSchemas } from './json-schemas.js';

const check = process.argv.includes('--check');
let drifted = 0;
const documents = { ...Object.fromEntries(Object.entries(jsonSchemas()).map(([name, schema]) => [`${name}.schema.json`, schema])), 'openapi.json': openApiDocument(routes) };
for (const [name, document] of Object.entries(documents)) {
  const file = fileURLToPath(new URL(`./${name}`, import.meta.url));
  const text = `${JSON.stringify(document, null, 2)}\n`;
  const current = await readFile(file, 'utf8').catch(() => '');
  if (current === text) continue;
  if (check) {
    console.error(`schemas/${name} is out of date: run npm run schemas`);
    drifted += 1;
  } else {
    await writeFile(file, text);
    console.log(`wrote schemas/${name}`);
  }
}
process.exitCode = drifted ? 1 : 0;
