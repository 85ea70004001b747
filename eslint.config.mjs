import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'client-vscode/out/**', 'client-vscode/node_modules/**', 'client-vscode/dist/**', 'client-vscode/server/**', 'build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // stdout is the protocol channel in stdio mode: log through the Logger only.
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The packed summary's layout is private to summary.ts (and the cache that stores it): everyone else
    // reads symbols through its named accessors (field(), kindOf(), symbolAtName()...).
    files: ['server/src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    ignores: ['server/src/language/summary.ts', 'server/src/workspace/index-cache.ts', 'server/src/workspace/cache-codec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/summary'], importNames: ['STRIDE'], message: 'use the accessors of summary.ts.' }] },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[computed=true][object.type='MemberExpression'][object.property.name='symbols']",
          message: 'the packed summary is read through the accessors of summary.ts (field(), kindOf()...).',
        },
      ],
    },
  },
  {
    files: ['server/src/language/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['vscode-*', 'vscode-languageserver*'], message: 'language/ is protocol-free.' },
            { group: ['fs', 'node:*', 'path', 'os', 'child_process', 'net', 'worker_threads'], message: 'language/ is I/O-free.' },
            { group: ['../*'], message: 'language/ depends on nothing outside itself.' },
            { group: ['./summary'], importNames: ['STRIDE'], message: 'use the accessors of summary.ts.' },
          ],
        },
      ],
    },
  },
  {
    // The type layer: pure like language/, and it may read language/ (never the other way round).
    files: ['server/src/types/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['vscode-*', 'vscode-languageserver*'], message: 'types/ is protocol-free.' },
            { group: ['fs', 'node:*', 'path', 'os', 'child_process', 'net', 'worker_threads'], message: 'types/ is I/O-free.' },
            { group: ['../*', '!../language', '!../language/*'], message: 'types/ depends on language/ only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['client-vscode/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'core/ runs without VS Code (tested in plain Node).' }] }],
    },
  },
  {
    // Command-line programs own their stdout.
    files: ['bench/**/*.ts', 'fixtures/**/*.ts', 'bin/**/*.js', 'scripts/**/*.js', 'client-vscode/scripts/**/*.js', 'test/support/reporter.js'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.js', 'client-vscode/scripts/**/*.js', 'test/support/*.js', '.mocharc.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
