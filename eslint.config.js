import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** The feature folders of src/. */
const FEATURES = ['auth', 'audit', 'org', 'members', 'news', 'portal', 'care', 'funds', 'site', 'demo', 'desk'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'test-artifacts/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        TextDecoder: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  { files: ['bench/**', 'scripts/**'], rules: { 'no-console': 'off' } },
  {
    // Shared infrastructure never reaches into a feature: a request reads route → service → repo, never back up.
    files: [
      'src/lib/**',
      'src/db/**',
      'src/web/**',
      'src/access/**',
      'src/files/**',
      'src/zip/**',
      'src/spreadsheet/**',
      'src/media/**',
      'src/docx/**',
    ],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: FEATURES.map((f) => `**/${f}/**`),
              message: 'Shared infrastructure (lib, db, web, access, files, zip, spreadsheet, media, docx) must not import a feature.',
            },
            { group: ['**/app.js', '**/cli.js'], message: 'Shared infrastructure must not import the application.' },
          ],
        },
      ],
    },
  },
  {
    // Routes are thin: access, parse, one service call, render. SQL stays behind the services.
    files: ['src/**/routes.ts', 'src/**/routes.tsx', 'src/**/*-routes.ts', 'src/**/*-routes.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/repo.js', '**/*-repo.js'], message: 'A route calls a service, never a repository.' }] },
      ],
    },
  },
);
