import type { JobLifecycle } from './lifecycle/lifecycle';
import { parseWorkerMessage } from './worker-message';

/** Where {@link handleWorkerEvent} reports a dropped message. */
export interface WorkerLog {
  warn(message: string, extra?: object): void;
}

/**
 * The worker's entry logic: validates the event (an async invoke payload or a scheduled poll, as
 * an object or its JSON text) and hands it to the lifecycle. A malformed event is logged and
 * dropped, never retried. Non-retryable domain failures are outcomes, not errors.
 * @returns 'handled', or 'dropped' for a malformed event.
 * @throws what {@link JobLifecycle.handle} throws (store, scheduler or Slack trouble), so that
 * Lambda retries the event.
 */
export async function handleWorkerEvent(
  lifecycle: JobLifecycle,
  event: unknown,
  log: WorkerLog,
): Promise<'handled' | 'dropped'> {
  const message = parseWorkerMessage(typeof event === 'string' ? parseJson(event) : event);
  if (!message) {
    log.warn('Malformed worker message dropped', { event: summarize(event) });
    return 'dropped';
  }
  await lifecycle.handle(message);
  return 'handled';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Enough of a bad event to recognise it in the logs, without flooding them. */
function summarize(event: unknown): string {
  let text: string;
  try {
    text = typeof event === 'string' ? event : (JSON.stringify(event) ?? String(event));
  } catch {
    text = String(event);
  }
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
