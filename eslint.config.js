import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import { BOUNDARIES } from './eslint.boundaries.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-artifacts/**', 'release/**'] },
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='exec']", message: 'Never run shell strings: use execFile/spawn with an argument array.' },
        { selector: "CallExpression[callee.property.name='exec'][callee.object.name='child_process']", message: 'Never run shell strings.' },
      ],
    },
  },
  // The house rules of architecture.md as import rules, one block per folder (./eslint.boundaries.js).
  ...BOUNDARIES,
);
