import { describe, expect, it } from 'vitest';
import {
  AtsBadResponseError,
  AtsHttpError,
  AtsJobNotStartedError,
  AtsSoapFaultError,
} from '../../../functions/ats/errors';
import { AtsResponseParser } from '../../../functions/ats/response-parser';
import { secretRedactor } from '../../../functions/ats/secret-redaction';
import {
  GET_JOB_STATUS_RESPONSE_BASIC,
  GET_JOB_STATUS_RESPONSE_BREAKDOWN,
  GET_JOB_STATUS_RESPONSE_FLAGS_DETAILS,
  RUN_JOB_RESPONSE,
} from './reference-examples';

const parser = new AtsResponseParser();

/** A SOAP answer around `inner`, with configurable prefixes. */
function envelope(inner: string, soap = 'soap', tns = 'tns'): string {
  const soapNs = soap ? `xmlns:${soap}="http://schemas.xmlsoap.org/soap/envelope/"` : '';
  const tnsNs = tns ? `xmlns:${tns}="http://www.mendix.com/"` : 'xmlns="http://www.mendix.com/"';
  const s = soap ? `${soap}:` : '';
  return `<${s}Envelope ${soapNs} ${tnsNs}><${s}Body>${inner}</${s}Body></${s}Envelope>`;
}

function runJobAnswer(fields: string, tns = 'tns'): string {
  const t = tns ? `${tns}:` : '';
  return envelope(
    `<${t}RunJobResponse><RunJob>${fields}</RunJob></${t}RunJobResponse>`,
    'soap',
    tns,
  );
}

function statusAnswer(fields: string): string {
  return envelope(`<tns:GetTestRunResponse><TestRun>${fields}</TestRun></tns:GetTestRunResponse>`);
}

/** The error thrown by `fn`, for assertions on its fields. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('the reference examples parse', () => {
  it('RunJob example: Started=false becomes AtsJobNotStartedError with ATS message', () => {
    // Act
    const error = thrown(() => parser.readStartedJob('RunJob', RUN_JOB_RESPONSE, 200));

    // Assess
    expect(error).toBeInstanceOf(AtsJobNotStartedError);
    expect(error).toMatchObject({ code: 'ATS_NOT_STARTED', atsMessage: 'exampleString' });
  });

  it('GetJobStatus example 1: status, result and error message, raw values kept', () => {
    // Act
    const status = parser.readJobStatus(GET_JOB_STATUS_RESPONSE_BASIC, 200);

    // Assess
    expect(status).toEqual({ status: '[key]', result: '[key]', errorMessage: 'exampleString' });
  });

  it('GetJobStatus example 2: breakdown as numbers', () => {
    // Act
    const status = parser.readJobStatus(GET_JOB_STATUS_RESPONSE_BREAKDOWN, 200);

    // Assess
    expect(status.breakdown).toEqual({ passed: 5, failed: 1, notExecuted: 1 });
    expect(status.flags).toBeUndefined();
    expect(status.testCases).toBeUndefined();
  });

  it('GetJobStatus example 3: flags and test cases with durations in seconds', () => {
    // Act
    const status = parser.readJobStatus(GET_JOB_STATUS_RESPONSE_FLAGS_DETAILS, 200);

    // Assess
    expect(status.flags).toEqual({ canceled: true, warning: false });
    expect(status.testCases).toEqual([
      { name: 'exampleString', result: '[key]', durationSeconds: 4, errorMessage: undefined },
      {
        name: 'exampleString',
        result: '[key]',
        durationSeconds: 97,
        errorMessage: 'exampleString',
      },
    ]);
  });
});

describe('values read the same in every form ATS uses', () => {
  const fields = {
    ExecutionStatus: 'Done',
    ExecutionResult: 'Failed',
    ErrorMessage: 'Step 3 failed: a & b <c>',
  };
  const cases = [
    { Name: 'Login & logout', Result: 'Failed', Duration: '01:02:03', ErrorMessage: 'x < y' },
  ];
  const render = (cdata: boolean) => {
    const v = (s: string) =>
      cdata ? `<![CDATA[${s}]]>` : s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const simple = Object.entries(fields)
      .map(([k, s]) => `<${k}>${v(s)}</${k}>`)
      .join('');
    const details = cases
      .map(
        (c) =>
          `<ExecutionDetailsTestCase>${Object.entries(c)
            .map(([k, s]) => `<${k}>${v(s)}</${k}>`)
            .join('')}</ExecutionDetailsTestCase>`,
      )
      .join('');
    return statusAnswer(
      `${simple}<ExecutionFlags><Flags><Canceled>${v('false')}</Canceled><Warning>${v('true')}</Warning></Flags></ExecutionFlags><ExecutionDetailsPerTestCase>${details}</ExecutionDetailsPerTestCase>`,
    );
  };

  it('CDATA and plain text parse to the same values', () => {
    // Act
    const fromCdata = parser.readJobStatus(render(true), 200);
    const fromPlain = parser.readJobStatus(render(false), 200);

    // Assess
    expect(fromCdata).toEqual(fromPlain);
    expect(fromCdata).toEqual({
      status: 'Done',
      result: 'Failed',
      errorMessage: 'Step 3 failed: a & b <c>',
      flags: { canceled: false, warning: true },
      testCases: [
        { name: 'Login & logout', result: 'Failed', durationSeconds: 3723, errorMessage: 'x < y' },
      ],
    });
  });

  it.each([
    ['tns: prefixes', 'soap', 'tns'],
    ['men: prefix (vendor samples)', 'soap', 'men'],
    ['S: envelope prefix', 'S', 'ns2'],
    ['default namespace for ATS elements', 'soapenv', ''],
  ])('reads answers regardless of namespace prefix: %s', (_name, soap, tns) => {
    // Prepare
    const t = tns ? `${tns}:` : '';
    const xml = envelope(
      `<${t}RunJobResponse><RunJob><Started>true</Started><ErrorMessage/><JobID>j-1</JobID></RunJob></${t}RunJobResponse>`,
      soap,
      tns,
    );

    // Act
    const job = parser.readStartedJob('RunJob', xml, 200);

    // Assess
    expect(job).toEqual({ jobId: 'j-1', elements: 'RunJobResponse/RunJob' });
  });

  it('reads a single test case as a list of one', () => {
    // Prepare
    const xml = statusAnswer(
      '<ExecutionStatus>Done</ExecutionStatus><ExecutionDetailsPerTestCase><ExecutionDetailsTestCase><Name>Only</Name><Result>Passed</Result><Duration>00:00:01</Duration></ExecutionDetailsTestCase></ExecutionDetailsPerTestCase>',
    );

    // Act
    const status = parser.readJobStatus(xml, 200);

    // Assess
    expect(status.testCases).toEqual([
      { name: 'Only', result: 'Passed', durationSeconds: 1, errorMessage: undefined },
    ]);
  });

  it('reads an empty details element as no test cases', () => {
    // Act
    const status = parser.readJobStatus(
      statusAnswer('<ExecutionStatus>Queued</ExecutionStatus><ExecutionDetailsPerTestCase/>'),
      200,
    );

    // Assess
    expect(status.testCases).toEqual([]);
  });

  it.each([
    ['an empty element', '<ExecutionResult/><ErrorMessage/>'],
    [
      'an empty CDATA',
      '<ExecutionResult><![CDATA[]]></ExecutionResult><ErrorMessage><![CDATA[]]></ErrorMessage>',
    ],
    ['absent elements', ''],
  ])('reads %s as undefined', (_name, rest) => {
    // Act
    const status = parser.readJobStatus(
      statusAnswer(`<ExecutionStatus>Running</ExecutionStatus>${rest}`),
      200,
    );

    // Assess
    expect(status).toEqual({ status: 'Running', result: undefined, errorMessage: undefined });
  });

  it.each(['00123', '1e5', '0x1F', '12345678901234567890', 'true'])(
    'keeps the job id %s as the exact string',
    (id) => {
      // Act
      const job = parser.readStartedJob(
        'RunJob',
        runJobAnswer(`<Started>true</Started><ErrorMessage/><JobID><![CDATA[${id}]]></JobID>`),
        200,
      );

      // Assess
      expect(job.jobId).toBe(id);
    },
  );

  it.each(['true', 'TRUE', '1'])('reads Started=%s (an XSD boolean) as started', (started) => {
    // Act
    const job = parser.readStartedJob(
      'RunJob',
      runJobAnswer(`<Started>${started}</Started><ErrorMessage/><JobID>j-7</JobID>`),
      200,
    );

    // Assess
    expect(job).toMatchObject({ jobId: 'j-7' });
  });

  it.each(['false', '0'])('reads Started=%s as not started', (started) => {
    // Act
    const error = thrown(() =>
      parser.readStartedJob(
        'RunJob',
        runJobAnswer(`<Started>${started}</Started><ErrorMessage>No hub</ErrorMessage><JobID/>`),
        200,
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(AtsJobNotStartedError);
  });

  it('refuses an answer cut off between two test cases instead of reading the cases it got', () => {
    // Prepare: a complete answer of three cases, cut right after the first case's closing tag.
    const cases = ['A', 'B', 'C']
      .map(
        (name) =>
          `<ExecutionDetailsTestCase><Name>${name}</Name><Result>Failed</Result></ExecutionDetailsTestCase>`,
      )
      .join('');
    const whole = statusAnswer(
      `<ExecutionStatus>Done</ExecutionStatus><ExecutionResult>Failed</ExecutionResult><ExecutionDetailsPerTestCase>${cases}</ExecutionDetailsPerTestCase>`,
    );
    const firstCaseEnd =
      whole.indexOf('</ExecutionDetailsTestCase>') + '</ExecutionDetailsTestCase>'.length;

    // Act
    const complete = parser.readJobStatus(whole, 200);
    const error = thrown(() => parser.readJobStatus(whole.slice(0, firstCaseEnd), 200));

    // Assess
    expect(complete.testCases?.map((c) => c.name)).toEqual(['A', 'B', 'C']);
    expect(error).toBeInstanceOf(AtsBadResponseError);
    expect(error).toMatchObject({ reason: 'not_xml' });
  });

  it('keeps an unknown ExecutionStatus raw', () => {
    // Act
    const status = parser.readJobStatus(
      statusAnswer('<ExecutionStatus>Aborting</ExecutionStatus>'),
      200,
    );

    // Assess
    expect(status.status).toBe('Aborting');
  });

  it('accepts the rerun answer with a RunJob or a RerunNotPassed wrapper', () => {
    // Prepare
    const fields = '<Started>true</Started><ErrorMessage/><JobID>r-1</JobID>';
    const withRunJob = envelope(
      `<tns:RerunNotPassedResponse><RunJob>${fields}</RunJob></tns:RerunNotPassedResponse>`,
    );
    const withRerun = envelope(
      `<tns:RerunNotPassedResponse><RerunNotPassed>${fields}</RerunNotPassed></tns:RerunNotPassedResponse>`,
    );

    // Act
    const a = parser.readStartedJob('RerunNotPassed', withRunJob, 200);
    const b = parser.readStartedJob('RerunNotPassed', withRerun, 200);

    // Assess
    expect([a, b]).toEqual([
      { jobId: 'r-1', elements: 'RerunNotPassedResponse/RunJob' },
      { jobId: 'r-1', elements: 'RerunNotPassedResponse/RerunNotPassed' },
    ]);
  });
});

describe('answers are untrusted input', () => {
  it('refuses a DOCTYPE before parsing, even with entities never used', () => {
    // Prepare
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>';
    const xml =
      laughs +
      runJobAnswer('<Started>true</Started><ErrorMessage>&lol2;</ErrorMessage><JobID>j</JobID>');

    // Act
    const error = thrown(() => parser.readStartedJob('RunJob', xml, 200));

    // Assess
    expect(error).toBeInstanceOf(AtsBadResponseError);
    expect(error).toMatchObject({ reason: 'doctype', code: 'ATS_BAD_RESPONSE' });
  });

  it('refuses a DOCTYPE on an error status too instead of reporting the status', () => {
    // Prepare
    const xml = `<!DOCTYPE x [<!ENTITY e "e">]>${envelope('<soap:Fault><faultcode>c</faultcode><faultstring>&e;</faultstring></soap:Fault>')}`;

    // Act
    const error = thrown(() => parser.readStartedJob('RunJob', xml, 500));

    // Assess
    expect(error).toMatchObject({ reason: 'doctype' });
  });

  it('does not mistake "<!DOCTYPE" inside a CDATA value for a declaration', () => {
    // Prepare
    const xml = runJobAnswer(
      '<Started>false</Started><ErrorMessage><![CDATA[Proxy said <!DOCTYPE html>]]></ErrorMessage><JobID/>',
    );

    // Act
    const error = thrown(() => parser.readStartedJob('RunJob', xml, 200));

    // Assess
    expect(error).toMatchObject({
      code: 'ATS_NOT_STARTED',
      atsMessage: 'Proxy said <!DOCTYPE html>',
    });
  });

  it('decodes only the five predefined entities and character references', () => {
    // Prepare
    const xml = statusAnswer(
      '<ExecutionStatus>Done</ExecutionStatus><ErrorMessage>a &amp; b &lt;c&gt; &quot;&apos; &#65;&#x42; &nbsp; &custom; &#0; &#x110000;</ErrorMessage>',
    );

    // Act
    const status = parser.readJobStatus(xml, 200);

    // Assess
    expect(status.errorMessage).toBe('a & b <c> "\' AB &nbsp; &custom; \uFFFD \uFFFD');
  });

  it('keeps entity-like text inside CDATA literally', () => {
    // Act
    const status = parser.readJobStatus(
      statusAnswer(
        '<ExecutionStatus>Done</ExecutionStatus><ErrorMessage><![CDATA[a &amp; b]]></ErrorMessage>',
      ),
      200,
    );

    // Assess
    expect(status.errorMessage).toBe('a &amp; b');
  });

  it.each([
    ['plain text', 'Service Unavailable', 'not_xml'],
    ['an empty body', '', 'not_xml'],
    ['an HTML page', '<html><body>Login</body></html>', 'not_soap'],
    ['XML that is not SOAP', '<?xml version="1.0"?><result>ok</result>', 'not_soap'],
    [
      'a cut-off envelope',
      runJobAnswer('<Started>true</Started><JobID>abc</JobID>').slice(0, 150),
      'not_xml',
    ],
    [
      'an envelope without Body',
      '<soap:Envelope xmlns:soap="x"><soap:Header/></soap:Envelope>',
      'not_soap',
    ],
    ['a prototype-polluting tag', envelope('<__proto__>x</__proto__>'), 'not_xml'],
  ])('refuses %s with HTTP 200 as a bad response', (_name, xml, reason) => {
    // Act
    const error = thrown(() => parser.readStartedJob('RunJob', xml, 200));

    // Assess
    expect(error).toBeInstanceOf(AtsBadResponseError);
    expect(error).toMatchObject({ reason });
  });

  it.each([
    ['Started', runJobAnswer('<ErrorMessage/><JobID>j</JobID>')],
    ['JobID', runJobAnswer('<Started>true</Started><ErrorMessage/><JobID/>')],
    ['RunJobResponse', envelope('<tns:Other xmlns:tns="x"/>')],
  ])('names a missing %s', (element, xml) => {
    // Act
    const error = thrown(() => parser.readStartedJob('RunJob', xml, 200));

    // Assess
    expect(error).toMatchObject({ reason: 'missing_element', detail: element });
  });

  it('names a missing ExecutionStatus', () => {
    // Act
    const error = thrown(() => parser.readJobStatus(statusAnswer('<ExecutionResult/>'), 200));

    // Assess
    expect(error).toMatchObject({ reason: 'missing_element', detail: 'ExecutionStatus' });
  });
});

describe('faults and HTTP errors', () => {
  const fault = envelope(
    '<soap:Fault><faultcode>soap:Server</faultcode><faultstring><![CDATA[Template abc not found]]></faultstring></soap:Fault>',
  );

  it.each([500, 200])('reads a SOAP Fault sent with HTTP %i', (httpStatus) => {
    // Act
    const error = thrown(() => parser.readStartedJob('RunJob', fault, httpStatus));

    // Assess
    expect(error).toBeInstanceOf(AtsSoapFaultError);
    expect(error).toMatchObject({
      faultCode: 'soap:Server',
      faultString: 'Template abc not found',
      httpStatus,
      retryable: false,
    });
  });

  it('reads a SOAP 1.2 fault (Code/Value, Reason/Text)', () => {
    // Prepare
    const xml = envelope(
      '<env:Fault xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Code><env:Value>env:Sender</env:Value></env:Code><env:Reason><env:Text xml:lang="en">Bad token</env:Text></env:Reason></env:Fault>',
    );

    // Act
    const error = thrown(() => parser.readJobStatus(xml, 500));

    // Assess
    expect(error).toMatchObject({ faultCode: 'env:Sender', faultString: 'Bad token' });
  });

  it.each([
    [502, '<html><body>Bad Gateway</body></html>'],
    [404, 'Not Found'],
    [500, ''],
    [503, runJobAnswer('<Started>true</Started>').slice(0, 60)],
  ])('turns HTTP %i without a fault into AtsHttpError', (httpStatus, body) => {
    // Act
    const error = thrown(() => parser.readStartedJob('RunJob', body, httpStatus));

    // Assess
    expect(error).toBeInstanceOf(AtsHttpError);
    expect(error).toMatchObject({ code: 'ATS_HTTP_ERROR', httpStatus });
  });

  it('redacts secrets from fault strings and ATS messages', () => {
    // Prepare
    const redacting = new AtsResponseParser({
      redact: secretRedactor(['tok-SECRET-1', 'pw-SECRET-2']),
    });
    const faultXml = envelope(
      '<soap:Fault><faultcode>soap:Client</faultcode><faultstring>Invalid token tok-SECRET-1 / pw-SECRET-2</faultstring></soap:Fault>',
    );
    const notStarted = runJobAnswer(
      '<Started>false</Started><ErrorMessage>Token tok-SECRET-1 expired</ErrorMessage><JobID/>',
    );

    // Act
    const errors = [
      thrown(() => redacting.readStartedJob('RunJob', faultXml, 500)),
      thrown(() => redacting.readStartedJob('RunJob', notStarted, 200)),
    ];

    // Assess
    for (const error of errors) {
      const everything = `${(error as Error).message} ${JSON.stringify(error)}`;
      expect(everything).not.toContain('SECRET');
      expect(everything).toContain('[redacted]');
    }
  });
});
