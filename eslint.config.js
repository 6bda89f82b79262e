/**
 * ESLint for every TypeScript project (inferred as each project's `lint` target by @nx/eslint, zero warnings
 * allowed): ESLint's and typescript-eslint's recommended rules with type information (the project service reads
 * each project's tsconfig.json, so types follow the sources of the packages a project imports), and Prettier's
 * formatting as a rule (prettier.config.js).
 */
import eslint from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['openapi/generated/', '**/dist/', '**/out-tsc/', '**/test-results/', '**/playwright-report/']),
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test reports a failing describe/it itself; awaiting them at the top level of a test file is noise.
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after'] },
          ],
        },
      ],
    },
  },
  {
    // Plain JavaScript (worker entry points, test fixtures, this file) runs on Node and is in no tsconfig.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  prettierRecommended,
);
