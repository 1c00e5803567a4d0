import type { Logger } from '@slack/bolt';
import AppModule from '@slack/bolt/dist/App';
import ReceiverModule, { type AwsHandler } from '@slack/bolt/dist/receivers/AwsLambdaReceiver';
import type { AtsJobLinker } from '../core/ats-links';
import type { HomePicker } from '../core/home/home-picker';
import type { HomeInvoker } from '../core/ports';
import type { JobRequests } from '../core/requests/requests';
import { HOME_RUN_ACTION_ID } from './blocks/app-home';
import { OPEN_IN_ATS_ACTION_ID } from './blocks/ats-button';
import { RERUN_ACTION_ID } from './blocks/outcome';
import { RUN_PICKER_CALLBACK_ID } from './blocks/run-picker';
import { appHomeOpenedListener } from './listeners/app-home-opened';
import { atsCommandListener } from './listeners/ats-command';
import { homeRunButtonListener } from './listeners/home-run-button';
import { rerunButtonListener } from './listeners/rerun-button';
import { runPickerSubmission } from './listeners/run-picker-submission';
import { SCHEDULE_ACTION_IDS, scheduleButtonListener } from './listeners/schedule-buttons';
import { checkSlackRequest, MAX_SLACK_BODY_BYTES } from './request-guard';
import { retryPolicy } from './web-client';

/**
 * Bolt's `App` and `AwsLambdaReceiver`, imported from their own modules rather than the package
 * index: the index also loads Express, OAuth and Socket Mode, which the ingress never uses and
 * which triple its cold start (see `bolt-bundle/bolt-aliases.ts` for what the bundle leaves out).
 */
type App = InstanceType<typeof AppModule>;
type AwsLambdaReceiver = InstanceType<typeof ReceiverModule>;

/**
 * Node's own ESM loader hands a CommonJS module's `module.exports` to a default import, while
 * bundlers and vitest hand `exports.default`; accept both so tsx (local mode) and Lambda agree.
 */
function commonJsDefault<T>(imported: T): T {
  return typeof imported === 'function'
    ? imported
    : (imported as unknown as { default: T }).default;
}

const AppClass = commonJsDefault(AppModule);
const ReceiverClass = commonJsDefault(ReceiverModule);

/** What the Slack ingress needs. */
export interface IngressDeps {
  /** Slack signing secret: Bolt's receiver verifies every request with it (401 otherwise). */
  signingSecret: string;
  botToken: string;
  /** The bot's ids, if known; only used to ignore the bot's own events. */
  botId?: string;
  botUserId?: string;
  /** Web API base URL; Slack's own by default. */
  slackApiUrl?: string;
  /** Bolt's logs go here (the project's JSON logger through `boltLogger`). */
  logger: Logger;
  requests: JobRequests;
  /** Slash command name, `/ats` unless the manifest says otherwise. */
  command?: string;
  /** The App Home's side of the ingress; no App Home without. */
  home?: AppHomeListeners;
  /** Where each job's page in ATS is, for messages the ingress re-renders; none by default. */
  atsLinks?: AtsJobLinker;
  /** Largest request body accepted (413 above it); {@link MAX_SLACK_BODY_BYTES} by default. */
  maxBodyBytes?: number;
  /** Wall clock in epoch ms for the timestamp check; `Date.now` by default (tests). */
  now?: () => number;
}

/**
 * What the App Home needs from the ingress: the hand-off of `app_home_opened` to the worker (which
 * publishes the view) and the run picker its **Run** buttons open.
 */
export interface AppHomeListeners {
  invoker: HomeInvoker;
  picker: HomePicker;
}

/** The Bolt app, its Lambda receiver and the two-argument Lambda handler. */
export interface SlackIngress {
  app: App;
  receiver: AwsLambdaReceiver;
  handler: AwsHandler;
}

/**
 * Builds the Slack ingress: Bolt's `AwsLambdaReceiver` (signature and timestamp checks, `ssl_check`,
 * `url_verification`) and an app with the `/ats` and **Rerun not passed** listeners. Build it
 * once per container. `authorize` returns the bot token as is, so Bolt never calls `auth.test`.
 *
 * @throws Bolt's `AppInitializationError` when the signing secret is empty.
 */
export function createSlackIngress(deps: IngressDeps): SlackIngress {
  const command = deps.command ?? '/ats';
  const receiver = new ReceiverClass({ signingSecret: deps.signingSecret, logger: deps.logger });
  const authorization = {
    botToken: deps.botToken,
    ...(deps.botId ? { botId: deps.botId } : {}),
    ...(deps.botUserId ? { botUserId: deps.botUserId } : {}),
  };
  const app = new AppClass({
    receiver,
    authorize: async () => authorization,
    logger: deps.logger,
    logLevel: deps.logger.getLevel(),
    // The ingress only answers; nothing needs a conversation store.
    convoStore: false,
    clientOptions: {
      ...(deps.slackApiUrl ? { slackApiUrl: deps.slackApiUrl } : {}),
      // Slack waits 3 s for the answer: one quick retry at most.
      retryConfig: retryPolicy(1),
      timeout: 1_500,
    },
  });
  registerListeners(app, deps.requests, command, {
    ...(deps.home ? { home: deps.home } : {}),
    ...(deps.atsLinks ? { atsLinks: deps.atsLinks } : {}),
  });
  const checked = checkedFirst(receiver.toHandler(), deps);
  return { app, receiver, handler: answeringMalformed(checked, deps.logger) };
}

/**
 * Runs {@link checkSlackRequest} on the raw event before Bolt sees it: an oversized body gets 413
 * and a request that is not signed by Slack within five minutes gets 401, both without parsing.
 */
function checkedFirst(handler: AwsHandler, deps: IngressDeps): AwsHandler {
  const now = deps.now ?? Date.now;
  return async (event, context) => {
    const decision = checkSlackRequest(
      event,
      deps.signingSecret,
      Math.floor(now() / 1000),
      deps.maxBodyBytes ?? MAX_SLACK_BODY_BYTES,
    );
    if (!decision.ok) {
      // The body is not logged: it is unauthenticated input.
      deps.logger.warn(`Request refused (${decision.statusCode}): ${decision.reason}`);
      return { statusCode: decision.statusCode, body: '' };
    }
    return handler(event, context);
  };
}

/** What the ingress answers a request it cannot read. */
const MALFORMED_REQUEST = { statusCode: 400, body: '' } as const;

/**
 * Bolt's receiver parses the body before it checks the signature, and throws on a body it cannot
 * parse (a JSON or `payload=` field that is not JSON, a content type it does not know) or an event
 * without headers. The function URL is public: such a request, signed or not, must get a 400
 * rather than fail the invocation (a 502, an error in the logs and the ingress error alarm).
 */
function answeringMalformed(handler: AwsHandler, logger: Logger): AwsHandler {
  return async (event, context) => {
    try {
      return await handler(event, context);
    } catch (error) {
      // The body is not logged: it is unauthenticated input.
      logger.warn(
        `Malformed request refused (400): ${error instanceof Error ? error.name : typeof error}`,
      );
      return { ...MALFORMED_REQUEST };
    }
  };
}

/**
 * Attaches the bot's listeners to a Bolt app, so that every transport (Lambda receiver, Socket
 * Mode) answers the same way: the slash command, the run picker's submission, the **Rerun not
 * passed** button, **Open in ATS** (a link Slack opens itself; the click it also sends only
 * needs an acknowledgement, or Slack marks the button with a warning) and, given the App Home's
 * parts, `app_home_opened` and the Home's **Run** buttons.
 */
export function registerListeners(
  app: Pick<App, 'command' | 'action' | 'view' | 'event'>,
  requests: JobRequests,
  command = '/ats',
  options: { home?: AppHomeListeners; atsLinks?: AtsJobLinker } = {},
): void {
  if (options.home) {
    app.event('app_home_opened', appHomeOpenedListener(options.home.invoker));
    app.action(
      { type: 'block_actions', action_id: HOME_RUN_ACTION_ID },
      homeRunButtonListener(options.home.picker),
    );
  }
  app.command(command, atsCommandListener(requests, command));
  app.view(
    { type: 'view_submission', callback_id: RUN_PICKER_CALLBACK_ID },
    runPickerSubmission(requests, command),
  );
  app.action(
    { type: 'block_actions', action_id: RERUN_ACTION_ID },
    rerunButtonListener(requests, options.atsLinks),
  );
  app.action({ type: 'block_actions', action_id: OPEN_IN_ATS_ACTION_ID }, async ({ ack }) => {
    await ack();
  });
  if (requests.schedules) {
    app.action(
      { type: 'block_actions', action_id: SCHEDULE_ACTION_IDS },
      scheduleButtonListener(requests.schedules),
    );
  }
}
