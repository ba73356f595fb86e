// ESLint (flat config): the usual TypeScript rules and lines of at most 150 characters.
// `npm run lint`. Generated provider bindings are not linted (regenerate them instead).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist-lib/**', 'dist/**', 'cdktf.out/**', '.tmp/**', 'coverage/**', 'node_modules/**', 'lib/terraform/generated/**', 'lib/terraform/generated-cdktn/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts'],
    rules: {
      'max-len': ['error', { code: 150, ignoreUrls: true, ignoreRegExpLiterals: true }],
      // `_`-prefixed names are deliberately unused (destructured away, placeholders).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // The CLI launcher and the jest config are CommonJS scripts run by Node.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: {
      'max-len': ['error', { code: 150, ignoreUrls: true }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
