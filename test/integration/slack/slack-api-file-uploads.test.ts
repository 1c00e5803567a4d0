import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SlackApiServer,
  startSlackApiServer,
} from '../../../functions/local/slack-api/slack-api-server';
import { PNG_SIGNATURE } from '../../support/png-header';

const TOKEN = 'xoxb-test-token';
/** A PNG-looking payload of a few kilobytes, with every byte value in it. */
const PNG = Buffer.concat([
  Buffer.from(PNG_SIGNATURE),
  Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256)),
]);

interface UploadResult {
  files: Array<{ files: Array<{ id: string; url_private: string; mimetype: string }> }>;
}

describe('local Slack Web API: files.uploadV2 for images shown by image blocks', () => {
  let server: SlackApiServer;
  let client: WebClient;

  beforeAll(async () => {
    server = await startSlackApiServer();
    client = new WebClient(TOKEN, { slackApiUrl: server.url, retryConfig: { retries: 0 } });
  });

  afterAll(async () => {
    await server.close();
  });

  it('takes a file through the upload URL and serves it byte for byte once completed', async () => {
    // Act
    const result = (await client.files.uploadV2({
      file: PNG,
      filename: 'digest.png',
      title: 'Daily pass rate',
      alt_text: 'A chart',
    })) as unknown as UploadResult;

    // Assess
    const file = result.files[0]?.files[0];
    expect(file?.id).toMatch(/^F[0-9A-F]{10}$/);
    expect(file?.mimetype).toBe('image/png');
    expect(server.calls.map((c) => c.method)).toEqual([
      'files.getUploadURLExternal',
      'files.completeUploadExternal',
    ]);
    expect(server.calls[0]?.args).toMatchObject({
      filename: 'digest.png',
      length: String(PNG.length),
    });
    const served = await fetch(file?.url_private ?? '');
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
    expect(
      server
        .files()
        .find((f) => f.id === file?.id)
        ?.content.equals(PNG),
    ).toBe(true);
  });

  it('shows an uploaded file in an image block and refuses one naming no upload', async () => {
    // Prepare
    const uploaded = (await client.files.uploadV2({
      file: PNG,
      filename: 'chart.png',
    })) as unknown as UploadResult;
    const id = uploaded.files[0]?.files[0]?.id ?? '';
    const image = (fileId: string) => [
      { type: 'image', slack_file: { id: fileId }, alt_text: 'chart' },
    ];

    // Act
    const posted = await client.chat.postMessage({
      channel: 'C0DIGEST',
      text: 'digest',
      blocks: image(id) as never,
    });
    const refused = client.chat.postMessage({
      channel: 'C0DIGEST',
      text: 'digest',
      blocks: image('F0NOSUCH') as never,
    });

    // Assess
    expect(posted.ok).toBe(true);
    await expect(refused).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
    expect(server.messages({ channel: 'C0DIGEST' })).toHaveLength(1);
  });

  it('refuses bytes that do not arrive whole, and serves no file that was not completed', async () => {
    // Prepare
    const url = await client.files.getUploadURLExternal({ filename: 'x.png', length: 10 });

    // Act
    const short = await fetch(String(url.upload_url), { method: 'POST', body: new Uint8Array(4) });
    const complete = client.files.completeUploadExternal({ files: [{ id: String(url.file_id) }] });

    // Assess
    expect(short.status).toBe(400);
    await expect(complete).rejects.toMatchObject({ data: { error: 'file_not_found' } });
    const base = server.url.replace('/api/', '');
    expect((await fetch(`${base}/files/${url.file_id}/x.png`)).status).toBe(404);
  });
});
