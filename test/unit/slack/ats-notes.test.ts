import { describe, expect, it } from 'vitest';
import { renderJobCard } from '../../../functions/slack/blocks/job-card';
import { renderOutcome } from '../../../functions/slack/blocks/outcome';
import { finished, jobAt } from './blocks-support';
import { expectWithinSlackLimits } from './slack-limits-check';

const json = (value: unknown) => JSON.stringify(value);

describe('what ATS said when it started the job', () => {
  it('shows on the card as a warning while the job runs', () => {
    // Prepare
    const job = jobAt('running', { startWarning: 'Selenium hub <eu-1> is slow today' });

    // Act
    const card = renderJobCard(job);

    // Assess
    expect(json(card.blocks)).toContain(
      ':warning: ATS started the job with a message: Selenium hub &lt;eu-1&gt; is slow today',
    );
    expectWithinSlackLimits(card);
  });

  it('shows with the result too, however long', () => {
    // Prepare
    const job = finished(
      [{ name: 'Log in', result: 'Passed', durationSeconds: 3, errorMessage: undefined }],
      {
        startWarning: `Quota almost used up ${'z'.repeat(5_000)}`,
      },
    );

    // Act
    const outcome = renderOutcome(job);

    // Assess
    expect(json(outcome.blocks)).toContain(':warning: ATS started the job with a message: Quota');
    expectWithinSlackLimits(outcome);
  });

  it('is not there when ATS said nothing', () => {
    // Act
    const card = renderJobCard(jobAt('running'));

    // Assess
    expect(json(card.blocks)).not.toContain('ATS started the job with a message');
  });
});

describe('reruns in the thread', () => {
  const scope = {
    count: 23,
    names: Array.from({ length: 20 }, (_, i) => `Case <${i + 1}>`),
  };

  it('a rerun card says which cases it runs again: those the first run did not pass', () => {
    // Prepare
    const job = jobAt('queued', { kind: 'rerun', attempt: 2, rerunScope: scope });

    // Act
    const card = renderJobCard(job);

    // Assess
    const text = json(card.blocks);
    expect(text).toContain(
      'Runs again the 23 test cases the first run did not pass: Case &lt;1&gt;',
    );
    expect(text).toContain('and 3 more');
    expectWithinSlackLimits(card);
  });

  it('a rerun result lists what still fails and what was flaky against the first run', () => {
    // Prepare
    const job = finished(
      [
        { name: 'Pay', result: 'Failed', durationSeconds: 9, errorMessage: 'boom' },
        { name: 'Search', result: 'Passed', durationSeconds: 4, errorMessage: undefined },
      ],
      { kind: 'rerun', attempt: 1 },
    );
    job.result = { ...job.result!, flaky: ['Search'] };

    // Act
    const text = json(renderOutcome(job).blocks);

    // Assess
    expect(text).toContain('Still failing (1)');
    expect(text).toContain('failed in the first run, passed in this rerun (1)');
  });

  it.each([
    ['confirming', 'one more rerun confirms it'],
    ['confirmed', 'passed twice in a row, so the chain passed'],
    ['unconfirmed', 'no rerun was left to confirm it'],
    ['failed', 'the chain ends failed'],
  ] as const)('a rerun of a confirm chain says where it leaves the chain: %s', (step, says) => {
    // Prepare
    const job = finished([], { kind: 'rerun', attempt: 1 });
    job.result = {
      ...job.result!,
      verdict: step === 'failed' ? 'failed' : 'passed',
      chain: { rule: 'confirm', step },
    };

    // Act
    const text = json(renderOutcome(job).blocks);

    // Assess
    expect(text).toContain(says);
  });
});

describe('Passed with Canceled=true (release notes 2.7.1)', () => {
  it('shows as passed with a note, not as canceled', () => {
    // Prepare
    const job = finished([
      { name: 'Log in', result: 'Passed', durationSeconds: 3, errorMessage: undefined },
    ]);
    job.result = { ...job.result!, flags: { canceled: true, warning: false } };

    // Act
    const outcome = renderOutcome(job);

    // Assess
    const text = json(outcome.blocks);
    expect(outcome.blocks[0]).toMatchObject({ text: { text: 'Smoke tests: Passed' } });
    expect(text).toContain('ATS also flagged this job as canceled');
    expect(text).not.toContain('The job was canceled in ATS');
  });
});

describe('a result whose cases were too many to read', () => {
  it('gives the counts and says the cases are listed in ATS', () => {
    // Prepare
    const job = finished([]);
    job.result = {
      ...job.result!,
      verdict: 'failed',
      breakdown: { passed: 19_000, failed: 1_000, notExecuted: 0 },
      testCasesOmitted: true,
    };

    // Act
    const text = json(renderOutcome(job).blocks);

    // Assess
    expect(text).toContain('19,000');
    expect(text).toContain('ATS listed more test cases than the bot reads');
  });
});
