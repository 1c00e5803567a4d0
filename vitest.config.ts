import { defineConfig } from 'vitest/config';

// CI asks for a JSON report next to the console output so .ci/run can print one totals line.
const jsonReport = process.env.VITEST_JSON_OUTPUT;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', 'test/reliability/**', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
  },
});
