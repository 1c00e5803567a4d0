import { z } from 'zod';
import type { WorkerMessage } from './ports';

const requestId = z.string().min(1).max(128);

/** Schema of everything the worker accepts (async invokes and scheduled polls). */
export const workerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), requestId }).strict(),
  z.object({ type: z.literal('rerun'), requestId }).strict(),
  z.object({ type: z.literal('watch'), requestId }).strict(),
  z.object({ type: z.literal('poll'), requestId, seq: z.number().int().min(0) }).strict(),
]);

/** Parses an incoming worker event; undefined when it is not a valid message. */
export function parseWorkerMessage(input: unknown): WorkerMessage | undefined {
  const parsed = workerMessageSchema.safeParse(input);
  return parsed.success ? parsed.data : undefined;
}
