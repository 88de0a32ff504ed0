// Lint rules that keep the architecture honest (DESIGN.md "Rules that keep it easy to change").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'module',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'stream/promises',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

const electronOnly = {
  name: 'electron',
  message: 'Only src/main/electron/** and src/preload/** may import electron.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      'release/**',
      '.cache/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': ['error', { paths: [electronOnly] }],
    },
  },
  {
    files: ['src/main/electron/**', 'src/preload/**', 'e2e/electron/**', 'electron.vite.config.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/proxy/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly, { name: 'better-sqlite3', message: 'The proxy never touches the store: emit to the injected sink.' }],
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', '**/store/**'],
              message: 'src/proxy imports neither the store, main services nor the renderer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly, ...nodeBuiltins.map((name) => ({ name, message: 'The renderer imports no Node built-ins.' }))],
          patterns: [
            { group: ['node:*'], message: 'The renderer imports no Node built-ins.' },
            { group: ['**/main/**', '**/proxy/**', '**/cli/**'], message: 'The renderer talks only to the typed contract.' },
          ],
        },
      ],
    },
  },
  prettier,
);
