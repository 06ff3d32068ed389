/**
 * The widget's weight on a customer's page, beside Typeform's embed loader measured the same
 * way in the same run: each entry bundled by esbuild (minified, IIFE), then gzipped. Printed,
 * never asserted: the budget is read by people.
 */
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The budget for widget.js, minified and gzipped. */
const BUDGET_BYTES = 5 * 1024;

const root = fileURLToPath(new URL('../', import.meta.url));

interface Weight {
  name: string;
  minified: number;
  gzipped: number;
}

const weigh = async (name: string, entry: string): Promise<Weight> => {
  const result = await build({ absWorkingDir: root, entryPoints: [entry], bundle: true, minify: true, format: 'iife', target: 'es2020', write: false, logLevel: 'silent', legalComments: 'none' });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { name, minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
};

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KB`;

export const widgetBench = async (): Promise<void> => {
  const winnow = await weigh('Winnow widget.js (widget/src/script.ts)', 'widget/src/script.ts');
  const typeform = await weigh('Typeform loader (@typeform/embed)', '@typeform/embed');
  console.log('\nWidget size: bundled by esbuild (minified, IIFE), gzip -9');
  console.table(
    [winnow, typeform].map((w) => ({ bundle: w.name, minified: kb(w.minified), 'min+gzip': kb(w.gzipped), bytes: w.gzipped })),
  );
  console.log(
    `widget.js is ${kb(winnow.gzipped)} min+gzip: ${winnow.gzipped <= BUDGET_BYTES ? 'within' : 'OVER'} the ${kb(BUDGET_BYTES)} budget; ` +
      `Typeform's loader is ${(typeform.gzipped / winnow.gzipped).toFixed(1)}× its size (and then loads the form itself in an iframe).`,
  );
};
