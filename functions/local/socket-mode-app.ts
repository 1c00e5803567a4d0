import { App, type Logger, SocketModeReceiver } from '@slack/bolt';
import type { AtsJobLinker } from '../core/ats-links';
import type { JobRequests } from '../core/requests/requests';
import { type AppHomeListeners, registerListeners } from '../slack/bolt-app';

/** What the Socket Mode app needs. */
export interface SocketModeDeps {
  /** App-level token (`xapp-…`, scope `connections:write`). */
  appToken: string;
  botToken: string;
  slackApiUrl?: string;
  logger: Logger;
  requests: JobRequests;
  /** Default `/ats`. */
  command?: string;
  /** The App Home's listeners' parts; no App Home without. */
  home?: AppHomeListeners;
  /** **Open in ATS** on the messages the listeners re-render, as the ingress has it. */
  atsLinks?: AtsJobLinker;
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
