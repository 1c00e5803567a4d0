import type { LoadResult } from './load-run';
import type { LogCaptureReport } from './log-capture';

/** The counts of a load run as aligned `name: value` lines, for the test output and the README. */
export function formatLoadSummary(result: LoadResult, logs?: LogCaptureReport): string {
  const { delivery, faults, invariants } = result;
  const c = invariants.counts;
  const ats = faults.ats;
  const atsFaults = ats.soap_fault + ats.http_error + ats.slow + ats.malformed + ats.drop;
  const rows: [string, string | number][] = [
    ['seed', result.seed],
    [
      'jobs',
      `${c.jobs} (${c.runJobs} runs, ${c.reruns} reruns: ${c.automaticReruns} automatic, ${c.manualReruns} clicked; ${c.watches} watches)`,
    ],
    ['final phases', formatCounts(c.byPhase)],
    [
      'requests through the ingress',
      `${result.commands} commands, ${result.clicks} clicks (${c.refusedRequests} refused)`,
    ],
    ['command redeliveries (Slack retry)', faults.commandRedeliveries],
    [
      'worker deliveries',
      `${delivery.deliveries} (${delivery.invokeDeliveries} invokes, ${delivery.pollDeliveries} polls, ${delivery.hopDeliveries} hops)`,
    ],
    [
      'polls scheduled',
      `${delivery.pollsScheduled} (+${delivery.pollsAlreadyScheduled} already scheduled; ${delivery.pollsKeptFromFiring} deleted before firing, of ${delivery.pollsCanceled} deletes)`,
    ],
    [
      'duplicate deliveries',
      `${delivery.duplicates} (${delivery.lateDuplicates} late, out of order)`,
    ],
    [
      'crashes injected',
      `${result.crashes} (${delivery.crashed} invocations died, ${delivery.retries} retries)`,
    ],
    ['worker errors (not crashes)', delivery.failed],
    ['dead-lettered / redriven', `${delivery.deadLettered} / ${delivery.redriven}`],
    [
      'ATS faults',
      `${atsFaults} (soap ${ats.soap_fault}, http ${ats.http_error}, slow ${ats.slow}, malformed ${ats.malformed}, drop ${ats.drop})`,
    ],
    ['Slack 429 / 5xx', `${faults.slackRateLimited} / ${faults.slackServerError}`],
    ['RunJob calls', result.runJobCalls],
    ['RerunNotPassed calls', result.rerunCalls],
    ['Slack Web API calls', result.slackCalls],
    [
      'outcome messages',
      `${c.outcomeMessages} (+${c.outcomesToldPrivately} told privately, +${c.outcomesOnCardsAlone} on the card alone)`,
    ],
    [
      'duplicate outcomes',
      `${c.duplicateOutcomes} (crashes between posting and recording an outcome, each adopted by the retry: ${c.outcomeWindowCrashes})`,
    ],
    ['orphan cards', c.orphanCards],
    ['DynamoDB operations', formatCounts(result.dynamoOps)],
    ['virtual time', `${(result.virtualMs / 60_000).toFixed(1)} min`],
    ['wall time', `${(result.wallMs / 1000).toFixed(1)} s`],
    ['invariant violations', invariants.violationCount],
  ];
  if (result.hostile) {
    const h = result.hostile.counts;
    const r = h.refusals;
    rows.push(
      [
        'hostile member',
        `${h.actions} actions (${h.commands} commands, ${h.clicks} clicks, ${h.skipped} without a target yet)`,
      ],
      [
        'hostile refusals',
        `${r.not_found + r.followed_elsewhere + r.not_permitted + r.quota} (not found ${r.not_found}, followed elsewhere ${r.followed_elsewhere}, not permitted ${r.not_permitted}, quota ${r.quota}; unclear ${r.unclear})`,
      ],
      [
        'hostile own runs started',
        `${h.ownRunsStarted}; ${h.messagesSeen} messages seen, violations (unauthorized, leaks, unanswered) ${result.hostile.violationCount}`,
      ],
    );
  }
  if (logs) {
    rows.push([
      'log lines',
      `${logs.writes} (${formatCounts(logs.levels)}), ${logs.redactions} redacted, ${logs.leaks.length} secrets found`,
    ]);
  }
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n');
}

function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}
