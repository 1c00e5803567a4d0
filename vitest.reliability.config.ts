import { defineConfig } from 'vitest/config';

// CI asks for a JSON report next to the console output so .ci/run can print one totals line.
const jsonReport = process.env.VITEST_JSON_OUTPUT;

/**
 * The reliability suite (`npm run test:reliability`): load with faults, fuzzing, secrets in logs.
 * Generous timeouts, but each test also has its own wall-clock deadline and fails with a clear
 * message rather than hanging. `--expose-gc` lets the memory checks measure after a collection.
 */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 60_000,
    pool: 'forks',
    execArgv: ['--expose-gc'],
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
  },
});
