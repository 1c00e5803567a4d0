import { describe, expect, it } from 'vitest';
import { BOT_BUNDLING, BOT_RUNTIME } from '../../lib/constructs/bot-function';

describe('the Node.js the tests run on', () => {
  it('is the major version Lambda runs and the bundles target', () => {
    // Prepare
    const testMajor = process.versions.node.split('.')[0];

    // Act
    const lambdaMajor = /^nodejs(\d+)\.x$/.exec(BOT_RUNTIME.name)?.[1];
    const bundleMajor = /^node(\d+)$/.exec(String(BOT_BUNDLING.target))?.[1];

    // Assess
    expect(lambdaMajor).toBe('24');
    expect(testMajor).toBe(lambdaMajor);
    expect(bundleMajor).toBe(lambdaMajor);
  });
});
