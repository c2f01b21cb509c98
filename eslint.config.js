// @ts-check
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const reactHooks = require('eslint-plugin-react-hooks');
const globals = require('globals');
const layers = require('./eslint.layers.js');

const electronOnlyInHosts = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        {
          name: 'electron',
          message:
            'electron may be imported only in src-main/app/ and src-preload/ (see STYLE.md: the core runs in plain Node).',
        },
      ],
      patterns: [
        { group: ['electron/*'], message: 'electron may be imported only in src-main/app/ and src-preload/.' },
      ],
    },
  ],
};

module.exports = tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      ...electronOnlyInHosts,
    },
  },
  ...layers,
  {
    files: ['src-main/app/**', 'src-preload/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                'electron',
                'react',
                'dockerode',
                'better-sqlite3',
                '../../src-main/*',
                '../src-main/*',
              ],
              message: 'src-shared is the contract: pure TypeScript and zod only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks to the core through the typed client only.' },
            { name: 'dockerode', message: 'The renderer never touches the Docker socket.' },
          ],
          patterns: [
            {
              group: ['node:*', '**/src-main/**'],
              message: 'The renderer may import src-shared and React libraries only.',
            },
          ],
        },
      ],
    },
  },
);
