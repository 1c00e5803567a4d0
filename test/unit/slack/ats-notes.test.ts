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
