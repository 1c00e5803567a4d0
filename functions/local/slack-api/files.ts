import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyUpTo } from '../request-body';
import { optionalString, sendJson } from './http-io';
import { BlocksError } from './message-content';
import type { MessageStore, StoredFile } from './message-store';
import { LOCAL_BOT } from './message-store';
import { SlackApiError } from './slack-api-error';

/*
 * File uploads as Slack takes them since `files.upload` was retired (what `files.uploadV2` of the
 * Web API client does): `files.getUploadURLExternal` names the file and its length and gets an
 * upload URL and a file id; the bytes are posted to that URL; `files.completeUploadExternal`
 * shares the uploaded files, as a message in a channel or thread.
 */

/** Largest upload accepted (Slack's limit is 1 GB; the bot's files are a few MB at most). */
const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

/** A file between its upload URL and its completion. */
interface PendingFile {
  id: string;
  name: string;
  length: number;
  content?: Buffer;
}

/** An uploaded, shared file, as the local workspace keeps it. */
export interface LocalFile extends StoredFile {
  content: Buffer;
}

/** The uploads of the local workspace. */
export class Files {
  private readonly pending = new Map<string, PendingFile>();
  private readonly shared = new Map<string, LocalFile>();

  constructor(
    private readonly messages: MessageStore,
    private readonly baseUrl: () => string,
  ) {}

  /**
   * `files.getUploadURLExternal`: a file id and where to post the bytes.
   * @throws SlackApiError `invalid_arguments` without a filename or a positive length.
   */
  uploadUrl(args: Record<string, unknown>): { upload_url: string; file_id: string } {
    const name = optionalString(args.filename);
    const length = Number(args.length);
    if (!name || !Number.isInteger(length) || length <= 0) {
      throw new SlackApiError('invalid_arguments');
    }
    const id = `F${randomBytes(5).toString('hex').toUpperCase()}`;
    this.pending.set(id, { id, name, length });
    return { upload_url: `${this.baseUrl()}/upload/${id}`, file_id: id };
  }

  /**
   * Answers `POST /upload/<id>` like Slack's upload host: the raw bytes, or a multipart form with
   * one file field (what the Web API client sends); 200 `OK - <length>` once, 404 for an id it did
   * not give, 400 for a body of another length than announced.
   */
  async receive(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const file = this.pending.get(id);
    if (!file || file.content) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('file_not_found');
      return;
    }
    const body = await readBodyUpTo(req, MAX_UPLOAD_BYTES);
    const content = body ? await fileBytes(body, req.headers['content-type']) : undefined;
    if (!content || content.length !== file.length) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end('length_mismatch');
      return;
    }
    file.content = content;
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`OK - ${content.length}`);
  }

  /**
   * `files.completeUploadExternal`: shares the uploaded files as one message by the bot in
   * `channel_id` (in `thread_ts` when given), with `initial_comment` as its text.
   * @throws SlackApiError `invalid_arguments` (no files), `file_not_found` (an id not uploaded,
   * or completed already).
   */
  complete(
    args: Record<string, unknown>,
    channel: string | undefined,
  ): { files: Array<Record<string, unknown>> } {
    const listed = filesArgument(args.files);
    if (listed.length === 0) throw new SlackApiError('invalid_arguments');
    const ready = listed.map(({ id, title }) => {
      const file = this.pending.get(id);
      if (!file?.content) throw new SlackApiError('file_not_found');
      return { file, title: title ?? file.name };
    });
    const files: LocalFile[] = ready.map(({ file, title }) => {
      this.pending.delete(file.id);
      const shared: LocalFile = {
        id: file.id,
        name: file.name,
        title,
        size: file.length,
        mimetype: mimetypeOf(file.name),
        url_private: `${this.baseUrl()}/files/${file.id}/${encodeURIComponent(file.name)}`,
        content: file.content ?? Buffer.alloc(0),
      };
      this.shared.set(file.id, shared);
      return shared;
    });
    if (channel) {
      const threadTs = optionalString(args.thread_ts);
      const comment = optionalString(args.initial_comment);
      this.messages.post(channel, comment ? { text: comment } : {}, threadTs, {
        files: files.map(({ content: _content, ...meta }) => meta),
        via: 'web_api',
      });
    }
    return {
      files: files.map(({ content: _content, ...meta }) => ({ ...meta, user: LOCAL_BOT.userId })),
    };
  }

  /** A shared file's bytes, for `url_private` downloads and tests. */
  content(id: string): LocalFile | undefined {
    return this.shared.get(id);
  }

  /**
   * Refuses blocks whose image names a `slack_file` that is not a completed upload, as Slack
   * answers `invalid_blocks` (a file is shown by an image block without being shared anywhere).
   * @throws BlocksError naming the block.
   */
  checkImageFiles(blocks: readonly unknown[] | undefined): void {
    (blocks ?? []).forEach((block, i) => {
      const b = block as { type?: unknown; slack_file?: { id?: unknown } };
      if (b.type !== 'image' || b.slack_file === undefined) return;
      const id = b.slack_file.id;
      if (typeof id !== 'string' || !this.shared.has(id)) {
        throw new BlocksError(`blocks[${i}].slack_file: no uploaded file ${String(id)}`);
      }
    });
  }

  /** Every shared file, in upload order. */
  list(): LocalFile[] {
    return [...this.shared.values()];
  }
}

/** The `files` argument: `[{ id, title? }]`, as JSON text in forms. */
function filesArgument(raw: unknown): Array<{ id: string; title?: string }> {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new SlackApiError('invalid_arguments');
    }
  }
  if (!Array.isArray(value)) throw new SlackApiError('invalid_arguments');
  return value.map((entry) => {
    const id = optionalString((entry as { id?: unknown }).id);
    if (!id) throw new SlackApiError('invalid_arguments');
    const title = optionalString((entry as { title?: unknown }).title);
    return title ? { id, title } : { id };
  });
}

/** The bytes of the one file in a multipart form, or the body itself when it is not a form. */
async function fileBytes(
  body: Buffer,
  contentType: string | undefined,
): Promise<Buffer | undefined> {
  if (!contentType?.startsWith('multipart/form-data')) return body;
  try {
    const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    for (const value of form.values()) {
      if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
    }
    const [first] = [...form.values()];
    return typeof first === 'string' ? Buffer.from(first) : undefined;
  } catch {
    return undefined;
  }
}

function mimetypeOf(name: string): string {
  if (name.endsWith('.png')) return 'image/png';
  if (name.endsWith('.xml')) return 'application/xml';
  if (name.endsWith('.json')) return 'application/json';
  return 'text/plain';
}

/** Answers `GET /files/<id>/<name>` with the shared file's bytes, 404 for an unknown id. */
export function serveFile(files: Files, id: string, res: ServerResponse): void {
  const file = files.content(id);
  if (!file) {
    sendJson(res, 404, { ok: false, error: 'file_not_found' });
    return;
  }
  res.writeHead(200, {
    'content-type': file.mimetype.startsWith('image/')
      ? file.mimetype
      : `${file.mimetype}; charset=utf-8`,
    'content-disposition': `attachment; filename="${file.name.replace(/"/g, '')}"`,
    // The playground page is served from another origin.
    'access-control-allow-origin': '*',
  });
  res.end(file.content);
}
