import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// Layers may only import to their right (DESIGN.md):
// api, cli, web -> service, config -> jobs, sources, store -> core.
const layer = (from, forbidden) => ({
  files: [`src/${from}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((group) => ({
          group: [group],
          message: `src/${from} must not import from ${group} (see DESIGN.md, Layout)`,
        })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'reports/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // The web UI is a client of the HTTP API like any other: no server code in it.
  {
    files: ['web/src/**/*.ts', 'web/src/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/**', 'node:*'],
              message: 'web/ talks to the HTTP API only (issue 6)',
            },
          ],
        },
      ],
    },
  },
  layer('core', [
    '**/sources/**',
    '**/store/**',
    '**/jobs/**',
    '**/cli/**',
    '**/api/**',
    '**/service*',
    '**/config/**',
    'node:*',
    'fs',
    'path',
    'pg',
    'better-sqlite3',
  ]),
  layer('sources', [
    '**/store/**',
    '**/jobs/**',
    '**/cli/**',
    '**/api/**',
    '**/service*',
    '**/config/**',
  ]),
  layer('store', [
    '**/sources/**',
    '**/jobs/**',
    '**/cli/**',
    '**/api/**',
    '**/service*',
    '**/config/**',
  ]),
  layer('config', ['**/cli/**', '**/api/**', '**/service*']),
  layer('jobs', ['**/cli/**', '**/api/**', '**/service*']),
  // The HTTP layer is thin: it calls the service, never the store or the jobs directly.
  layer('api', ['**/store/**', '**/jobs/**', '**/sources/**', '**/cli/**', 'pg', 'better-sqlite3']),
  {
    files: ['bin/**/*.js', 'bench/**/*.js', 'examples/**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        FormData: 'readonly',
        Blob: 'readonly',
        performance: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
  prettier,
);
