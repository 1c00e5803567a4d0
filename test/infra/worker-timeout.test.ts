import { describe, expect, it } from 'vitest';
import { ENV } from '../../functions/env';
import { buildBotStack, environmentOf, logicalIdOf } from './bot-stack-fixture';

function workerTimeout(overrides: Record<string, unknown>): { seconds: number; env: unknown } {
  const built = buildBotStack({ overrides, bundle: false });
  try {
    const { stack, template } = built;
    const resource = template.toJSON().Resources[logicalIdOf(stack.worker.fn)];
    return {
      seconds: resource.Properties.Timeout,
      env: environmentOf(template, stack.worker.fn)[ENV.atsStartTimeoutMs],
    };
  } finally {
    built.cleanup();
  }
}

describe('the worker function timeout follows the ATS start timeout', () => {
  it.each([
    [{}, 120, '60000'],
    [{ atsStartTimeoutMs: 120_000 }, 180, '120000'],
  ])('with %o the worker may run %i s and is told the start timeout', (overrides, seconds, env) => {
    // Act
    const worker = workerTimeout(overrides);

    // Assess
    expect(worker).toEqual({ seconds, env });
  });
});
