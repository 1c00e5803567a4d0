import type { WebClient } from '@slack/web-api';
import type { HomeContent, HomeLog, HomeViews } from '../core/home/app-home';
import type { RecentJob } from '../core/home/recent-jobs';
import { renderAppHome } from './blocks/app-home';

/**
 * Publishes App Homes with `views.publish` (one view per person; publishing again replaces it,
 * so a repeated publish is harmless). The person's recent jobs link to their threads through
 * `chat.getPermalink`; a link Slack cannot give is left out, not the Home.
 */
export class SlackHomeViews implements HomeViews {
  constructor(
    private readonly client: Pick<WebClient, 'views' | 'chat'>,
    private readonly log: HomeLog,
  ) {}

  /** @throws what `views.publish` throws (the worker's retry publishes again). */
  async publish(home: HomeContent): Promise<void> {
    const links = await this.linksOf(home.recentJobs);
    await this.client.views.publish({ user_id: home.userId, view: renderAppHome(home, links) });
  }

  private async linksOf(jobs: readonly RecentJob[]): Promise<Map<string, string>> {
    const links = new Map<string, string>();
    await Promise.all(
      jobs.map(async (job) => {
        const ts = job.threadTs;
        if (!ts) return;
        try {
          const answer = await this.client.chat.getPermalink({
            channel: job.channelId,
            message_ts: ts,
          });
          if (answer.permalink) links.set(job.requestId, answer.permalink);
        } catch (error) {
          this.log.warn('Home: no link to a job thread', {
            requestId: job.requestId,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }),
    );
    return links;
  }
}
