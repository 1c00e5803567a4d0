import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtsSoapClient } from '../../../functions/ats/client';
import { REDACTED } from '../../../functions/ats/secret-redaction';
import {
  type ScriptedAtsServer,
  startScriptedAtsServer,
} from '../../support/reliability/scripted-ats-server';

/*
 * Finding: test-case names and error messages from ATS were not redacted, so a token that ATS
 * echoed in a test case's error reached Slack. Every configured ATS credential is now removed from
 * the whole answer before it is read, in plain text, CDATA and escaped form alike.
 */

const TOKEN = 'tok&en-<7f3a9c>-secret';
const PASSWORD = 'pa55-word-xyz';

function statusAnswer(cases: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="http://www.mendix.com/">
  <soap:Body>
    <tns:GetTestRunResponse>
      <TestRun>
        <ExecutionStatus>Done</ExecutionStatus>
        <ExecutionResult>Failed</ExecutionResult>
        <ErrorMessage><![CDATA[run used token ${TOKEN}]]></ErrorMessage>
        <ExecutionDetailsPerTestCase>${cases}</ExecutionDetailsPerTestCase>
      </TestRun>
    </tns:GetTestRunResponse>
  </soap:Body>
</soap:Envelope>`;
}

describe('credentials ATS echoes never leave the ATS client', () => {
  let server: ScriptedAtsServer;
  let client: AtsSoapClient;

  beforeAll(async () => {
    server = await startScriptedAtsServer();
    client = new AtsSoapClient({
      baseUrl: server.baseUrl,
      appId: 'app',
      appApiToken: TOKEN,
      username: 'ATSAPIUser',
      password: PASSWORD,
    });
  });

  afterAll(async () => {
    await server.close();
  });

  it('redacts the token and password in test case names and messages, CDATA or escaped', async () => {
    // Prepare
    const escaped = TOKEN.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;');
    server.answer({
      kind: 'body',
      status: 200,
      body: statusAnswer(`
        <ExecutionDetailsTestCase>
          <Name><![CDATA[Login with ${TOKEN}]]></Name><Result>Failed</Result><Duration>00:00:01</Duration>
          <ErrorMessage>header Authorization: ${escaped}; password ${PASSWORD}</ErrorMessage>
        </ExecutionDetailsTestCase>`),
    });

    // Act
    const status = await client.getJobStatus('job-echo', { details: true });

    // Assess
    const text = JSON.stringify(status);
    expect(text).not.toContain('7f3a9c');
    expect(text).not.toContain(PASSWORD);
    expect(status.testCases?.[0]?.name).toBe(`Login with ${REDACTED}`);
    expect(status.testCases?.[0]?.errorMessage).toBe(
      `header Authorization: ${REDACTED}; password ${REDACTED}`,
    );
    expect(status.errorMessage).toBe(`run used token ${REDACTED}`);
  });

  it('redacts a credential spelled with character references or split across CDATA sections, in every text', async () => {
    // Prepare: forms the raw answer does not contain, which appear only once the text is read.
    const references = [...TOKEN].map((c) => `&#${c.codePointAt(0)};`).join('');
    const hex = [...PASSWORD].map((c) => `&#x${c.codePointAt(0)?.toString(16)};`).join('');
    const split = (text: string) =>
      `<![CDATA[${text.slice(0, 5)}]]><![CDATA[${text.slice(5)}]]>`.replace(
        '&',
        ']]>&amp;<![CDATA[',
      );
    server.answer({
      kind: 'body',
      status: 200,
      body: statusAnswer(`
        <ExecutionDetailsTestCase>
          <Name>Login with ${references}</Name><Result>${split(TOKEN)}</Result><Duration>00:00:01</Duration>
          <ErrorMessage>password ${hex}, token ${split(TOKEN)}</ErrorMessage>
        </ExecutionDetailsTestCase>`).replace(
        '<ExecutionStatus>Done</ExecutionStatus>',
        `<ExecutionStatus>${split(`Done ${PASSWORD}`)}</ExecutionStatus>`,
      ),
    });

    // Act
    const status = await client.getJobStatus('job-echo', { details: true });

    // Assess
    const text = JSON.stringify(status);
    expect(text).not.toContain('7f3a9c');
    expect(text).not.toContain(PASSWORD);
    expect(status.testCases?.[0]?.name).toBe(`Login with ${REDACTED}`);
    expect(status.testCases?.[0]?.result).toBe(REDACTED);
    // Each text piece is trimmed before the pieces are joined, so the space before the CDATA goes.
    expect(status.testCases?.[0]?.errorMessage).toBe(`password ${REDACTED}, token${REDACTED}`);
    expect(status.status).toBe(`Done ${REDACTED}`);
  });
});
