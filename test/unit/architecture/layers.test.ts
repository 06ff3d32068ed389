import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const FUNCTIONS = fileURLToPath(new URL('../../../functions', import.meta.url));

/** What each folder of functions/ may import: the core nothing, the use cases the core, the edges both (docs/architecture.md). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  core: ['core'],
  app: ['core', 'app'],
  adapters: ['core', 'app', 'adapters'],
  http: ['core', 'app', 'adapters', 'http'],
  workers: ['core', 'app', 'adapters', 'workers'],
};

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );

const layerOf = (file: string): string => relative(FUNCTIONS, file).split('/')[0] ?? '';

/** Every `from './…'` and `import('./…')` of a file, as the folder of functions/ it lands in (or outside). */
export const importsOf = (file: string, text = readFileSync(file, 'utf8')): { specifier: string; layer: string }[] =>
  [...text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map(([, specifier = '']) => {
    const target = resolve(dirname(file), specifier);
    const inside = !relative(FUNCTIONS, target).startsWith('..');
    return { specifier, layer: inside ? layerOf(target) : 'outside functions/' };
  });

describe('the import graph of functions/', () => {
  const files = sources(FUNCTIONS);

  it('has the five folders it documents, and nothing else at the top', () => {
    expect(new Set(files.map(layerOf))).toEqual(new Set(Object.keys(MAY_IMPORT)));
  });

  it.each(Object.keys(MAY_IMPORT))('%s imports only what lies below it', (layer) => {
    const upward = files
      .filter((file) => layerOf(file) === layer)
      .flatMap((file) =>
        importsOf(file)
          .filter(({ layer: target }) => !MAY_IMPORT[layer]?.includes(target) && !(layer === 'http' && target === 'outside functions/'))
          .map(({ specifier }) => `${relative(FUNCTIONS, file)} → ${specifier}`),
      );
    expect(upward).toEqual([]);
  });

  it('finds an arrow back up when there is one', () => {
    const file = join(FUNCTIONS, 'app', 'example.ts');
    expect(importsOf(file, "import { x } from '../http/wire.js';")).toEqual([{ specifier: '../http/wire.js', layer: 'http' }]);
  });
});
