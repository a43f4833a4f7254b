import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeOnly = ['electron', 'better-sqlite3', 'kysely', 'node:*', 'fs', 'path', 'os', 'crypto', 'http'];
const restrict = (extra = []) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: nodeOnly, message: 'This layer runs in the browser or on both sides: no Node, Electron or database imports.' },
        ...extra,
      ],
    },
  ],
});

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.electron-native/**', 'bench/.cache/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['scripts/**/*.mjs', 'bin/**/*.mjs'], languageOptions: { globals: globals.node } },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      ...restrict([{ group: ['**/main/**'], message: 'The renderer reaches the backend only through api/client.' }]),
    },
  },
  { files: ['src/shared/**/*.ts'], rules: restrict([{ group: ['**/main/**', '**/renderer/**'], message: 'shared depends on nothing.' }]) },
  {
    files: [
      'src/main/services/**/*.ts',
      'src/main/db/**/*.ts',
      'src/main/api/**/*.ts',
      'src/main/transport/**/*.ts',
      'src/main/cli/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only src/main/index.ts may import Electron.' }] }],
    },
  },
);
