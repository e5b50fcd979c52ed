// One root lint config (STYLE.md 25). Size and complexity limits are warnings: they flag code to
// split, without blocking a fix that has to land.
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'scratch/**', '.inspectflow/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      'no-console': 'error',
      complexity: ['warn', 12],
      'max-lines': ['warn', { max: 320, skipBlankLines: true, skipComments: true }],
      'max-params': ['warn', 5],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // the CLI, benchmarks and tests talk to a terminal on purpose
    files: ['apps/runtime/src/cli/**', 'apps/runtime/src/bench/**', 'tests/**', '**/*.test.ts', '**/check-*.ts'],
    rules: { 'no-console': 'off' },
  },
)
