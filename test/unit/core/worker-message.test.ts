import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWorkerMessage } from '../../../functions/core/worker-message';

// What the worker takes from an event: exactly the messages of its types, each with its own
// fields and nothing else; anything else is not a message (undefined), whatever it holds.

const requestId = fc.oneof(
  fc.string({ minLength: 1, maxLength: 128 }),
  fc.constantFrom('req-1', '😀'.repeat(128)),
);
const scheduleId = fc
  .tuple(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,39}$/), fc.stringMatching(/^[0-9a-f]{8}$/))
  .map(([alias, suffix]) => `${alias}-${suffix}`);
const scheduledTime = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z') })
  .filter((d) => !Number.isNaN(d.getTime()))
  .chain((d) => fc.constantFrom(d.toISOString(), d.toISOString().replace(/\.\d{3}Z$/, 'Z')));

const validMessage = fc.oneof(
  fc.record({ type: fc.constantFrom('start', 'rerun', 'watch'), requestId }),
  fc.record({ type: fc.constant('poll'), requestId, seq: fc.nat() }),
  fc.record({
    type: fc.constant('hop'),
    requestId,
    seq: fc.nat(),
    at: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
    seenAt: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
  }),
  fc.record({ type: fc.constant('sync_schedule'), scheduleId }),
  fc.record({ type: fc.constant('fire_schedule'), scheduleId, scheduledTime }),
);

/** A field of a valid message replaced by a value its type refuses. */
const BAD: Record<string, fc.Arbitrary<unknown>> = {
  type: fc.constantFrom('stop', 'toString', 'START', '', 1, null),
  requestId: fc.oneof(fc.constantFrom('', 7, null, ['r']), fc.constant('😀'.repeat(129))),
  seq: fc.constantFrom(-1, 1.5, '1', Number.NaN, 2 ** 53, null),
  at: fc.constantFrom(-1, 1.5, '1736154000000', Number.POSITIVE_INFINITY, 2 ** 53, null),
  seenAt: fc.constantFrom(-5, 0.5, '0', Number.NaN, 2 ** 53, undefined),
  scheduleId: fc.constantFrom('smoke', 'Smoke-0123abcd', 'smoke-0123abc', 'smoke-0123ABCD', 3),
  scheduledTime: fc.constantFrom(
    '2025-03-30 01:00:00Z',
    '2025-03-30T01:00:00+01:00',
    // Date.parse reads it as March 2: found by this test, kept as a case.
    '2025-02-30T01:00:00Z',
    '2025-04-31T00:00:00Z',
    '2025-01-01T24:00:00Z',
    '2025-13-01T00:00:00Z',
    1_743_296_400_000,
  ),
};

describe('parseWorkerMessage', () => {
  it('returns every well-formed message of every type as it is', () => {
    // Act
    // Assess
    fc.assert(
      fc.property(validMessage, (message) => {
        expect(parseWorkerMessage(message)).toEqual(message);
        expect(parseWorkerMessage(JSON.parse(JSON.stringify(message)))).toEqual(message);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a message with one of its fields bad', () => {
    // Prepare
    const cases = validMessage.chain((message) =>
      fc
        .constantFrom(...Object.keys(message))
        .chain((field) =>
          (BAD[field] as fc.Arbitrary<unknown>).map((bad) => ({ message, field, bad })),
        ),
    );

    // Act
    // Assess
    fc.assert(
      fc.property(cases, ({ message, field, bad }) => {
        expect(parseWorkerMessage({ ...message, [field]: bad })).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it("refuses a message missing one of its fields or carrying another type's", () => {
    // Prepare
    const cases = validMessage.chain((message) =>
      fc.record({
        message: fc.constant(message),
        missing: fc.constantFrom(...Object.keys(message)),
        extra: fc.constantFrom('requestId', 'seq', 'at', 'scheduleId', 'scheduledTime', 'extra'),
      }),
    );

    // Act
    // Assess
    fc.assert(
      fc.property(cases, ({ message, missing, extra }) => {
        const { [missing]: _gone, ...without } = message as Record<string, unknown>;
        expect(parseWorkerMessage(without)).toBeUndefined();
        if (!(extra in message)) {
          expect(parseWorkerMessage({ ...message, [extra]: 'x' })).toBeUndefined();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, whatever the event holds', () => {
    // Prepare
    const events = fc.oneof(
      fc.anything(),
      fc.record(
        {
          type: fc.oneof(fc.constantFrom('start', 'poll', 'hop', 'fire_schedule'), fc.anything()),
          requestId: fc.anything(),
          seq: fc.anything(),
          at: fc.anything(),
          seenAt: fc.anything(),
          scheduleId: fc.anything(),
          scheduledTime: fc.anything(),
        },
        { requiredKeys: [] },
      ),
    );

    // Act
    // Assess
    fc.assert(
      fc.property(events, (event) => {
        expect(() => parseWorkerMessage(event)).not.toThrow();
      }),
      { numRuns: 1_000 },
    );
  });
});
