/**
 * `npm start`: the whole bot on this machine (see `functions/local/local-mode.ts`). Prints where to
 * go, including one machine-readable line `ATS bot local mode listening on http://127.0.0.1:PORT`.
 * A bad configuration value stops start-up with a message naming the variable and exit code 1.
 */
import { ConfigError } from '../functions/config';
import { type LocalConfig, loadLocalConfig } from '../functions/local/local-config';
import { type RunningLocalMode, startLocalMode } from '../functions/local/local-mode';
import { LocalModeError } from '../functions/local/local-mode-error';

/** Problems a person can fix are printed without a stack trace. */
function fail(error: unknown): never {
  if (error instanceof LocalModeError || error instanceof ConfigError) {
    console.error(`\n${error.message}\n`);
  } else {
    console.error('\nLocal mode could not start:', error instanceof Error ? error.message : error);
    if (process.env.DEBUG && error instanceof Error) console.error(error.stack);
  }
  process.exit(1);
}

function banner(config: LocalConfig, running: RunningLocalMode): string {
  const browserUrl = running.url.replace('127.0.0.1', 'localhost');
  const aliases = config.runtime.templates.map((t) => t.alias).join(', ');
  const lines = [
    `ATS bot local mode listening on ${running.url}`,
    '',
    running.playground
      ? `  Playground     ${browserUrl}/   (type /ats run smoke)`
      : '  Playground     off (a Slack token or SLACK_API_URL is set)',
    running.socketMode
      ? '  Slack          connected through Socket Mode (SLACK_APP_TOKEN)'
      : `  Slack events   POST ${running.url}/slack/events`,
    `  Slack Web API  ${running.slackApiUrl ?? 'https://slack.com/api/'}${running.playground ? ' (local playground)' : ''}`,
    `  ATS            ${running.atsBaseUrl}${config.useSimulator ? ' (embedded simulator)' : ''}`,
    `  Templates      ${aliases || '(none: set ATS_TEMPLATES)'}`,
    `  Polling        ${config.runtime.pollIntervalSeconds ? `every ${config.runtime.pollIntervalSeconds} s` : 'polling policy'}`,
    `  Jobs stored    ${config.dataDir ?? 'in memory (set DATA_DIR to keep them)'}${running.resumedJobs ? `, ${running.resumedJobs} unfinished job(s) resumed` : ''}${running.resumedSchedules ? `, ${running.resumedSchedules} schedule(s) resumed` : ''}`,
    `  Health         ${running.url}/health`,
    '',
    'Press Ctrl+C to stop.',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  // The SDK here only talks to the embedded dynalite; its Node support notice is noise locally.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let config: LocalConfig;
  try {
    config = loadLocalConfig(process.env);
  } catch (error) {
    fail(error);
  }
  let running: RunningLocalMode;
  try {
    running = await startLocalMode(config);
  } catch (error) {
    fail(error);
  }
  console.log(banner(config, running));

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl+C means "now".
      process.exit(1);
    }
    stopping = true;
    console.log(`\n${signal}: stopping local mode…`);
    running
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error('Stopping failed:', error instanceof Error ? error.message : error);
        process.exit(1);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
