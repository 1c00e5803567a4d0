import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltBotStack, buildBotStack, environmentOf } from './bot-stack-fixture';

/** Lambda's limit on all of a function's environment variables together (names and values). */
const LAMBDA_ENVIRONMENT_BYTES = 4096;

/**
 * Lengths assumed for values CloudFormation fills in at deployment: generated table and function
 * names run to about 50 characters (64 at most for a function); ARNs to about 95.
 */
const NAME_BYTES = 64;
const ARN_BYTES = 100;

let built: BuiltBotStack;

beforeAll(() => {
  built = buildBotStack({
    overrides: {
      // Every option the functions read at its longest, the ATS ones as real installs have them
      // (an app id is a UUID; the base URL of an on-premises ATS).
      admins: Array.from({ length: 10 }, (_, i) => `U${String(i).padStart(14, '0')}`),
      watchers: 'admins',
      startsPerUser: 1000,
      startWindowMinutes: 1440,
      activeJobsPerChannel: 1000,
      atsBaseUrl: 'https://ats.test-automation.example-company.com/ws/',
      atsAppId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      pollLimitHours: 0.1,
      logLevel: 'DEBUG',
    },
    bundle: false,
  });
}, 30_000);

afterAll(() => built?.cleanup());

describe("every function's environment", () => {
  it("fits Lambda's 4 KB with every option at its longest", () => {
    // Prepare
    const { stack, template } = built;

    // Act
    const sizes = [stack.ingress.fn, stack.worker.fn].map((fn) => {
      let bytes = 0;
      for (const [name, value] of Object.entries(environmentOf(template, fn))) {
        const filledIn = name.endsWith('_ARN') ? ARN_BYTES : NAME_BYTES;
        bytes += name.length + (typeof value === 'string' ? Buffer.byteLength(value) : filledIn);
      }
      return { fn: fn.node.path, bytes };
    });

    // Assess
    for (const size of sizes) {
      expect(size.bytes, size.fn).toBeGreaterThan(1000);
      expect(size.bytes, size.fn).toBeLessThanOrEqual(LAMBDA_ENVIRONMENT_BYTES);
    }
  });
});
