/**
 * The widget's weight on a customer's page: the very widget.js the API serves, beside
 * Typeform's embed loader bundled by esbuild (minified, IIFE) in the same run, both gzipped -9
 * as the API sends the widget. Printed, never asserted: the budget is read by people.
 */
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { widgetScript } from '../functions/http/routes/pages/assets.generated.js';

/** The budget for widget.js, minified and gzipped. */
const BUDGET_BYTES = 5 * 1024;

const root = fileURLToPath(new URL('../', import.meta.url));

interface Weight {
  name: string;
  minified: number;
  gzipped: number;
}

const weigh = (name: string, code: Uint8Array): Weight => ({ name, minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength });

const bundled = async (entry: string): Promise<Uint8Array> => {
  const result = await build({ absWorkingDir: root, entryPoints: [entry], bundle: true, minify: true, format: 'iife', target: 'es2020', write: false, logLevel: 'silent', legalComments: 'none' });
  return result.outputFiles[0]?.contents ?? new Uint8Array();
};

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KB`;

export const widgetBench = async (): Promise<void> => {
  const winnow = weigh('Winnow widget.js (as GET /widget.js serves it)', Buffer.from(widgetScript));
  const typeform = weigh('Typeform loader (@typeform/embed)', await bundled('@typeform/embed'));
  console.log('\nWidget size: minified, gzip -9');
  console.table(
    [winnow, typeform].map((w) => ({ bundle: w.name, minified: kb(w.minified), 'min+gzip': kb(w.gzipped), bytes: w.gzipped })),
  );
  console.log(
    `widget.js is ${kb(winnow.gzipped)} min+gzip: ${winnow.gzipped <= BUDGET_BYTES ? 'within' : 'OVER'} the ${kb(BUDGET_BYTES)} budget; ` +
      `Typeform's loader is ${(typeform.gzipped / winnow.gzipped).toFixed(1)}× its size (and then loads the form itself in an iframe).`,
  );
};
