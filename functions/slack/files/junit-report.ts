import { XMLBuilder } from 'fast-xml-parser';
import { escapeXmlText } from '../../ats/xml-text';
import type { AtsTestCase } from '../../core/ats';
import type { Job } from '../../core/job';
import { jobTitle } from '../blocks/job-labels';

/*
 * The whole per-case result of a job as JUnit XML, the format CI dashboards (Jenkins, GitLab,
 * GitHub test reporters) read: one <testsuite> for the ATS job, one <testcase> per ATS test case,
 * <failure> for a case that failed (ATS's message), <skipped> for one ATS did not execute.
 */

// fast-xml-parser's builder (already the bot's SOAP builder, so no new package in the bundle);
// escaping is the one the SOAP envelopes use, which also replaces characters XML cannot carry.
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  suppressEmptyNode: true,
  format: true,
  indentBy: '  ',
  tagValueProcessor: (_name: string, value: unknown) => escapeXmlText(String(value)),
  attributeValueProcessor: (_name: string, value: unknown) => escapeXmlText(String(value)),
});

/** How a case counts in JUnit. */
type CaseKind = 'passed' | 'failed' | 'skipped';

function kindOf(testCase: AtsTestCase): CaseKind {
  if (testCase.result === 'Passed') return 'passed';
  if (testCase.result === 'Not_Executed') return 'skipped';
  return 'failed';
}

/** Seconds as JUnit writes them: a decimal number, 0 when ATS gave none. */
function seconds(value: number | undefined): string {
  return String(Math.max(0, value ?? 0));
}

/**
 * The JUnit XML of a finished job's test cases (every case ATS reported). Counts are the cases': `tests` all of them,
 * `failures` those that did not pass and were executed, `skipped` those ATS did not execute.
 * Never throws; text from ATS is escaped, characters XML cannot carry are replaced.
 */
export function buildJUnitReport(job: Job, cases: readonly AtsTestCase[]): string {
  const suiteName = jobTitle(job);
  const counts = { tests: cases.length, failures: 0, skipped: 0 };
  let total = 0;
  const testcase = cases.map((testCase) => {
    const kind = kindOf(testCase);
    if (kind === 'failed') counts.failures += 1;
    if (kind === 'skipped') counts.skipped += 1;
    total += testCase.durationSeconds ?? 0;
    const element: Record<string, unknown> = {
      '@_name': testCase.name,
      '@_classname': suiteName,
      '@_time': seconds(testCase.durationSeconds),
    };
    if (kind === 'failed') {
      const message = testCase.errorMessage ?? `ATS result: ${testCase.result}`;
      element.failure = {
        '@_message': firstLine(message),
        '@_type': testCase.result,
        '#text': message,
      };
    }
    if (kind === 'skipped') element.skipped = { '@_message': 'Not executed by ATS' };
    return element;
  });
  const time = seconds(total);
  const timestamp = new Date(job.startedAt ?? job.createdAt).toISOString().replace(/\.\d+Z$/, '');
  const properties = [
    ['ats.jobId', job.atsJobId],
    ['ats.templateId', job.templateId],
    ['ats.result', job.result?.atsResult],
    ['ats.attempt', String(job.attempt)],
  ]
    .filter((pair): pair is [string, string] => pair[1] !== undefined)
    .map(([name, value]) => ({ '@_name': name, '@_value': value }));
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      '@_name': suiteName,
      '@_tests': String(counts.tests),
      '@_failures': String(counts.failures),
      '@_errors': '0',
      '@_skipped': String(counts.skipped),
      '@_time': time,
      testsuite: {
        '@_name': suiteName,
        ...(job.atsJobId ? { '@_id': job.atsJobId } : {}),
        '@_tests': String(counts.tests),
        '@_failures': String(counts.failures),
        '@_errors': '0',
        '@_skipped': String(counts.skipped),
        '@_time': time,
        '@_timestamp': timestamp,
        properties: { property: properties },
        testcase,
      },
    },
  };
  return builder.build(document);
}

/** The JUnit file's name: unique per ATS job, which is how a retry finds one already attached. */
export function junitFileName(job: Job): string {
  const slug = (job.templateAlias ?? 'ats').replace(/[^A-Za-z0-9._-]+/g, '-');
  const attempt = job.attempt > 0 ? `-rerun-${job.attempt}` : '';
  return `${slug}${attempt}-${job.atsJobId ?? job.requestId}.junit.xml`;
}

function firstLine(text: string): string {
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  return line.length > 500 ? `${line.slice(0, 499)}…` : line;
}
