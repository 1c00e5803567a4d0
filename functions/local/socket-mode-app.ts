import { App, SocketModeReceiver } from '@slack/bolt';
import type { JobRequests } from '../core/requests/requests';
import { type IngressDeps, registerListeners } from '../slack/bolt-app';

/**
 * What the Socket Mode app needs: the ingress's own Web API and listener parts (same meaning,
 * same defaults), and the app-level token in place of the HTTP receiver's settings.
 */
export interface SocketModeDeps
  extends Pick<
    IngressDeps,
    'botToken' | 'slackApiUrl' | 'logger' | 'requests' | 'command' | 'home' | 'atsLinks'
  > {
  /** App-level token (`xapp-…`, scope `connections:write`). */
  appToken: string;
}

/** A Bolt app connected to Slack over Socket Mode. */
export interface SocketModeConnection {
  app: App;
  /** Closes the WebSocket. */
  stop(): Promise<void>;
}

/**
 * Connects the bot to Slack through Socket Mode (Bolt's `SocketModeReceiver`) for development
 * without a public request URL. The listeners are the ingress's own (`/ats` and **Rerun not
 * passed**, from `functions/slack/listeners`) on the same {@link JobRequests}, so the worker side
 * is unchanged; only the transport differs from `createSlackIngress`. Signature checks are not
 * needed here: Slack authenticates the WebSocket with the app token.
 *
 * @throws what Bolt throws when the app token is refused or Slack cannot be reached.
 */
export async function startSocketMode(deps: SocketModeDeps): Promise<SocketModeConnection> {
  const command = deps.command ?? '/ats';
  const receiver = new SocketModeReceiver({
    appToken: deps.appToken,
    logger: deps.logger,
    // `apps.connections.open` is a Web API call too: same base URL as every other call.
    ...(deps.slackApiUrl
      ? { installerOptions: { clientOptions: { slackApiUrl: deps.slackApiUrl } } }
      : {}),
  });
  const app = new App({
    receiver,
    token: deps.botToken,
    logger: deps.logger,
    ...(deps.slackApiUrl ? { clientOptions: { slackApiUrl: deps.slackApiUrl } } : {}),
  });
  registerListeners(app, deps.requests, command, {
    ...(deps.home ? { home: deps.home } : {}),
    ...(deps.atsLinks ? { atsLinks: deps.atsLinks } : {}),
  });
  await app.start();
  return {
    app,
    stop: async () => {
      await app.stop();
    },
  };
}
