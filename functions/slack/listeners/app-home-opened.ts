import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { HomeInvoker } from '../../core/ports';

type HomeOpenedArgs = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/**
 * `app_home_opened` on the Home tab: hands the publishing of that person's Home to the worker
 * (`publish_home`), which reads history and publishes with `views.publish`, so the ingress answers
 * Slack at once (Bolt acknowledges events before the listener; the HTTP answer waits for it). A
 * redelivery (`X-Slack-Retry-Num`) hands it over again: publishing is idempotent, so the worst
 * case is the same view published twice. The Messages tab is ignored.
 * @throws when the worker cannot be invoked: the ingress answers 500 and Slack delivers again.
 */
export function appHomeOpenedListener(home: HomeInvoker) {
  return async ({ event, logger }: HomeOpenedArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    await home.invoke({ type: 'publish_home', userId: event.user, channelId: event.channel });
    logger.info('App Home opened: publishing handed to the worker');
  };
}
