import { describe, expect, it } from 'vitest';
import type { WorkerMessage } from '../../../functions/core/ports';
import { InProcessInvoker } from '../../../functions/local/in-process-invoker';
import { LocalModeError } from '../../../functions/local/local-mode-error';

const start: WorkerMessage = { type: 'start', requestId: 'req-1' };

describe('InProcessInvoker', () => {
  it('resolves before the worker runs, then runs it with a copy of the message', async () => {
    // Prepare
    const seen: unknown[] = [];
    const invoker = new InProcessInvoker(async (event) => {
      seen.push(event);
    });
    const message = { ...start };

    // Act
    await invoker.invoke(message);
    const seenRightAfterInvoke = seen.length;
    await invoker.idle();

    // Assess
    expect(seenRightAfterInvoke).toBe(0);
    expect(seen).toEqual([start]);
    expect(seen[0]).not.toBe(message);
  });

  it('retries a throwing invocation twice, like Lambda async invokes, then gives up', async () => {
    // Prepare
    let calls = 0;
    const failures: Array<{ attempt: number; willRetry: boolean }> = [];
    const invoker = new InProcessInvoker(
      async () => {
        calls += 1;
        throw new Error('worker crashed');
      },
      {
        retryDelayMs: () => 1,
        onError: (_error, _message, attempt, willRetry) => failures.push({ attempt, willRetry }),
      },
    );

    // Act
    await invoker.invoke(start);
    await invoker.idle();

    // Assess
    expect(calls).toBe(3);
    expect(failures).toEqual([
      { attempt: 0, willRetry: true },
      { attempt: 1, willRetry: true },
      { attempt: 2, willRetry: false },
    ]);
  });

  it('stops retrying once a retry succeeds', async () => {
    // Prepare
    let calls = 0;
    const invoker = new InProcessInvoker(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('transient');
      },
      { retryDelayMs: () => 1 },
    );

    // Act
    await invoker.invoke(start);
    await invoker.idle();

    // Assess
    expect(calls).toBe(2);
  });

  it('refuses invocations after close and cancels waiting retries', async () => {
    // Prepare
    let calls = 0;
    const invoker = new InProcessInvoker(
      async () => {
        calls += 1;
        throw new Error('fails');
      },
      { retryDelayMs: () => 60_000 },
    );
    await invoker.invoke(start);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));

    // Act
    invoker.close();
    await invoker.idle();
    const refused = await invoker.invoke(start).catch((error: unknown) => error);

    // Assess
    expect(calls).toBe(1);
    expect(refused).toBeInstanceOf(LocalModeError);
    expect((refused as LocalModeError).code).toBe('INVOKER_CLOSED');
  });
});
