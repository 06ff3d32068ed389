import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    files: ['functions/core/**/*.ts'],
    rules: {
      // The core is the pure domain: I/O and AWS live in adapters.
      'no-restricted-imports': [
        'error',
        {
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
