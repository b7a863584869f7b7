import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // TypeScript is linted; the two plain CommonJS files are jest's own configuration.
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', '**/*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
);
