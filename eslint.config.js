import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The functions build every schema with core/zod.ts: zod's tree-shakable build, its English messages loaded. */
const ZOD_PATHS = ['zod', 'zod/mini', 'zod/v4', 'zod/v4/mini'].map((name) => ({ name, message: 'import * as z from functions/core/zod.js: a Lambda bundle carries only the zod it uses, with its messages.' }));

export default tseslint.config(
  { ignores: ['node_modules/', 'coverage/', 'cdk.out/', '.winnow/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, varsIgnorePattern: '^_', argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['functions/**/*.ts'],
    ignores: ['functions/core/zod.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ZOD_PATHS }] },
  },
  {
    files: ['functions/core/**/*.ts'],
    ignores: ['functions/core/zod.ts'],
    rules: {
      // The core is the pure domain: I/O and AWS live in adapters.
      'no-restricted-imports': [
        'error',
        {
          paths: ZOD_PATHS,
          patterns: [
            { group: ['@aws-sdk/*', 'aws-lambda', '@middy/*', 'node:*', 'fs', 'http', 'https', 'net'], message: 'functions/core stays pure: put I/O in functions/adapters.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'functions/core stays pure: no network.' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
