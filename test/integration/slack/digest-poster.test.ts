import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDigestSchedule } from '../../../functions/core/digest/digest-requests';
import type { Schedule } from '../../../functions/core/schedules/schedule';
import {
  type SlackApiServer,
  startSlackApiServer,
} from '../../../functions/local/slack-api/slack-api-server';
import { SlackDigestPoster } from '../../../functions/slack/digest-poster';
import { SlackChannelError } from '../../../functions/slack/slack-errors';
import { createSlackWebClient } from '../../../functions/slack/web-client';
import { exampleDigest } from '../../support/digest-example';
import { DIGEST_CHANNEL } from '../../support/digest-history';
import { DIGEST_CHART_HEADER, readPngHeader } from '../../support/png-header';

const schedule = (channelId: string): Schedule =>
  newDigestSchedule({
    triggerId: 'x',
    channelId,
    rule: { kind: 'days', days: ['mon'], hour: 9, minute: 0 },
    timeZone: 'Europe/Amsterdam',
    ownerId: 'U0000ALICE',
    now: 0,
  });

describe('SlackDigestPoster on the local Slack Web API', () => {
  let server: SlackApiServer;
  const warnings: string[] = [];
  let poster: SlackDigestPoster;

  beforeAll(async () => {
    server = await startSlackApiServer({ notInChannel: ['C0GONE'] });
    // With redaction, as the worker builds it: the upload goes through RedactingWebClient too.
    const client = createSlackWebClient('xoxb-test', {
      slackApiUrl: server.url,
      retries: 0,
      redact: ['xoxb-test'],
    });
    poster = new SlackDigestPoster(client, {
      log: { warn: (message) => void warnings.push(message) },
    });
  });

  afterAll(async () => {
    await server.close();
  });

  it('uploads the chart with files.uploadV2 and posts the digest showing it in an image block', async () => {
    // Act
    const { ts } = await poster.post(schedule(DIGEST_CHANNEL), exampleDigest());

    // Assess
    expect(server.calls.map((c) => c.method)).toEqual([
      'files.getUploadURLExternal',
      'files.completeUploadExternal',
      'chat.postMessage',
    ]);
    const [message] = server.messages({ channel: DIGEST_CHANNEL });
    expect(message?.ts).toBe(ts);
    expect(message?.text).toBe('Digest Mon 23 Nov – Mon 30 Nov: 28 runs, pass rate 63%');
    const image = message?.blocks?.find((b) => (b as { type?: string }).type === 'image') as
      | { slack_file: { id: string }; alt_text: string }
      | undefined;
    expect(image?.alt_text).toMatch(
      /^Daily pass rate per template, 2026-11-23 to 2026-11-30\. Smoke suite/,
    );
    const file = server.files().find((f) => f.id === image?.slack_file.id);
    expect(file?.mimetype).toBe('image/png');
    expect(readPngHeader(file?.content ?? new Uint8Array(8))).toEqual(DIGEST_CHART_HEADER);
    const texts = JSON.stringify(message?.blocks);
    expect(texts).toContain('pass rate *63%* (▼ 19 points against 82% the period before)');
    expect(texts).toContain('`Payment.decline` (Checkout flow) failed in 4 runs');
    expect(texts).toContain(
      '`Cart.timeout` (Regression suite) passed on a rerun after failing in 5 runs',
    );
    expect(texts).toContain(
      '*Regression suite*: 7 runs, 57% (▼ 14 points), median 28m 40s (▲ 2m 20s)',
    );
    expect(texts).toContain(
      '`Orders.bulkImport` (Regression suite) 10m 20s, among the slowest in 7 of 7 runs',
    );
    expect(warnings).toEqual([]);
  });

  it('posts a digest without runs, and without a chart, as such', async () => {
    // Prepare
    const empty = {
      ...exampleDigest(),
      total: { runs: 0, counted: 0, passed: 0 },
      templates: [],
      chart: { ...exampleDigest().chart, series: [] },
    };
    const before = server.calls.length;

    // Act
    await poster.post(schedule('C0QUIET'), empty);

    // Assess
    expect(server.calls.slice(before).map((c) => c.method)).toEqual(['chat.postMessage']);
    expect(server.messages({ channel: 'C0QUIET' })[0]?.text).toBe(
      'Digest Mon 23 Nov – Mon 30 Nov: no runs',
    );
  });

  it('says the bot is not in the channel as the firing understands it', async () => {
    // Act
    const post = poster.post(schedule('C0GONE'), exampleDigest());

    // Assess
    await expect(post).rejects.toBeInstanceOf(SlackChannelError);
    await expect(post).rejects.toMatchObject({ code: 'BOT_NOT_IN_CHANNEL' });
  });
});
