import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import {
  boltLogger,
  clearRedactedSecrets,
  createLogger,
  REDACTED,
  redactSecrets,
} from '../../functions/logger';

const BOT_TOKEN = 'xoxb-1111-2222-abcdefghijklmnop';
const SIGNING_SECRET = '8f14e45fceea167a5a36dedd4bea2543';
const ATS_PASSWORD = 'p&ss<w0rd> "quoted" +/?';

let writes: string[];
let stdout: MockInstance;
let stderr: MockInstance;

beforeEach(() => {
  writes = [];
  const capture = (chunk: unknown) => {
    writes.push(String(chunk));
    return true;
  };
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});

afterEach(() => {
  stdout.mockRestore();
  stderr.mockRestore();
  clearRedactedSecrets();
});

/** Every printed line, raw. */
function printed(): string[] {
  return writes
    .join('')
    .split('\n')
    .filter((line) => line.length > 0);
}

/** Every printed line, parsed. */
function entries(): Record<string, unknown>[] {
  return printed().map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('createLogger', () => {
  it('prints one JSON line per entry with the service name', () => {
    // Prepare
    const logger = createLogger('ats-bot-worker', 'INFO');

    // Act
    logger.info('job started', { requestId: 'req-1' });
    logger.debug('not printed at INFO');

    // Assess
    expect(entries()).toHaveLength(1);
    expect(entries()[0]).toMatchObject({
      level: 'INFO',
      message: 'job started',
      service: 'ats-bot-worker',
      requestId: 'req-1',
    });
  });

  it('prints debug lines when created at DEBUG', () => {
    // Prepare
    const logger = createLogger('ats-bot-worker', 'DEBUG');

    // Act
    logger.debug('poll scheduled');

    // Assess
    expect(entries()[0]).toMatchObject({ level: 'DEBUG', message: 'poll scheduled' });
  });
});

describe('redactSecrets', () => {
  it('scrubs a secret from an error message and its stack', () => {
    // Prepare
    const logger = createLogger('ats-bot-ingress', 'INFO');
    redactSecrets([BOT_TOKEN, SIGNING_SECRET]);
    const error = new Error(`Slack refused token ${BOT_TOKEN}`);

    // Act
    logger.error('chat.postMessage failed', error);

    // Assess
    const [line] = printed();
    expect(line).toBeDefined();
    expect(line).not.toContain(BOT_TOKEN);
    const entry = JSON.parse(line!) as { error: { message: string; stack: string } };
    expect(entry.error.message).toBe(`Slack refused token ${REDACTED}`);
    expect(entry.error.stack).toContain(`Slack refused token ${REDACTED}`);
  });

  it('scrubs messages, extra objects, appended keys, error causes and object keys', () => {
    // Prepare
    const logger = createLogger('ats-bot-worker', 'INFO');
    redactSecrets([BOT_TOKEN, SIGNING_SECRET, undefined, '']);
    logger.appendKeys({ header: `Bearer ${BOT_TOKEN}` });
    const cause = new Error(`signature computed with ${SIGNING_SECRET}`);

    // Act
    logger.warn(`token=${BOT_TOKEN}`, {
      nested: { deeper: [`x${SIGNING_SECRET}y`] },
      [BOT_TOKEN]: 'as a key',
      error: new Error('outer', { cause }),
    });

    // Assess
    const [line] = printed();
    expect(line).not.toContain(BOT_TOKEN);
    expect(line).not.toContain(SIGNING_SECRET);
    expect(JSON.parse(line!)).toMatchObject({
      message: `token=${REDACTED}`,
      header: `Bearer ${REDACTED}`,
      nested: { deeper: [`x${REDACTED}y`] },
      [REDACTED]: 'as a key',
      error: { message: 'outer', cause: { message: `signature computed with ${REDACTED}` } },
    });
  });

  it('scrubs the URL-encoded and XML-escaped forms of a password', () => {
    // Prepare
    const logger = createLogger('ats-bot-worker', 'INFO');
    redactSecrets([ATS_PASSWORD]);
    const soap = '<password>p&amp;ss&lt;w0rd&gt; &quot;quoted&quot; +/?</password>';
    const form = `password=${encodeURIComponent(ATS_PASSWORD)}&user=ci`;

    // Act
    logger.info('ATS request', { soap, form, raw: ATS_PASSWORD });

    // Assess
    expect(entries()[0]).toMatchObject({
      soap: `<password>${REDACTED}</password>`,
      form: `password=${REDACTED}&user=ci`,
      raw: REDACTED,
    });
  });

  it('applies to loggers and child loggers created before the secrets were known', () => {
    // Prepare
    const logger = createLogger('ats-bot-worker', 'INFO');
    const child = logger.createChild({ persistentKeys: { part: 'child' } });

    // Act
    redactSecrets([SIGNING_SECRET]);
    logger.info(SIGNING_SECRET);
    child.info(SIGNING_SECRET);

    // Assess
    expect(entries().map((e) => e.message)).toEqual([REDACTED, REDACTED]);
  });

  it('replaces a secret that contains another one whole', () => {
    // Prepare
    const logger = createLogger('ats-bot-worker', 'INFO');
    redactSecrets(['abcd', 'xxabcdxx']);

    // Act
    logger.info('1 xxabcdxx 2 abcd 3');

    // Assess
    expect(entries()[0]?.message).toBe(`1 ${REDACTED} 2 ${REDACTED} 3`);
  });

  it('leaves values shorter than four characters alone', () => {
    // Prepare
    const logger = createLogger('ats-bot-worker', 'INFO');
    redactSecrets(['ci']);

    // Act
    logger.info('circle ci');

    // Assess
    expect(entries()[0]?.message).toBe('circle ci');
  });

  it('never prints a registered secret, whatever characters it has (property)', () => {
    // Prepare
    const logger = createLogger('ats-bot-worker', 'INFO');
    const inner = fc
      .string({ unit: 'grapheme', minLength: 2, maxLength: 30 })
      .filter((s) => !s.includes('§'));
    const text = fc.string({ unit: 'grapheme', maxLength: 30 });

    // Act + Assess
    fc.assert(
      fc.property(inner, text, text, (core, before, after) => {
        const secret = `§${core}§`;
        clearRedactedSecrets();
        redactSecrets([secret]);
        writes.length = 0;
        logger.error(`${before}${secret}${after}`, new Error(`${after}${secret}`));
        const entry = JSON.parse(printed()[0] ?? '{}') as {
          message: string;
          error: { message: string; stack: string };
        };
        expect(entry.message).not.toContain(secret);
        expect(entry.error.message).not.toContain(secret);
        expect(entry.error.stack).not.toContain(secret);
      }),
      { numRuns: 200 },
    );
  });
});

describe('boltLogger', () => {
  it('formats Bolt arguments into one JSON entry with the logger name and error', () => {
    // Prepare
    const logger = createLogger('ats-bot-ingress', 'DEBUG');
    const bolt = boltLogger(logger);
    bolt.setName('bolt-app');

    // Act
    bolt.info('Received', 3, 'events', { retry: 1 });
    bolt.error('An unhandled error occurred', new Error('listener failed'));

    // Assess
    const [info, error] = entries();
    expect(info).toMatchObject({
      level: 'INFO',
      message: 'Received 3 events { retry: 1 }',
      logger: 'bolt-app',
    });
    expect(error).toMatchObject({
      level: 'ERROR',
      message: 'An unhandled error occurred',
      logger: 'bolt-app',
      error: { name: 'Error', message: 'listener failed' },
    });
  });

  it('uses the error message when Bolt passes only an error', () => {
    // Prepare
    const bolt = boltLogger(createLogger('ats-bot-ingress', 'INFO'));

    // Act
    bolt.warn(new Error('retrying'));

    // Assess
    expect(entries()[0]).toMatchObject({ message: 'retrying', error: { message: 'retrying' } });
  });

  it('narrows its own level without changing the function logger', () => {
    // Prepare
    const logger = createLogger('ats-bot-ingress', 'DEBUG');
    const bolt = boltLogger(logger);

    // Act
    const initial = bolt.getLevel();
    bolt.setLevel('warn' as Parameters<typeof bolt.setLevel>[0]);
    bolt.info('hidden');
    bolt.warn('shown');
    logger.debug('still shown');

    // Assess
    expect(initial).toBe('debug');
    expect(bolt.getLevel()).toBe('warn');
    expect(logger.getLevelName()).toBe('DEBUG');
    expect(entries().map((e) => e.message)).toEqual(['shown', 'still shown']);
  });

  it('scrubs secrets from what Bolt logs', () => {
    // Prepare
    const bolt = boltLogger(createLogger('ats-bot-ingress', 'INFO'));
    redactSecrets([BOT_TOKEN]);

    // Act
    bolt.error('http request failed', { headers: { authorization: `Bearer ${BOT_TOKEN}` } });

    // Assess
    expect(printed()[0]).not.toContain(BOT_TOKEN);
    expect(entries()[0]?.message).toBe(
      `http request failed { headers: { authorization: 'Bearer ${REDACTED}' } }`,
    );
  });
});
