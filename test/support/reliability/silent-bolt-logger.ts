import type { Logger } from '@slack/bolt';
import { LogLevel } from '@slack/web-api';

/**
 * A Bolt logger that prints nothing and counts lines by level: thousands of refused requests
 * would otherwise flood the test output.
 */
export class SilentBoltLogger implements Logger {
  readonly counts: Record<string, number> = { debug: 0, info: 0, warn: 0, error: 0 };
  /** The last few error lines, to explain a failure. */
  readonly errors: string[] = [];
  private level: LogLevel = LogLevel.INFO;

  debug(): void {
    this.counts.debug = (this.counts.debug ?? 0) + 1;
  }
  info(): void {
    this.counts.info = (this.counts.info ?? 0) + 1;
  }
  warn(): void {
    this.counts.warn = (this.counts.warn ?? 0) + 1;
  }
  error(...msg: unknown[]): void {
    this.counts.error = (this.counts.error ?? 0) + 1;
    this.errors.push(msg.map(String).join(' ').slice(0, 300));
    if (this.errors.length > 10) this.errors.shift();
  }
  setLevel(level: LogLevel): void {
    this.level = level;
  }
  getLevel(): LogLevel {
    return this.level;
  }
  setName(_name: string): void {}
}
