import type { IncomingMessage, ServerResponse } from 'node:http';

const HEARTBEAT_MS = 15_000;
/** Changes closer together than this (a post and its update) go out as one push. */
const COALESCE_MS = 25;

/**
 * The playground's live updates: server-sent events carrying the whole state the page draws,
 * pushed after changes (bursts coalesced), with a heartbeat that keeps idle proxies from closing
 * the streams.
 */
export class StateStream {
  private readonly streams = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;
  private pushTimer: NodeJS.Timeout | undefined;
  /** Counts changes; the page can tell an old state from a new one. */
  version = 0;

  /** @param state - what the page draws, read when a stream opens and at each push. */
  constructor(private readonly state: () => unknown) {
    this.heartbeat = setInterval(() => {
      for (const stream of this.streams) stream.write(': ping\n\n');
    }, HEARTBEAT_MS);
    // The heartbeat must not keep the process up.
    this.heartbeat.unref();
  }

  /** Answers `GET /playground/events`: the state now, then every change. */
  open(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    response.write(this.event());
    this.streams.add(response);
    request.on('close', () => this.streams.delete(response));
  }

  /** Something changed: push the state soon. */
  changed(): void {
    this.version += 1;
    if (this.pushTimer) return;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = undefined;
      const data = this.event();
      for (const stream of this.streams) stream.write(data);
    }, COALESCE_MS);
  }

  /** Ends every stream. */
  close(): void {
    clearInterval(this.heartbeat);
    if (this.pushTimer) clearTimeout(this.pushTimer);
    for (const stream of this.streams) stream.end();
    this.streams.clear();
  }

  private event(): string {
    return `event: state\ndata: ${JSON.stringify(this.state())}\n\n`;
  }
}
