import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AssembledWorker, startAssembledWorker } from '../../support/assembled-worker';
import { type RunningDynalite, startDynalite } from '../../support/dynalite';
import {
  type ScriptedAtsServer,
  startScriptedAtsServer,
} from '../../support/reliability/scripted-ats-server';

/*
 * Errors go by audience: a start ATS refuses with a SOAP fault (a template set up wrong) tells the
 * person what happened and to ask an admin, with no SOAP, HTTP status or setting in it; the
 * technical detail goes to the bot's admins (a listed person and the members of a listed group)
 * as direct messages. The worker runs as a Lambda assembles it, against the local Slack Web API.
 */

const FAULT_BODY =
  '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>Template tpl-broken does not exist in app demo-app</faultstring></soap:Fault></soap:Body></soap:Envelope>';

let db: RunningDynalite;
let ats: ScriptedAtsServer;

beforeAll(async () => {
  [db, ats] = await Promise.all([startDynalite(), startScriptedAtsServer()]);
  ats.answerBy(() => ({ kind: 'body', status: 500, body: FAULT_BODY }));
});

afterAll(async () => {
  await Promise.all([ats?.close(), db?.close()]);
});

async function worker(admins?: string): Promise<AssembledWorker> {
  return startAssembledWorker({
    db,
    atsBaseUrl: ats.baseUrl,
    catalog: [{ alias: 'broken', templateId: 'tpl-broken', name: 'Broken suite' }],
    secrets: { slackBotToken: 'xoxb-admin-test', atsAppApiToken: 'ats-token' },
    slackUserGroups: { S0OPS: ['U0OPS1', 'U0ADMIN1'] },
    ...(admins ? { env: { BOT_ADMINS: admins } } : {}),
  });
}

/** Direct messages the bot sent, by person. */
function directMessages(w: AssembledWorker): Map<string, string[]> {
  const sent = new Map<string, string[]>();
  for (const call of w.slack.calls) {
    const channel = String(call.args.channel ?? '');
    if (call.method !== 'chat.postMessage' || !call.ok || !/^[UW]/.test(channel)) continue;
    sent.set(channel, [...(sent.get(channel) ?? []), String(call.args.text)]);
  }
  return sent;
}

describe('problems only an admin can fix', () => {
  it('go to the admins, people and group members, once each, with the detail the requester is spared', async () => {
    // Prepare
    const w = await worker('U0ADMIN1,S0OPS');
    try {
      const job = await w.request('run', 'broken');

      // Act
      await w.handle({ type: 'start', requestId: job.requestId });
      const report = await w.drain();

      // Assess
      const ended = await w.job(job.requestId);
      expect(report.errors).toEqual([]);
      expect(ended.phase).toBe('failed_to_start');
      const alerts = directMessages(w);
      expect([...alerts.keys()].sort()).toEqual(['U0ADMIN1', 'U0OPS1']);
      for (const texts of alerts.values()) {
        expect(texts).toHaveLength(1);
        expect(texts[0]).toContain('*Needs an admin*');
        expect(texts[0]).toContain(`request \`${job.requestId}\``);
        expect(texts[0]).toContain('`ATS_SOAP_FAULT`');
        expect(texts[0]).toContain('Template tpl-broken does not exist in app demo-app');
      }
      const forRequester = w.slack
        .messages()
        .filter((m) => !/^[UW]/.test(m.channel ?? ''))
        .map((m) => m.text)
        .join('\n');
      expect(forRequester).toContain('Ask an admin');
      expect(forRequester).not.toMatch(/SOAP|fault|HTTP|does not exist in app/i);
    } finally {
      await w.close();
    }
  });

  it('stay in the log alone when no admin is configured', async () => {
    // Prepare
    const w = await worker();
    try {
      const job = await w.request('run', 'broken');

      // Act
      await w.handle({ type: 'start', requestId: job.requestId });
      await w.drain();

      // Assess
      expect((await w.job(job.requestId)).phase).toBe('failed_to_start');
      expect(directMessages(w).size).toBe(0);
      expect(w.slack.calls.some((c) => c.method === 'usergroups.users.list')).toBe(false);
    } finally {
      await w.close();
    }
  });
});
