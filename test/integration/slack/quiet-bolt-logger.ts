import type { Logger } from '@slack/bolt';
import { LogLevel } from '@slack/web-api';

/** A Bolt logger that keeps lines in memory, so tests can read what Bolt logged. */
export class CapturingBoltLogger implements Logger {
  readonly lines: { level: string; text: string }[] = [];
  private level: LogLevel = LogLevel.INFO;
  debug(...msg: unknown[]): void {
    this.push('debug', msg);
  }
  info(...msg: unknown[]): void {
    this.push('info', msg);
  }
  warn(...msg: unknown[]): void {
    this.push('warn', msg);
  }
  error(...msg: unknown[]): void {
    this.push('error', msg);
  }
  setLevel(level: LogLevel): void {
    this.level = level;
  }
  getLevel(): LogLevel {
    return this.level;
  }
  setName(_name: string): void {}
  private push(level: string, msg: unknown[]): void {
    this.lines.push({ level, text: msg.map(String).join(' ') });
  }
}
