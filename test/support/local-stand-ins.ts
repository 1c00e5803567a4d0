import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  type AtsSimulator,
  DEMO_TEMPLATES,
  type SimTemplate,
  startAtsSimulator,
} from '../../functions/ats/simulator/simulator';
import { loadLocalConfig, SIMULATOR_CREDENTIALS } from '../../functions/local/local-config';
import { type RunningLocalMode, startLocalMode } from '../../functions/local/local-mode';
import {
  type SlackApiServer,
  type SlackApiServerOptions,
  startSlackApiServer,
} from '../../functions/local/slack-api/slack-api-server';
import { createLogger } from '../../functions/logger';
import { type LocalModeChild, startLocalModeChild } from './local-mode-child';

/** What the end-to-end tests of local mode set up around the bot. */
export interface LocalStandInsOptions {
  /** The simulator's templates. */
  templates: SimTemplate[];
  /** The catalog local mode offers (ATS_TEMPLATES). */
  catalog: unknown[];
  /** The secret local mode checks requests with (and tests sign them with). */
  signingSecret: string;
  /** Options of the local Slack Web API (its users, for instance). */
  slack?: SlackApiServerOptions;
  /** Set to keep local mode's data in a fresh temporary DATA_DIR named with this prefix. */
  dataDirPrefix?: string;
}

/**
 * An ATS simulator and the local Slack Web API on 127.0.0.1, and local mode pointed at them: in
 * this process or as a child process, started as often as a test needs (a restart starts another
 * on the same DATA_DIR). {@link close} stops every one still running, then the stand-ins.
 */
export class LocalStandIns {
  private readonly children: LocalModeChild[] = [];
  private readonly modes: RunningLocalMode[] = [];

  private constructor(
    readonly ats: AtsSimulator,
    readonly slack: SlackApiServer,
    /** Empty when local mode keeps its data in memory. */
    readonly dataDir: string,
    private readonly options: LocalStandInsOptions,
  ) {}

  /** Starts the simulator and the local Slack Web API, and makes the DATA_DIR when asked. */
  static async start(options: LocalStandInsOptions): Promise<LocalStandIns> {
    const ats = await startAtsSimulator({ ...SIMULATOR_CREDENTIALS, templates: options.templates });
    try {
      const slack = await startSlackApiServer(options.slack);
      const dataDir = options.dataDirPrefix
        ? await mkdtemp(join(tmpdir(), options.dataDirPrefix))
        : '';
      return new LocalStandIns(ats, slack, dataDir, options);
    } catch (error) {
      await ats.close();
      throw error;
    }
  }

  /** Local mode's variables pointing at the stand-ins, polling every second, plus `extra`. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      PORT: '0',
      DATA_DIR: this.dataDir,
      ATS_BASE_URL: this.ats.baseUrl,
      ATS_APP_ID: SIMULATOR_CREDENTIALS.appId,
      ATS_APP_API_TOKEN: SIMULATOR_CREDENTIALS.appApiToken,
      ATS_TEMPLATES: JSON.stringify(this.options.catalog),
      SLACK_API_URL: this.slack.url,
      SLACK_BOT_TOKEN: 'xoxb-e2e-token',
      SLACK_SIGNING_SECRET: this.options.signingSecret,
      POLL_INTERVAL_SECONDS: '1',
      ...extra,
    };
  }

  /** Local mode in this process, silent. */
  async startInProcess(extra: Record<string, string> = {}): Promise<RunningLocalMode> {
    const mode = await startLocalMode(loadLocalConfig(this.env(extra)), {
      logger: createLogger('local-stand-ins-test', 'SILENT'),
    });
    this.modes.push(mode);
    return mode;
  }

  /** Local mode as `npm start` runs it, in a child process. */
  async startChild(extra: Record<string, string> = {}): Promise<LocalModeChild> {
    const child = await startLocalModeChild(this.env(extra));
    this.children.push(child);
    return child;
  }

  async close(): Promise<void> {
    for (const child of this.children) await child.stop();
    for (const mode of this.modes) await mode.close();
    await this.slack.close();
    await this.ats.close();
    if (this.dataDir) await rm(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * The simulator's demo template `demoId`, queued and running `seconds` each (instead of half a
 * minute), under the id `templateId`.
 * @throws Error when there is no such demo template.
 */
export function fastDemoTemplate(
  demoId: string,
  seconds: number,
  templateId = demoId,
): SimTemplate {
  const demo = DEMO_TEMPLATES.find((t) => t.templateId === demoId);
  if (!demo) throw new Error(`No demo template ${demoId}`);
  return { ...demo, templateId, queuedSeconds: seconds, runningSeconds: seconds };
}

/** Sends a signed Function-URL-shaped request to local mode over real HTTP, as Slack would. */
export async function postToSlackEvents(
  baseUrl: string,
  event: APIGatewayProxyEventV2,
): Promise<{ status: number; text: string }> {
  const headers = Object.fromEntries(
    Object.entries(event.headers).filter(
      ([name, value]) => !['host', 'content-length'].includes(name) && value !== undefined,
    ),
  ) as Record<string, string>;
  const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64') : event.body;
  const response = await fetch(`${baseUrl}/slack/events`, { method: 'POST', headers, body });
  return { status: response.status, text: await response.text() };
}
