import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../functions/core/requests/catalog';
import { renderAnswer } from '../../../functions/slack/blocks/answer';
import { renderCompletionNotice } from '../../../functions/slack/blocks/completion-notice';
import { renderHelp } from '../../../functions/slack/blocks/help';
import { renderJobCard } from '../../../functions/slack/blocks/job-card';
import { renderJobStatus } from '../../../functions/slack/blocks/job-status';
import {
  escapeMrkdwnKeepingMentions,
  formatDuration,
} from '../../../functions/slack/blocks/mrkdwn';
import { renderNotice } from '../../../functions/slack/blocks/notice';
import { RERUN_ACTION_ID, renderOutcome } from '../../../functions/slack/blocks/outcome';
import { packLines, truncate } from '../../../functions/slack/blocks/slack-limits';
import { renderTemplateList } from '../../../functions/slack/blocks/template-list';
import { failingCases, finished, jobAt } from './blocks-support';
import { expectWithinSlackLimits } from './slack-limits-check';

const json = (value: unknown) => JSON.stringify(value);

describe('renderJobCard', () => {
  it.each([
    ['requested', 'Requested'],
    ['queued', 'Queued in ATS'],
    ['running', 'Running'],
  ] as const)('shows a %s job with who started it and when', (phase, label) => {
    // Prepare
    const job = jobAt(phase);

    // Act
    const card = renderJobCard(job);

    // Assess
    expect(json(card.blocks)).toContain('Smoke tests');
    expect(json(card.blocks)).toContain('<@U0ALICE>');
    expect(json(card.blocks)).toContain(label);
    expect(json(card.blocks)).toContain('<!date^');
    expect(card.text).toBe(`Smoke tests: ${label}`);
    expectWithinSlackLimits(card);
  });

  it('shows the ATS job id once known and the final verdict at the end', () => {
    // Prepare
    const job = finished(failingCases(3));

    // Act
    const card = renderJobCard(job);

    // Assess
    expect(json(card.blocks)).toContain('`ats-1`');
    expect(card.text).toBe('Smoke tests: Failed');
    expect(json(card.blocks)).toContain('0 passed · 2 failed · 1 not executed');
  });

  it('titles reruns by number and shows an unknown ATS status raw', () => {
    // Prepare
    const job = jobAt('running', { attempt: 2, lastAtsStatus: 'Paused' });

    // Act
    const card = renderJobCard(job);

    // Assess
    expect(card.text).toContain('Smoke tests · Rerun 2');
    expect(json(card.blocks)).toContain('Running (ATS: Paused)');
  });
});

describe('renderOutcome', () => {
  it('gives the verdict, counts, duration, failing cases with ATS errors, and the rerun button', () => {
    // Prepare
    const job = finished([
      { name: 'Login', result: 'Passed', durationSeconds: 12, errorMessage: undefined },
      {
        name: 'Checkout',
        result: 'Failed',
        durationSeconds: 63,
        errorMessage: 'Button <Pay> not found',
      },
      {
        name: 'Refund',
        result: 'Not_Executed',
        durationSeconds: undefined,
        errorMessage: undefined,
      },
    ]);

    // Act
    const outcome = renderOutcome(job);

    // Assess
    const text = json(outcome.blocks);
    expect(outcome.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: 'Smoke tests: Failed' },
    });
    expect(text).toContain('*Passed*\\n1');
    expect(text).toContain('*Failed*\\n1');
    expect(text).toContain('*Not executed*\\n1');
    expect(text).toContain('12m 30s');
    expect(text).toContain(':x: *Checkout* (1m 03s): Button &lt;Pay&gt; not found');
    // A case that never ran says so, with no made-up duration.
    expect(text).toContain(':white_circle: *Refund* (not executed)');
    expect(text).not.toMatch(/Refund\* \(0s\)/);
    expect(text).not.toContain('*Login*');
    expect(outcome.blocks.at(-1)).toEqual({
      type: 'actions',
      block_id: 'outcome_actions',
      elements: [
        expect.objectContaining({
          type: 'button',
          action_id: RERUN_ACTION_ID,
          value: job.requestId,
        }),
      ],
    });
    expect(outcome.text).toBe('Smoke tests: Failed: 1 passed, 1 failed, 1 not executed');
  });

  it('has no button when everything passed, and shows flaky cases of a rerun', () => {
    // Prepare
    const job = finished(
      [{ name: 'Checkout', result: 'Passed', durationSeconds: 3, errorMessage: undefined }],
      {
        attempt: 1,
      },
    );
    job.result!.flaky = ['Checkout'];

    // Act
    const outcome = renderOutcome(job);

    // Assess
    expect(json(outcome.blocks)).not.toContain(RERUN_ACTION_ID);
    expect(json(outcome.blocks)).toContain('Flaky');
    expect(json(outcome.blocks)).toContain('• Checkout');
    expect(outcome.blocks[0]).toMatchObject({ text: { text: 'Smoke tests · Rerun 1: Passed' } });
  });

  it('replaces the button by who started the rerun', () => {
    // Prepare
    const job = finished(failingCases(2), { rerunRequestId: 'req-rerun', rerunBy: 'U0BOB' });

    // Act
    const outcome = renderOutcome(job);

    // Assess
    expect(json(outcome.blocks)).not.toContain(RERUN_ACTION_ID);
    expect(json(outcome.blocks)).toContain('Rerun started by <@U0BOB>');
  });

  it('shows canceled and warning flags and the ATS message', () => {
    // Prepare
    const job = finished(failingCases(1));
    job.result = {
      ...job.result!,
      verdict: 'canceled',
      flags: { canceled: true, warning: true },
      errorMessage: 'Stopped by <admin>',
    };

    // Act
    const outcome = renderOutcome(job);

    // Assess
    const text = json(outcome.blocks);
    expect(text).toContain('canceled in ATS');
    expect(text).toContain('warning');
    expect(text).toContain('Stopped by &lt;admin&gt;');
    expect(outcome.blocks[0]).toMatchObject({ text: { text: 'Smoke tests: Canceled' } });
  });

  it.each([
    [
      'failed_to_start',
      { lastError: 'ATS did not start the job: no Selenium hub.' },
      'ATS did not start the job: no Selenium hub.',
    ],
    [
      'timed_out',
      { lastAtsStatus: 'Queued', finishedAt: Date.UTC(2025, 0, 6, 15, 0, 5) },
      'I stopped following ATS job `ats-1` after 6h 00m',
    ],
    ['error', { lastError: 'SOAP fault: Internal error' }, 'SOAP fault: Internal error'],
  ] as const)('explains a job that ended %s in plain words', (phase, overrides, expected) => {
    // Prepare
    const job = jobAt(phase, overrides);

    // Act
    const outcome = renderOutcome(job);

    // Assess
    expect(json(outcome.blocks)).toContain(expected);
    expect(json(outcome.blocks)).not.toContain(RERUN_ACTION_ID);
    expectWithinSlackLimits(outcome);
  });

  it.each([
    [
      'timed_out',
      { atsJobId: 'ats-1' },
      "It keeps one of the app's ATS slots until ATS reports it finished (at the latest <!date^1736186400^",
    ],
    [
      'error',
      { atsJobId: undefined, lastError: 'x'.repeat(5_000) },
      "As it may be running in ATS, it keeps one of the app's ATS slots until <!date^1736186400^",
    ],
  ] as const)(
    'says why later runs may wait after a job that ended %s while ATS may still run it',
    (phase, overrides, expected) => {
      // Prepare: held until 2025-01-06 18:00 UTC.
      const job = jobAt(phase, { ...overrides, slotHeldUntil: Date.UTC(2025, 0, 6, 18, 0, 0) });

      // Act
      const outcome = renderOutcome(job);

      // Assess: said even after the longest error text.
      expect(json(outcome.blocks)).toContain(expected);
      expectWithinSlackLimits(outcome);
    },
  );

  it('fits 5,000 failing test cases within Slack limits and says how many more there are', () => {
    // Prepare
    const job = finished(failingCases(5_000));

    // Act
    const outcome = renderOutcome(job);

    // Assess
    expectWithinSlackLimits(outcome);
    const text = json(outcome.blocks);
    expect(text).toContain('Did not pass (5,000)');
    const more = /…and ([\d,]+) more test cases that did not pass/.exec(text);
    expect(more).not.toBeNull();
    const listed = (text.match(/:(x|white_circle): \*/g) ?? []).length;
    expect(listed + Number(more![1]!.replaceAll(',', ''))).toBe(5_000);
    expect(outcome.blocks.at(-1)).toMatchObject({ type: 'actions' });
  });

  it('stays within limits and never lets test data ping anyone, whatever ATS sends', () => {
    // Prepare
    const testCase = fc.record({
      name: fc.string({ unit: 'binary', maxLength: 500 }),
      result: fc.constantFrom('Passed', 'Failed', 'Not_Executed', 'Weird'),
      durationSeconds: fc.option(fc.nat(1_000_000), { nil: undefined }),
      errorMessage: fc.option(fc.string({ unit: 'binary', maxLength: 5_000 }), { nil: undefined }),
    });
    const cases = fc.array(testCase, { maxLength: 300 });

    // Act / Assess
    fc.assert(
      fc.property(cases, fc.string({ maxLength: 200 }), (testCases, name) => {
        const job = finished(
          [
            ...testCases,
            {
              name: '<!channel>',
              result: 'Failed',
              durationSeconds: 1,
              errorMessage: '<!here> <https://evil|x>',
            },
          ],
          {
            templateName: name || 'x',
          },
        );
        const outcome = renderOutcome(job);
        expectWithinSlackLimits(outcome);
        expect(json(outcome.blocks)).not.toContain('<!channel>');
        expect(json(outcome.blocks)).not.toContain('<!here>');
        expect(json(outcome.blocks)).not.toContain('<https://evil');
      }),
      { numRuns: 60 },
    );
  });
});

describe('renderJobStatus', () => {
  it('names each count by what it counts: passed, failed, not executed', () => {
    // Prepare
    const job = finished([], {
      requestId: 'req-status-000000000001',
      lastError: undefined,
    });
    const counted = {
      ...job,
      result: job.result && {
        ...job.result,
        verdict: 'failed' as const,
        breakdown: { passed: 1_204, failed: 37, notExecuted: 5 },
      },
    };

    // Act
    const message = renderJobStatus(counted);

    // Assess
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('1,204 passed · 37 failed · 5 not executed');
    expect(text).toContain('`ats-1`');
    expect(text).toContain('`req-status-000000000001`');
    expectWithinSlackLimits(message);
  });
});

describe('small builders', () => {
  const catalog = parseCatalog([
    {
      alias: 'smoke',
      templateId: 'T1',
      name: 'Smoke tests',
      notifyChannels: ['C0QA'],
      autoReruns: 1,
    },
    {
      alias: 'prod',
      templateId: 'T2',
      name: 'Prod <checks>',
      allowedUsers: ['U0ALICE'],
      allowedUserGroups: ['S0QA'],
      allowedChannels: ['C0REL'],
    },
  ]);

  it('help leads with the problem and suggests the closest command', () => {
    // Prepare / Act
    const help = renderHelp(catalog, {
      code: 'UNKNOWN_TEMPLATE',
      given: 'smoek',
      about: 'run',
      suggestion: 'run smoke',
    });

    // Assess
    expect(help.text).toContain('There is no template `smoek`.');
    expect(help.text).toContain('Did you mean `/ats run smoke`?');
    expect(json(help.blocks)).toContain('/ats watch');
    expectWithinSlackLimits(help);
  });

  it('help says what an ATS job id looks like when a watch names something else', () => {
    // Prepare / Act
    const help = renderHelp(catalog, { code: 'BAD_ARGUMENT', given: 'foo', about: 'watch' });

    // Assess
    expect(help.text).toContain('`foo` is not an ATS job id');
    expect(help.text).toContain('UUIDs');
    expect(help.text).not.toMatch(/SOAP|HTTP|AppID/);
  });

  it('the list shows aliases, escaped names, who may run and notification channels', () => {
    // Prepare / Act
    const list = renderTemplateList(catalog);

    // Assess
    const text = json(list.blocks);
    expect(text).toContain('`smoke` Smoke tests');
    expect(text).toContain('Prod &lt;checks&gt;');
    expect(text).toContain(
      'who may run: <@U0ALICE>, members of <!subteam^S0QA>, anyone in <#C0REL>',
    );
    expect(text).toContain('notifies <#C0QA>');
  });

  it('counts one template as one, and more as many', () => {
    // Prepare / Act
    const one = renderTemplateList(catalog.slice(0, 1));
    const all = renderTemplateList(catalog);

    // Assess
    expect(one.text).toBe('1 template');
    expect(all.text).toBe(`${catalog.length} templates`);
  });

  it('a long catalog stays within limits', () => {
    // Prepare
    const many = parseCatalog(
      Array.from({ length: 1_000 }, (_, i) => ({
        alias: `t${i}`,
        templateId: `T${i}`,
        name: 'N'.repeat(150),
        allowedUsers: ['U0ALICE'],
      })),
    );

    // Act
    const list = renderTemplateList(many);

    // Assess
    expectWithinSlackLimits(list);
    expect(json(list.blocks)).toMatch(/…and \d+ more templates/);
  });

  it('refusals name who may run the template', () => {
    // Prepare / Act
    const message = renderAnswer({
      kind: 'not_allowed',
      template: catalog[1]!,
      permitted: { users: ['U0ALICE'], userGroups: ['S0QA'], channels: [] },
    });

    // Assess
    expect(message.text).toContain('You may not run *Prod &lt;checks&gt;*');
    expect(message.text).toContain('<@U0ALICE>, members of <!subteam^S0QA>');
  });

  it('already-rerunning answers give who and the rerun job id', () => {
    // Prepare
    const of = finished(failingCases(2));

    // Act
    const message = renderAnswer({
      kind: 'already_rerunning',
      of,
      rerun: jobAt('queued', { atsJobId: 'ats-2' }),
      rerunRequestId: 'req-2',
      by: 'U0BOB',
    });

    // Assess
    expect(message.text).toContain('Already rerunning');
    expect(message.text).toContain('<@U0BOB>');
    expect(message.text).toContain('`ats-2`');
  });

  it('a rerun request of a job whose rerun has ended says how it ended, not "already rerunning"', () => {
    // Prepare
    const of = finished(failingCases(2), { rerunRequestId: 'req-2', rerunBy: 'U0BOB' });
    const latest = finished(failingCases(1), { requestId: 'req-2', attempt: 1, atsJobId: 'ats-2' });

    // Act
    const message = renderAnswer({ kind: 'already_rerun', of, latest, by: 'U0BOB' });

    // Assess
    expect(message.text).not.toContain('Already rerunning');
    expect(message.text).toContain('was already rerun by <@U0BOB>');
    expect(message.text).toContain('*Smoke tests · Rerun 1* ended :x: Failed');
    expect(message.text).toContain('`/ats rerun ats-2`');
  });

  it('refusal messages are escaped', () => {
    // Prepare / Act
    const message = renderAnswer({ kind: 'refused', code: 'X', message: 'No job <!channel>' });

    // Assess
    expect(message.text).toBe(':warning: No job &lt;!channel&gt;');
  });

  it('completion notices link to the thread', () => {
    // Prepare / Act
    const notice = renderCompletionNotice(
      finished(failingCases(2)),
      'https://x.slack.com/archives/C0TESTS/p1',
    );

    // Assess
    expect(json(notice.blocks)).toContain('<https://x.slack.com/archives/C0TESTS/p1|see the job>');
    expect(json(notice.blocks)).toContain('in <#C0TESTS>');
  });

  it('notices are escaped', () => {
    // Prepare / Act
    const notice = renderNotice({
      kind: 'ats_unreachable',
      message: 'ATS at <https://ats> is down',
    });

    // Assess
    expect(notice.text).toBe(':electric_plug: ATS at &lt;https://ats&gt; is down');
  });

  it('keeps the bot’s own mentions while escaping foreign markup', () => {
    // Prepare / Act
    const text = escapeMrkdwnKeepingMentions('Invite me to <#C0TESTS>, <@U0A> & <!channel>');

    // Assess
    expect(text).toBe('Invite me to <#C0TESTS>, <@U0A> &amp; &lt;!channel&gt;');
  });

  it('formats durations and cuts text without breaking characters', () => {
    // Prepare / Act / Assess
    expect([formatDuration(45), formatDuration(185), formatDuration(7_440)]).toEqual([
      '45s',
      '3m 05s',
      '2h 04m',
    ]);
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    expect(packLines(['aaa', 'bbb', 'ccc'], 7, 1)).toEqual({ chunks: ['aaa\nbbb'], omitted: 1 });
  });
});
