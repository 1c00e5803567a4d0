import type { Button } from '@slack/web-api';

/**
 * `action_id` of the **Open in ATS** link button. Slack opens the link itself and also sends the
 * click to the app, which only acknowledges it (`bolt-app.ts`).
 */
export const OPEN_IN_ATS_ACTION_ID = 'open_in_ats';

/** Longest URL Slack takes on a button. */
const MAX_BUTTON_URL = 3_000;

/** What the builders of job messages may be given besides the job. */
export interface JobMessageOptions {
  /** The job's page in ATS (see `core/ats-links.ts`); no button without it. */
  atsUrl?: string;
}

/** The **Open in ATS** link button, or undefined when there is no usable URL. */
export function openInAtsButton(url: string | undefined): Button | undefined {
  if (!url || url.length > MAX_BUTTON_URL || !/^https?:\/\//i.test(url)) return undefined;
  return {
    type: 'button',
    action_id: OPEN_IN_ATS_ACTION_ID,
    text: { type: 'plain_text', text: 'Open in ATS', emoji: true },
    url,
  };
}
