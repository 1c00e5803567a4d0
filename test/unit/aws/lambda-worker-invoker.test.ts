import { InvokeCommand, LambdaClient, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LambdaWorkerInvoker,
  WorkerInvokeError,
} from '../../../functions/aws/lambda-worker-invoker';
import type { WorkerMessage } from '../../../functions/core/ports';

const lambdaMock = mockClient(LambdaClient);
const WORKER = 'ats-bot-worker';

afterEach(() => {
  lambdaMock.reset();
});

function anInvoker(): LambdaWorkerInvoker {
  return new LambdaWorkerInvoker(new LambdaClient({ region: 'eu-west-1' }), WORKER);
}

describe('LambdaWorkerInvoker', () => {
  it.each<WorkerMessage>([
    { type: 'start', requestId: 'req-1' },
    { type: 'rerun', requestId: 'req-2' },
    { type: 'watch', requestId: 'req-3' },
    { type: 'poll', requestId: 'req-4', seq: 9 },
  ])('invokes the worker asynchronously with a $type message', async (message) => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });

    // Act
    await anInvoker().invoke(message);

    // Assess
    const calls = lambdaMock.commandCalls(InvokeCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toStrictEqual({
      FunctionName: WORKER,
      InvocationType: 'Event',
      Payload: JSON.stringify(message),
    });
  });

  it.each([
    [{ StatusCode: 200 }, /status 200/],
    [{ StatusCode: 202, FunctionError: 'Unhandled' }, /status 202, Unhandled/],
    [{}, /status none/],
  ])('throws WORKER_INVOKE_REJECTED when Lambda answers %o', async (answer, text) => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves(answer);

    // Act
    const attempt = anInvoker().invoke({ type: 'start', requestId: 'req-1' });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(WorkerInvokeError);
    await expect(attempt).rejects.toMatchObject({ code: 'WORKER_INVOKE_REJECTED' });
    await expect(attempt).rejects.toThrow(text);
  });

  it('propagates SDK errors', async () => {
    // Prepare
    lambdaMock
      .on(InvokeCommand)
      .rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));

    // Act
    const attempt = anInvoker().invoke({ type: 'start', requestId: 'req-1' });

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'TooManyRequestsException' });
  });

  it('refuses a message the worker would reject, without invoking', async () => {
    // Prepare
    const bad = { type: 'poll', requestId: 'req-1', seq: -1 } as WorkerMessage;

    // Act
    const attempt = anInvoker().invoke(bad);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'WORKER_MESSAGE_INVALID' });
    expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(0);
  });
});
