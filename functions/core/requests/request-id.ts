import { createHash } from 'node:crypto';

/**
 * The request ids of a Slack action: a hash of its `trigger_id`, so a redelivered request maps to
 * the same job while two clicks never share one. The hash keeps Slack's id out of our records.
 */
export function requestIdFromTrigger(triggerId: string): string {
  return `req-${createHash('sha256').update(triggerId).digest('hex').slice(0, 20)}`;
}
