import * as z from 'zod/mini';
import type { WorkerMessage } from './ports';
import './schema-messages';

// `zod/mini` for a small Lambda bundle; same checks as the `zod` schema it replaced (see
// catalog.ts).
const requestId = z.string().check(z.minLength(1), z.maxLength(128));

/** Schema of everything the worker accepts (async invokes and scheduled polls). */
export const workerMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('start'), requestId }),
  z.strictObject({ type: z.literal('rerun'), requestId }),
  z.strictObject({ type: z.literal('watch'), requestId }),
  z.strictObject({
    type: z.literal('poll'),
    requestId,
    seq: z.number().check(z.int(), z.minimum(0)),
  }),
]);

/** Parses an incoming worker event; undefined when it is not a valid message. */
export function parseWorkerMessage(input: unknown): WorkerMessage | undefined {
  const parsed = workerMessageSchema.safeParse(input);
  return parsed.success ? parsed.data : undefined;
}
