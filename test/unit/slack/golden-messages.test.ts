import { describe, expect, it } from 'vitest';
import { atsJobLinker } from '../../../functions/core/ats-links';
import type { Job } from '../../../functions/core/job';
import { parseCatalog } from '../../../functions/core/requests/catalog';
import { renderAnswer } from '../../../functions/slack/blocks/answer';
import { renderCompletionNotice } from '../../../functions/slack/blocks/completion-notice';
import { renderJobCard } from '../../../functions/slack/blocks/job-card';
import { renderRequesterOutcome } from '../../../functions/slack/blocks/notice';
import { renderOutcome } from '../../../functions/slack/blocks/outcome';
import { renderRunPicker } from '../../../functions/slack/blocks/run-picker';
import { failingCases, finished, jobAt } from './blocks-support';
import { expectWithinSlackLimits } from './slack-limits-check';

// Every message the bot sends, in every state a job goes through, as golden JSON under golden/:
// reviewed by eye once, checked in, compared on every run (`npx vitest run -u` rewrites them after
// a deliberate change, to be reviewed again in the diff). Each is also checked against Slack's
// limits.

/** Links as a deployment with `ATS_JOB_URL_TEMPLATE` set builds them. */
const atsUrl = atsJobLinker({
  urlTemplate: 'https://ats.example.com/#/apps/{appId}/jobs/{jobId}',
  appId: 'demo-app',
  catalog: [],
});
const withLink = (job: Job) => {
  const url = atsUrl(job);
  return url ? { atsUrl: url } : {};
};
const ATS_JOB = '8f14e45f-ceea-467a-9a36-0000000000a1';
const RERUN_JOB = '8f14e45f-ceea-467a-9a36-0000000000b2';
const CARD_TS = '1736154000.000100';

/** The regression run of the demo: two failures, one case ATS never ran. */
const regressionCases = [
  { name: 'Log in', result: 'Passed', durationSeconds: 4, errorMessage: undefined },
  {
    name: 'Checkout with voucher',
    result: 'Failed',
    durationSeconds: 97,
    errorMessage: "Element 'Apply voucher' not found within 30 seconds",
  },
  {
    name: 'Export invoice PDF',
    result: 'Failed',
    durationSeconds: 61,
    errorMessage: 'Assertion failed: expected 3 pages, found 2',
  },
  { name: 'Refund order', result: 'Not_Executed', durationSeconds: 0, errorMessage: undefined },
  { name: 'Log out', result: 'Passed', durationSeconds: 3, errorMessage: undefined },
];

const passedCases = [
  { name: 'Log in', result: 'Passed', durationSeconds: 4, errorMessage: undefined },
  { name: 'Search customer', result: 'Passed', durationSeconds: 12, errorMessage: undefined },
];

function failedRun(overrides: Partial<Job> = {}): Job {
  return finished(regressionCases, {
    atsJobId: ATS_JOB,
    templateName: 'Regression suite',
    ...overrides,
  });
}

/** The first run of a chain whose first rerun passed, two cases flaky. */
const passedOnRerun = failedRun({
  rerunRequestId: 'req-rerun-1',
  rerunBy: 'U0BOB',
  chainStory: {
    attempt: 1,
    requestId: 'req-rerun-1',
    phase: 'done',
    verdict: 'passed',
    flaky: 2,
    breakdown: { passed: 3, failed: 0, notExecuted: 0 },
  },
});

const rerunPassed = finished(
  [
    {
      name: 'Checkout with voucher',
      result: 'Passed',
      durationSeconds: 90,
      errorMessage: undefined,
    },
    { name: 'Export invoice PDF', result: 'Passed', durationSeconds: 58, errorMessage: undefined },
    { name: 'Refund order', result: 'Passed', durationSeconds: 20, errorMessage: undefined },
  ],
  {
    requestId: 'req-rerun-1',
    kind: 'rerun',
    attempt: 1,
    atsJobId: RERUN_JOB,
    templateName: 'Regression suite',
    threadTs: CARD_TS,
    rerunOf: 'req-0123456789abcdef0123',
  },
);
rerunPassed.result!.flaky = ['Checkout with voucher', 'Export invoice PDF'];

const rejected = jobAt('failed_to_start', {
  atsJobId: undefined,
  startedAt: undefined,
  cardTs: CARD_TS,
  templateName: 'Template without Selenium hub',
  orderSentAt: Date.UTC(2025, 0, 6, 9, 0, 1),
  lastError:
    'ATS did not start the job: The job could not be started: no Selenium hub is configured for this template.',
  finishedAt: Date.UTC(2025, 0, 6, 9, 0, 2),
});

const watched = finished(passedCases, {
  kind: 'watch',
  templateId: undefined,
  templateAlias: undefined,
  templateName: `ATS job ${ATS_JOB}`,
  atsJobId: ATS_JOB,
  // The watch began at 9:00:05; ATS ran the job for 16 s by its cases, whenever it started.
  finishedAt: Date.UTC(2025, 0, 6, 9, 0, 6),
});

const CARDS: Record<string, Job> = {
  'card-starting': jobAt('starting', { atsJobId: undefined, startedAt: undefined }),
  'card-queued': jobAt('queued', { atsJobId: ATS_JOB }),
  'card-running': jobAt('running', { atsJobId: ATS_JOB }),
  'card-passed-quietly': finished(passedCases, { atsJobId: ATS_JOB }),
  'card-failed': failedRun(),
  'card-failed-rerun-running': failedRun({
    rerunRequestId: 'req-rerun-1',
    chainStory: { attempt: 1, requestId: 'req-rerun-1', phase: 'queued', flaky: 0 },
  }),
  'card-passed-on-rerun': passedOnRerun,
  'card-failed-after-two-reruns': failedRun({
    chainStory: {
      attempt: 2,
      requestId: 'req-rerun-2',
      phase: 'done',
      verdict: 'failed',
      flaky: 1,
      breakdown: { passed: 0, failed: 1, notExecuted: 0 },
    },
  }),
  'card-rejected': rejected,
  'card-watched-running': jobAt('running', {
    kind: 'watch',
    templateName: `ATS job ${ATS_JOB}`,
    atsJobId: ATS_JOB,
  }),
  'card-watched-passed': watched,
  'card-start-unknown': jobAt('error', {
    atsJobId: undefined,
    startedAt: undefined,
    orderSentAt: Date.UTC(2025, 0, 6, 9, 0, 1),
    lastError:
      'ATS did not confirm whether a run of Smoke tests started. It may be running in ATS anyway: check Test Runs there before starting it again.',
  }),
};

const OUTCOMES: Record<string, Job> = {
  'outcome-failed': failedRun({ cardTs: CARD_TS }),
  'outcome-failed-rerun-started': failedRun({ rerunRequestId: 'req-rerun-1', rerunBy: 'U0BOB' }),
  'outcome-rerun-passed-flaky': rerunPassed,
  'outcome-timed-out': jobAt('timed_out', {
    atsJobId: ATS_JOB,
    lastAtsStatus: 'Queued',
    finishedAt: Date.UTC(2025, 0, 6, 15, 0, 5),
  }),
  'outcome-start-unknown': CARDS['card-start-unknown'] as Job,
};

const golden = (name: string) => `./golden/${name}.json`;
const pretty = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

describe('golden messages', () => {
  it.each(Object.entries(CARDS))('%s', async (name, job) => {
    // Act
    const card = renderJobCard(job, withLink(job));

    // Assess
    expectWithinSlackLimits(card);
    await expect(pretty(card)).toMatchFileSnapshot(golden(name));
  });

  it.each(Object.entries(OUTCOMES))('%s', async (name, job) => {
    // Act
    const outcome = renderOutcome(job, withLink(job));

    // Assess
    expectWithinSlackLimits(outcome);
    await expect(pretty(outcome)).toMatchFileSnapshot(golden(name));
  });

  it('the private answer to whoever asked for a start ATS refused', async () => {
    // Act
    const told = renderRequesterOutcome(rejected);

    // Assess
    expectWithinSlackLimits(told);
    await expect(pretty(told)).toMatchFileSnapshot(golden('requester-rejected'));
  });

  it('the completion notice of a quiet pass, linking to its card', async () => {
    // Act
    const notice = renderCompletionNotice(
      finished(passedCases, { atsJobId: ATS_JOB }),
      'https://example.slack.com/archives/C0TESTS/p1736154000000100',
    );

    // Assess
    expectWithinSlackLimits(notice);
    await expect(pretty(notice)).toMatchFileSnapshot(golden('notice-quiet-pass'));
  });

  it('the first answers, which promise nothing that may not happen', async () => {
    // Act
    const answers = {
      run: renderAnswer({ kind: 'accepted', job: jobAt('requested'), duplicate: false }),
      watch: renderAnswer({
        kind: 'accepted',
        job: jobAt('requested', { kind: 'watch', atsJobId: ATS_JOB }),
        duplicate: false,
      }),
      watchBadId: renderAnswer({
        kind: 'help',
        templates: [],
        problem: { code: 'BAD_ARGUMENT', given: 'foo', about: 'watch' },
      }),
      rerunOfFinishedRerun: renderAnswer({
        kind: 'already_rerun',
        of: failedRun({ rerunRequestId: 'req-rerun-1', rerunBy: 'U0BOB' }),
        latest: finished([regressionCases[2]!], {
          requestId: 'req-rerun-1',
          attempt: 1,
          atsJobId: RERUN_JOB,
          templateName: 'Regression suite',
        }),
        by: 'U0BOB',
      }),
      oneActiveJob: renderAnswer({
        kind: 'channel_status',
        channelId: 'C0TESTS',
        jobs: [jobAt('running', { atsJobId: ATS_JOB })],
      }),
    };

    // Assess
    for (const message of Object.values(answers)) expectWithinSlackLimits(message);
    expect(answers.run.text).not.toMatch(/will appear|card .* this channel/);
    expect(answers.watch.text).not.toMatch(/will appear/);
    expect(answers.oneActiveJob.text).toBe('1 active job');
    await expect(pretty(answers)).toMatchFileSnapshot(golden('answers'));
  });

  it('the run picker', async () => {
    // Prepare
    const catalog = parseCatalog([
      {
        alias: 'smoke',
        templateId: 'tpl-smoke',
        name: 'Smoke test',
        description: 'Logs in, opens the dashboard and searches a customer',
      },
      { alias: 'regression', templateId: 'tpl-regression', name: 'Regression suite' },
    ]);
    const now = Date.UTC(2025, 0, 6, 12, 0, 0);

    // Act
    const view = renderRunPicker(
      {
        kind: 'run_picker',
        channelId: 'C0TESTS',
        now,
        choices: [
          { template: catalog[0]!, last: finished(passedCases) },
          { template: catalog[1]!, last: passedOnRerun },
        ],
      },
      { channelId: 'C0TESTS', responseUrl: 'https://hooks.slack.com/commands/T0/1/x' },
    );

    // Assess
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    await expect(pretty(view)).toMatchFileSnapshot(golden('run-picker'));
  });
});

describe('Slack limits with 5,000 cases and long messages', () => {
  it('keeps the card, the outcome and the first card of a chain within limits', () => {
    // Prepare
    const many = failingCases(5_000);
    const job = finished(many, { atsJobId: ATS_JOB, templateName: 'N'.repeat(400) });
    const chained: Job = {
      ...job,
      chainStory: {
        attempt: 2,
        requestId: 'req-2',
        phase: 'done',
        verdict: 'failed',
        flaky: 4_321,
        breakdown: { passed: 4_000, failed: 900, notExecuted: 100 },
      },
    };

    // Act
    const messages = [
      renderJobCard(job, withLink(job)),
      renderJobCard(chained, withLink(job)),
      renderOutcome(job, withLink(job)),
      renderOutcome({ ...job, rerunRequestId: 'r', rerunBy: 'U0BOB' }, withLink(job)),
      renderRequesterOutcome({ ...rejected, lastError: 'x'.repeat(10_000) }),
    ];

    // Assess
    for (const message of messages) expectWithinSlackLimits(message);
    expect(JSON.stringify(messages[2]?.blocks)).toMatch(
      /the JUnit file in this thread lists every case/,
    );
  });
});
