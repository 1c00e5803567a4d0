import { defineConfig } from 'vitest/config';

// The playground browser test (`npm run test:browser`): drives Debian's chromium through
// playwright-core. Kept out of `npm test` because it needs /usr/bin/chromium, which .ci/run installs.
const jsonReport = process.env.VITEST_JSON_OUTPUT;

export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The AWS SDK only reaches the embedded dynalite here; its Node support notice is noise.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
  },
});
