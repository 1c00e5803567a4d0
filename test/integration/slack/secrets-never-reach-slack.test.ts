import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED } from '../../../functions/ats/secret-redaction';
import { secretValuesToRedact } from '../../../functions/bot-secrets';
import { isTerminal } from '../../../functions/core/job';
import type { WorkerSecrets } from '../../../functions/env';
import { type AssembledWorker, startAssembledWorker } from '../../support/assembled-worker';
import { type RunningDynalite, startDynalite } from '../../support/dynalite';
import {
  type ScriptedAnswer,
  type ScriptedAtsServer,
  startScriptedAtsServer,
} from '../../support/reliability/scripted-ats-server';

/*
 * Finding: a token ATS echoed reached Slack. Every credential the worker holds is configured with
 * a distinctive core, and a scripted ATS echoes them everywhere it can across a failing job's
 * whole life: the RunJob warning, SOAP faults while the job is followed (so the "ATS unreachable"
 * notice quotes one), an odd ExecutionStatus shown on the card, the job's message, test case
 * names, results and messages of the failed result, and the refusal of its automatic rerun; as
 * written in CDATA, XML-escaped, as character references and split across CDATA sections. The
 * worker runs as a Lambda assembles it, against dynalite and the local Slack Web API: no call the
 * Slack API recorded may hold any of them, in any spelling, nor the JUnit file attached to the
 * thread (its bytes go to an upload URL, not as an argument), nor a `response_url` post.
 */

const MINUTE = 60_000;
const SECRETS: Required<WorkerSecrets> = {
  slackBotToken: 'xoxb-LEAKCOREBOT1-5d2a',
  atsAppApiToken: 'atstok-LEAKCOREATS2&<tok>-3e9b',
  atsUsername: 'ats-user-LEAKCHECK',
  atsPassword: 'atspw-LEAKCOREPW3<&>-4a8c',
};
/** Parts of each credential no message could contain by chance: one found is a leak. */
const CORES = ['LEAKCOREBOT1', 'LEAKCOREATS2', 'LEAKCOREPW3'];

const references = (text: string) => [...text].map((c) => `&#${c.codePointAt(0)};`).join('');
const hexReferences = (text: string) =>
  [...text].map((c) => `&#x${c.codePointAt(0)?.toString(16)};`).join('');
const escaped = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
/** The text in two CDATA sections, cut inside the credential. */
const splitCdata = (text: string) => `<![CDATA[${text.slice(0, 9)}]]><![CDATA[${text.slice(9)}]]>`;

const { atsAppApiToken: TOKEN, atsPassword: PASSWORD, slackBotToken: BOT } = SECRETS;

function envelope(body: string): string {
  return `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="http://www.mendix.com/"><soap:Body>${body}</soap:Body></soap:Envelope>`;
}

function ok(body: string): ScriptedAnswer {
  return { kind: 'body', status: 200, body: envelope(body) };
}

function started(operation: 'RunJob' | 'RerunNotPassed', ok_: boolean, message: string) {
  return ok(
    `<tns:${operation}Response><RunJob><Started>${ok_}</Started><ErrorMessage>${message}</ErrorMessage><JobID>job-leaky-1</JobID></RunJob></tns:${operation}Response>`,
  );
}

function status(fields: string): ScriptedAnswer {
  return ok(`<tns:GetTestRunResponse><TestRun>${fields}</TestRun></tns:GetTestRunResponse>`);
}

const FAULT: ScriptedAnswer = {
  kind: 'body',
  status: 500,
  body: envelope(
    `<soap:Fault><faultcode>soap:Client</faultcode><faultstring>Invalid AppAPIToken ${references(TOKEN)} for ${escaped(PASSWORD)}</faultstring></soap:Fault>`,
  ),
};

const RUNNING = status(
  `<ExecutionStatus>${splitCdata(`Running as ${TOKEN}`)}</ExecutionStatus><ExecutionResult/><ErrorMessage/>`,
);

const DONE = status(
  `<ExecutionStatus>Done</ExecutionStatus><ExecutionResult>Failed</ExecutionResult><ErrorMessage><![CDATA[Run by ${TOKEN} with ${BOT}]]></ErrorMessage><ExecutionFlags><Flags><Canceled>false</Canceled><Warning>true</Warning></Flags></ExecutionFlags><ExecutionResultBreakdown><ResultBreakdown><CountPassed>1</CountPassed><CountNotExecuted>0</CountNotExecuted><CountFailed>3</CountFailed></ResultBreakdown></ExecutionResultBreakdown><ExecutionDetailsPerTestCase>
<ExecutionDetailsTestCase><Name>Log in as ${references(TOKEN)}</Name><Result>Failed</Result><Duration>00:00:12</Duration><ErrorMessage>${splitCdata(`Header Authorization: ${TOKEN}`)}</ErrorMessage></ExecutionDetailsTestCase>
<ExecutionDetailsTestCase><Name><![CDATA[Pay with ${PASSWORD}]]></Name><Result>${splitCdata(`Failed ${PASSWORD}`)}</Result><Duration>00:00:03</Duration><ErrorMessage>${hexReferences(`password=${PASSWORD}`)}</ErrorMessage></ExecutionDetailsTestCase>
<ExecutionDetailsTestCase><Name><![CDATA[Post to Slack]]></Name><Result>Failed</Result><Duration>00:00:01</Duration><ErrorMessage><![CDATA[Bearer ${BOT} refused]]></ErrorMessage></ExecutionDetailsTestCase>
<ExecutionDetailsTestCase><Name>Log out</Name><Result>Passed</Result><Duration>00:00:01</Duration></ExecutionDetailsTestCase>
</ExecutionDetailsPerTestCase>`,
);

/** Every string in a value (the arguments of a recorded call), however deep. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

let db: RunningDynalite;
let ats: ScriptedAtsServer;
let w: AssembledWorker;

beforeAll(async () => {
  [db, ats] = await Promise.all([startDynalite(), startScriptedAtsServer()]);
  w = await startAssembledWorker({
    db,
    atsBaseUrl: ats.baseUrl,
    catalog: [
      { alias: 'leaky', templateId: 'tpl-leaky', name: 'Leaky suite', autoReruns: 1 },
      { alias: 'refused', templateId: 'tpl-refused', name: 'Refused suite' },
    ],
    secrets: SECRETS,
    env: { ATS_UNREACHABLE_AFTER_MINUTES: '2' },
  });
});

afterAll(async () => {
  await Promise.all([w?.close(), ats?.close(), db?.close()]);
});

describe('configured secrets never reach Slack', () => {
  it('across a failing job whose ATS echoes every credential in every spelling, no Slack call holds one', async () => {
    // Prepare: faults for 6 minutes, running with an odd status until 20, then failed; the
    // automatic rerun is refused.
    const startedAt = w.clock.now();
    ats.answerBy(({ operation }) => {
      if (operation === 'RunJob') return started('RunJob', true, `<![CDATA[Queued for ${TOKEN}]]>`);
      if (operation === 'RerunNotPassed') {
        return started('RerunNotPassed', false, `Rerun refused: ${hexReferences(TOKEN)}`);
      }
      const elapsed = w.clock.now() - startedAt;
      return elapsed < 6 * MINUTE ? FAULT : elapsed < 20 * MINUTE ? RUNNING : DONE;
    });
    const job = await w.request('run', 'leaky');

    // Act
    await w.handle({ type: 'start', requestId: job.requestId });
    const report = await w.drain();

    // Assess: the chain ended and was told: the run failed, its rerun did not start.
    const run = await w.job(job.requestId);
    const rerun = await w.job(run.rerunRequestId ?? '');
    expect(report.errors).toEqual([]);
    expect(run.result?.verdict).toBe('failed');
    expect([isTerminal(rerun.phase), rerun.phase]).toEqual([true, 'failed_to_start']);
    expect(run.outcomeTs).toBeDefined();
    expect(rerun.outcomeTs ?? rerun.outcomeToldAt).toBeDefined();
    const calls = w.slack.calls.filter((c) => c.ok);
    const methods = new Set(calls.map((c) => c.method));
    expect(methods).toEqual(
      new Set([
        'chat.postMessage',
        'chat.update',
        'chat.postEphemeral',
        'files.getUploadURLExternal',
        'files.completeUploadExternal',
      ]),
    );
    const posted = calls.flatMap((c) => stringsIn(c.args));
    // The echoes did arrive: each spelling was replaced, on the card, the notice and the outcome…
    expect(posted.join('\n')).toContain(REDACTED);
    expect(posted.some((t) => t.includes('ATS has not given the job'))).toBe(true);
    // …and in the JUnit file, whose cases name and quote them.
    const files = w.slack.files().map((f) => f.content.toString('utf8'));
    expect(files).toHaveLength(1);
    expect(files[0]).toContain(`Bearer ${REDACTED} refused`);
    // No credential, in any spelling, is in any call, stored message or file.
    const everything = [...posted, ...stringsIn(w.slack.messages()), ...files].join('\n');
    for (const core of CORES) expect(everything).not.toContain(core);
    for (const secret of secretValuesToRedact(SECRETS)) {
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(escaped(secret));
    }
  });

  it('a start ATS refused with every credential in its reason is told through the response_url without them', async () => {
    // Prepare: the command's response_url; ATS refuses the start, quoting every credential.
    ats.answerBy(() =>
      started('RunJob', false, `<![CDATA[Refused for ${TOKEN}, ${PASSWORD} and ${BOT}]]>`),
    );
    const responseUrl = w.slack.responseUrl('cmd-refused', {
      channel: 'C0000TESTS',
      userId: 'U0000ALICE',
    });
    const job = await w.request('run', 'refused', responseUrl);

    // Act
    await w.handle({ type: 'start', requestId: job.requestId });
    await w.drain();

    // Assess: the requester was told once, through the response_url, with the reason redacted.
    expect((await w.job(job.requestId)).phase).toBe('failed_to_start');
    const told = w.slack.messages().filter((m) => m.via === 'response_url');
    expect(told).toHaveLength(1);
    const text = stringsIn(told).join('\n');
    expect(text).toContain(`Refused for ${REDACTED}, ${REDACTED} and ${REDACTED}`);
    for (const core of CORES) expect(text).not.toContain(core);
  });
});
