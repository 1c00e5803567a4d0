import { describe, expect, it } from 'vitest';
import { StopStack } from '../../../functions/local/stop-stack';
import { createLogger } from '../../../functions/logger';

describe('StopStack', () => {
  it('stops in the reverse order of starting, once, even when one stop fails', async () => {
    // Prepare
    const log = createLogger('stop-stack-test', 'SILENT');
    const warnings: unknown[] = [];
    log.warn = (...args: unknown[]) => {
      warnings.push(args);
    };
    const stops = new StopStack(log);
    const stopped: string[] = [];
    stops.push(() => {
      stopped.push('store');
    });
    stops.push(() => {
      throw new Error('worker would not stop');
    });
    stops.push(async () => {
      stopped.push('server');
    });

    // Act
    await stops.stopAll();
    await stops.stopAll();

    // Assess
    expect(stopped).toEqual(['server', 'store']);
    expect(warnings).toHaveLength(1);
  });
});
