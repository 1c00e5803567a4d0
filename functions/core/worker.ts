import type { AnyWorkerMessage, HomeMessage, ScheduleMessage, WorkerMessage } from './ports';
import { parseWorkerMessage } from './worker-message';

/** Carries out a validated worker message. */
export interface WorkerHandler {
  handle(message: AnyWorkerMessage): Promise<void>;
}

/**
 * One handler for every worker message: job messages go to the job lifecycle, schedule messages
 * to the schedules, Home messages to the App Home. Without schedules (or a Home), such a message
 * is logged and dropped.
 */
export function routeWorkerMessages(
  jobs: { handle(message: WorkerMessage): Promise<void> },
  schedules: { handle(message: ScheduleMessage): Promise<void> } | undefined,
  log: WorkerLog,
  home?: { handle(message: HomeMessage): Promise<void> },
): WorkerHandler {
  return {
    async handle(message) {
      if (message.type === 'publish_home') {
        if (home) return home.handle(message);
        log.warn('Home message dropped: the App Home is not set up', { type: message.type });
        return;
      }
      if (message.type === 'sync_schedule' || message.type === 'fire_schedule') {
        if (schedules) return schedules.handle(message);
        log.warn('Schedule message dropped: schedules are not set up', { type: message.type });
        return;
      }
      return jobs.handle(message);
    },
  };
}

/** Where {@link handleWorkerEvent} reports a dropped message. */
export interface WorkerLog {
  warn(message: string, extra?: object): void;
}

/**
 * The worker's entry logic: validates the event (an async invoke payload, a scheduled poll or a
 * schedule firing, as an object or its JSON text) and hands it to the handler (the job lifecycle,
 * or {@link routeWorkerMessages}). A malformed event is logged and dropped, never retried.
 * Non-retryable domain failures are outcomes, not errors.
 * @returns 'handled', or 'dropped' for a malformed event.
 * @throws what the handler throws (store, scheduler or Slack trouble), so that Lambda retries the
 * event.
 */
export async function handleWorkerEvent(
  lifecycle: { handle(message: AnyWorkerMessage): Promise<void> },
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
