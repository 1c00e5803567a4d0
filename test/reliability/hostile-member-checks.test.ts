import { describe, expect, it } from 'vitest';
import type { Job } from '../../functions/core/job';
import { parseCatalog } from '../../functions/core/requests/catalog';
import type { StoredMessage } from '../../functions/local/slack-api/slack-api-server';
import { testJob } from '../support/job-fixtures';
import {
  checkHostileMember,
  HOSTILE_CHANNEL,
  HOSTILE_USER,
  type HostileAction,
  type HostileEvidence,
  LOAD_QUOTAS,
} from '../support/reliability/hostile-member';
import type { IngressExchange } from '../support/reliability/load-invariants';
import type { LoadTemplate } from '../support/reliability/load-templates';

// The load's hostile-member checks must be able to fail: each rule is shown catching what it is
// there for, on evidence built by hand (the load itself should never produce any).

const [entry] = parseCatalog([
  { alias: 't0', templateId: 'tpl-0', name: 'Suite 0 (fail)', allowedChannels: ['C0LOAD0'] },
]);
const TEMPLATES: LoadTemplate[] = [
  {
    index: 0,
    behaviour: 'fail',
    entry,
    sim: {
      templateId: 'tpl-0',
      name: 'Suite 0 (fail)',
      queuedSeconds: 20,
      runningSeconds: 40,
      testCases: [
        {
          name: 'Pay by card',
          result: 'Failed',
          durationSeconds: 48,
          errorMessage: "Element 'Pay now' not found within 30 seconds",
        },
      ],
    },
  },
];

/** A finished job of another channel, with everything the hostile member must not learn. */
const FOREIGN: Job = testJob({
  requestId: 'req-foreign-0001',
  atsJobId: 'ats-foreign-0001',
  templateId: 'tpl-0',
  templateName: 'Suite 0 (fail)',
  channelId: 'C0LOAD0',
  requester: { userId: 'U0USER00' },
  phase: 'done',
});

/** One of each kind of attempt, each answered as it should be. */
function honest(): HostileEvidence {
  const actions: HostileAction[] = [
    { label: 'hostile status request 0', kind: 'status', sent: `status ${FOREIGN.requestId}` },
    { label: 'hostile watch ats 0', kind: 'watch', sent: `watch ${FOREIGN.atsJobId}` },
    { label: 'hostile click request 0', kind: 'click', sent: FOREIGN.requestId },
    { label: 'hostile run_restricted none 0', kind: 'run_restricted', sent: 'run t0' },
    { label: 'hostile flood 0 0', kind: 'flood', sent: 'run own0' },
    { label: 'hostile flood 0 1', kind: 'flood', sent: 'run own1' },
  ];
  const exchanges: IngressExchange[] = [
    {
      label: 'hostile status request 0',
      kind: 'command',
      status: 200,
      text: `I know no job \`${FOREIGN.requestId}\`. Use the job id from a job card.`,
    },
    {
      label: 'hostile watch ats 0',
      kind: 'command',
      status: 200,
      text: ':eyes: I already follow this ATS job in another channel, so I do not copy it here.',
    },
    { label: 'hostile click request 0', kind: 'click', status: 200, text: '' },
    {
      label: 'hostile run_restricted none 0',
      kind: 'command',
      status: 200,
      text: ':lock: You may not run *Suite 0 (fail)* here: it runs only in <#C0LOAD0>.',
    },
    { label: 'hostile flood 0 0', kind: 'command', status: 200, text: 'Starting *Own suite 0*' },
    {
      label: 'hostile flood 0 1',
      kind: 'command',
      status: 200,
      text: ':hourglass: You have started 15 jobs in the last 2 minutes, the most the bot takes.',
    },
    { label: 'run-0', kind: 'command', status: 200, text: 'Starting *Suite 0 (fail)*' },
  ];
  const messages: StoredMessage[] = [
    {
      channel: HOSTILE_CHANNEL,
      ts: '1.000001',
      ephemeralFor: HOSTILE_USER,
      via: 'response_url',
      text: `I know no job \`${FOREIGN.requestId}\`.`,
    },
  ];
  const own = testJob({
    requestId: 'req-own-0',
    templateId: 'own-0',
    templateName: 'Own suite 0',
    channelId: HOSTILE_CHANNEL,
    requester: { userId: HOSTILE_USER },
  });
  return {
    actions,
    jobs: [FOREIGN, own],
    exchanges,
    messages,
    templates: TEMPLATES,
    quotas: LOAD_QUOTAS,
  };
}

describe('the hostile member checks of the load', () => {
  it('find nothing when every attempt is refused as it should be', () => {
    // Prepare / Act
    const report = checkHostileMember(honest());

    // Assess
    expect(report.violations).toEqual([]);
    expect(report.counts.refusals).toMatchObject({
      not_found: 2,
      followed_elsewhere: 1,
      not_permitted: 1,
      quota: 1,
      started: 1,
      unclear: 0,
    });
  });

  it("catch another channel's details in an answer: test case, requester, ATS id or template", () => {
    // Prepare
    const leaks = [
      'I know no job: its Pay by card failed',
      'I know no job; ask <@U0USER00>',
      'I know no job `req-foreign-0001` (ATS ats-foreign-0001)',
      'I know no job: Suite 0 (fail) is not yours',
    ];

    // Act
    const reports = leaks.map((text) => {
      const evidence = honest();
      evidence.messages = [{ ...evidence.messages[0], text } as StoredMessage];
      return checkHostileMember(evidence);
    });

    // Assess
    for (const report of reports) {
      expect(report.violations.some((v) => v.includes('leak:'))).toBe(true);
    }
  });

  it("tell the worker's private message about their own run apart from the answers to clicks", () => {
    // Prepare: ATS refused one of their own runs; the worker told them through its response_url.
    // (Seed 2233346841 counted it as a 13th answer to 12 clicks.)
    const evidence = honest();
    evidence.messages = [
      ...evidence.messages,
      {
        channel: HOSTILE_CHANNEL,
        ts: '2.000001',
        ephemeralFor: HOSTILE_USER,
        via: 'response_url',
        text: ':no_entry: *Own suite 0*: ATS refused to start the job. Ask an admin about request `req-own-0`.',
      },
    ];

    // Act
    const report = checkHostileMember(evidence);

    // Assess
    expect(report.violations).toEqual([]);
    expect(report.counts.refusals.not_found).toBe(2);
  });

  it('catch a job started or rerun in their name that is not their own run', () => {
    // Prepare
    const evidence = honest();
    evidence.jobs = [
      ...evidence.jobs,
      { ...FOREIGN, requestId: 'req-rerun-1', kind: 'rerun', requester: { userId: HOSTILE_USER } },
    ];

    // Act
    const report = checkHostileMember(evidence);

    // Assess
    expect(report.violations).toEqual([expect.stringContaining('unauthorized: rerun req-rerun-1')]);
  });

  it('catch an unanswered click, an unclear answer with internals, and a load request refused', () => {
    // Prepare
    const evidence = honest();
    evidence.messages = [];
    evidence.exchanges = evidence.exchanges.map((e) =>
      e.label === 'hostile status request 0'
        ? { ...e, text: 'Error: HTTP 500 from DynamoDB' }
        : e.label === 'run-0'
          ? { ...e, text: 'You have started 15 jobs in the last 2 minutes' }
          : e,
    );

    // Act
    const report = checkHostileMember(evidence);

    // Assess
    expect(report.violations).toEqual([
      expect.stringContaining('hostile status request 0'),
      '[hostile] 1 clicks got 0 answers',
      expect.stringContaining('run-0 of the load was refused'),
    ]);
    expect(report.counts.refusals.unclear).toBe(1);
  });
});
