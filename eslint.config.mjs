import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'coverage/**', 'admin/dist/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // The admin UI runs in the browser (react-admin, TSX); its Vite config runs in Node.
    files: ['admin/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'react-hooks/refs': 'error',
      'react-hooks/set-state-in-render': 'error',
    },
  },
  {
    // The domain (services, models, writers), shared helpers and the parser know nothing of GraphQL: types,
    // inputs and resolvers (*.type(s).ts, *.inputs.ts, *.resolver.ts, *.connection.ts) are each domain's
    // GraphQL layer, and server/src/graphql/ is the edge that maps domain errors and declares access.
    files: [
      'server/src/**/*.service.ts',
      'server/src/**/*.model.ts',
      'server/src/**/*.writer.ts',
      'server/src/shared/**/*.ts',
      'server/src/transcripts/parser/**/*.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(@[^/]+/)?(type-)?graphql([-/]|$)|^@apollo/',
              message: 'The domain does not depend on GraphQL; map to GraphQL in the resolver or graphql/.',
            },
            {
              regex: '^(\\.{1,2}/)+(.+/)?graphql(/|$)|\\.(types?|inputs|resolver|connection)$',
              message:
                'The domain does not depend on the GraphQL layer; give the service a plain interface instead.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
