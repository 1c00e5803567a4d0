/**
 * Captures what the process writes to stdout and stderr (where the Powertools logger prints its
 * JSON lines) and looks for secret values in every write, in the forms a secret takes in JSON,
 * URLs, XML and HTTP headers.
 */

/** A secret found in the output. */
export interface SecretLeak {
  /** Which secret (its label, never its value). */
  secret: string;
  /** The form it was found in (raw, url, xml, json, base64). */
  form: string;
  /** The line, with the secret itself masked, cut to 300 characters. */
  excerpt: string;
}

/** What a capture saw. */
export interface LogCaptureReport {
  writes: number;
  bytes: number;
  /** JSON log lines by level (`INFO`, `WARN`, …). */
  levels: Record<string, number>;
  /** How many times a line carried the logger's redaction marker: a secret reached a logger. */
  redactions: number;
  leaks: SecretLeak[];
  /** A few WARN/ERROR lines, to see what went wrong without the whole log. */
  samples: string[];
}

type Write = typeof process.stdout.write;

const LEVEL = /"level":"([A-Z]+)"/;
const REDACTION_MARKER = '[redacted]';

/** Every form a secret can take in a log line. */
function formsOf(value: string): [string, string][] {
  return [
    ['raw', value],
    ['url', encodeURIComponent(value)],
    [
      'xml',
      value
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&apos;'),
    ],
    ['json', JSON.stringify(value).slice(1, -1)],
    ['base64', Buffer.from(value, 'utf8').toString('base64')],
  ];
}

/**
 * Starts capturing: writes to stdout and stderr are scanned and swallowed (not printed) until
 * `stop()`, which returns what was seen. Secrets are given by label so the report never holds a
 * value.
 */
export function captureLogs(secrets: Record<string, string>): { stop(): LogCaptureReport } {
  const report: LogCaptureReport = {
    writes: 0,
    bytes: 0,
    levels: {},
    redactions: 0,
    leaks: [],
    samples: [],
  };
  const needles = Object.entries(secrets).flatMap(([label, value]) =>
    formsOf(value).map(([form, text]) => ({ label, form, text, value })),
  );
  const originals: [NodeJS.WriteStream, Write][] = [
    [process.stdout, process.stdout.write],
    [process.stderr, process.stderr.write],
  ];
  const capture = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text =
      typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    report.writes++;
    report.bytes += text.length;
    const level = LEVEL.exec(text)?.[1] ?? 'TEXT';
    report.levels[level] = (report.levels[level] ?? 0) + 1;
    if (text.includes(REDACTION_MARKER)) report.redactions++;
    if ((level === 'WARN' || level === 'ERROR') && report.samples.length < 15) {
      report.samples.push(text.trim().slice(0, 400));
    }
    for (const needle of needles) {
      if (!text.includes(needle.text)) continue;
      report.leaks.push({
        secret: needle.label,
        form: needle.form,
        excerpt: text.split(needle.text).join('«secret»').trim().slice(0, 300),
      });
    }
    // Node's write calls back when given a callback; keep that contract.
    const callback = rest.find((r): r is () => void => typeof r === 'function');
    callback?.();
    return true;
  };
  for (const [stream] of originals) stream.write = capture as Write;
  return {
    stop() {
      for (const [stream, write] of originals) stream.write = write;
      return report;
    },
  };
}
