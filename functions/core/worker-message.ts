import type { WorkerMessage } from './ports';
import { codePointLength, isRecord, unknownKeysOf } from './validation';

// Plain code instead of a zod schema keeps zod out of the worker bundle (cold start); it accepts
// exactly what the zod schema did (test/unit/core/runtime-schemas.test.ts compares both).

const KEYS_OF: Readonly<Record<WorkerMessage['type'], ReadonlySet<string>>> = {
  start: new Set(['type', 'requestId']),
  rerun: new Set(['type', 'requestId']),
  watch: new Set(['type', 'requestId']),
  poll: new Set(['type', 'requestId', 'seq']),
};

/**
 * Parses an incoming worker event (async invokes and scheduled polls): an object with a known
 * `type`, a `requestId` of 1-128 characters, for a poll a whole `seq` of at least 0, and no other
 * keys. Never throws.
 * @returns the message, or undefined when it is not a valid message.
 */
export function parseWorkerMessage(input: unknown): WorkerMessage | undefined {
  if (!isRecord(input)) return undefined;
  const { type, requestId, seq } = input;
  if (!isMessageType(type)) return undefined;
  if (typeof requestId !== 'string') return undefined;
  const length = codePointLength(requestId);
  if (length < 1 || length > 128) return undefined;
  if (unknownKeysOf(input, KEYS_OF[type]).length > 0) return undefined;
  if (type !== 'poll') return { type, requestId };
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return undefined;
  return { type, requestId, seq };
}

function isMessageType(type: unknown): type is WorkerMessage['type'] {
  return typeof type === 'string' && Object.hasOwn(KEYS_OF, type);
}
