import type { WebClient } from '@slack/web-api';
import type { RunLink, TemplateTrend } from '../core/history/history-stats';
import type { RunLinks } from './blocks/history';

/**
 * Longest the links of a `/ats history` answer may take: the answer goes back inside Slack's 3 s
 * acknowledgement, so a link Slack is slow to give is left out rather than the answer late.
 */
export const HISTORY_LINKS_BUDGET_MS = 1_000;

/**
 * Permalinks (`chat.getPermalink`, asked at once) of the runs a history answer's top lists point
 * to, by request id: each run's message (its card in the thread), else its thread. A run Slack
 * gives no link for within `budgetMs` (no message, an archived channel, a slow Slack) is left
 * out; never throws.
 */
export async function historyRunLinks(
  client: Pick<WebClient, 'chat'>,
  trend: Pick<TemplateTrend, 'mostFailed' | 'flakiest'>,
  budgetMs = HISTORY_LINKS_BUDGET_MS,
): Promise<RunLinks> {
  const runs = new Map<string, RunLink>();
  for (const t of [...trend.mostFailed, ...trend.flakiest])
    runs.set(t.lastFailed.requestId, t.lastFailed);
  const links = new Map<string, string>();
  const asked = [...runs.values()].map(async (run) => {
    const ts = run.messageTs ?? run.threadTs;
    if (ts === undefined) return;
    try {
      const answer = await client.chat.getPermalink({ channel: run.channelId, message_ts: ts });
      if (answer.permalink) links.set(run.requestId, answer.permalink);
    } catch {
      // No link for this run: the case is listed without one.
    }
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, budgetMs);
    timer.unref?.();
  });
  await Promise.race([Promise.all(asked), late]);
  clearTimeout(timer);
  return new Map(links);
}
