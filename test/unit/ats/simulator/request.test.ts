import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildGetJobStatusEnvelope,
  buildRerunNotPassedEnvelope,
  buildRunJobEnvelope,
} from '../../../../functions/ats/envelope';
import { readAtsRequest } from '../../../../functions/ats/simulator/request';
import { replaceNonXmlChars } from '../../../../functions/ats/xml-text';
import {
  GET_JOB_STATUS_REQUEST_FLAGS_DETAILS,
  RERUN_NOT_PASSED_REQUEST,
  RUN_JOB_REQUEST,
} from '../reference-examples';

const auth = { appId: 'demo-app', appApiToken: 'demo-token' };

/** A RunJob request with the given TestRun content. */
function runJobWith(
  testRun: string,
  body = (inner: string) => `<tns:RunJob>${inner}</tns:RunJob>`,
): string {
  return `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="http://www.mendix.com/"><soap:Body>${body(`<TestRun>${testRun}</TestRun>`)}</soap:Body></soap:Envelope>`;
}

describe('the simulator reads valid requests', () => {
  it.each([
    [
      'RunJob',
      RUN_JOB_REQUEST,
      { AppAPIToken: 'exampleString', AppID: 'exampleString', JobTemplateID: 'exampleString' },
    ],
    [
      'GetJobStatus',
      GET_JOB_STATUS_REQUEST_FLAGS_DETAILS,
      {
        AppAPIToken: 'exampleString',
        JobID: 'exampleString',
        AppID: 'exampleString',
        IncludeExecutionFlags: 'true',
        IncludeDetailsPerTestCase: 'true',
      },
    ],
    [
      'RerunNotPassed',
      RERUN_NOT_PASSED_REQUEST,
      { AppAPIToken: 'exampleString', AppID: 'exampleString', FinishedJobID: 'exampleString' },
    ],
  ] as const)('accepts the reference example of %s', (operation, xml, fields) => {
    // Act
    const reading = readAtsRequest(operation, xml);

    // Assess
    expect(reading.violation).toBeUndefined();
    expect(reading.fields).toEqual(fields);
    expect(reading.credentials).toBeDefined();
  });

  it('accepts other prefixes bound to the same namespaces', () => {
    // Prepare
    const xml =
      '<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><men:RunJob xmlns:men="http://www.mendix.com/"><TestRun><AppAPIToken>t</AppAPIToken><AppID>a</AppID><JobTemplateID>x</JobTemplateID></TestRun></men:RunJob></S:Body></S:Envelope>';

    // Act
    const reading = readAtsRequest('RunJob', xml);

    // Assess
    expect(reading.violation).toBeUndefined();
    expect(reading.fields.JobTemplateID).toBe('x');
  });
});

describe('the simulator refuses what a strict SOAP server refuses', () => {
  it.each([
    [
      'fields out of order',
      runJobWith('<AppID>a</AppID><AppAPIToken>t</AppAPIToken><JobTemplateID>x</JobTemplateID>'),
      "Required element 'AppAPIToken' is missing from TestRun (found 'AppID' in its place)",
    ],
    [
      'a missing field',
      runJobWith('<AppAPIToken>t</AppAPIToken><AppID>a</AppID>'),
      "Required element 'JobTemplateID' is missing from TestRun",
    ],
    [
      'a repeated field',
      runJobWith(
        '<AppAPIToken>t</AppAPIToken><AppID>a</AppID><JobTemplateID>x</JobTemplateID><JobTemplateID>y</JobTemplateID>',
      ),
      "Element 'JobTemplateID' appears more than once in TestRun",
    ],
    [
      'an unknown field',
      runJobWith(
        '<AppAPIToken>t</AppAPIToken><AppID>a</AppID><JobTemplateID>x</JobTemplateID><Extra>1</Extra>',
      ),
      "Unexpected element 'Extra' in TestRun",
    ],
    [
      'a qualified field',
      runJobWith(
        '<tns:AppAPIToken>t</tns:AppAPIToken><AppID>a</AppID><JobTemplateID>x</JobTemplateID>',
      ),
      "Element 'tns:AppAPIToken' must be unqualified (no namespace), found http://www.mendix.com/",
    ],
    [
      'the wrong body element',
      runJobWith(
        '<AppAPIToken>t</AppAPIToken>',
        (inner) => `<tns:StartJob>${inner}</tns:StartJob>`,
      ),
      "Expected element 'RunJob', found 'tns:StartJob'",
    ],
    [
      'the body element in no namespace',
      runJobWith('<AppAPIToken>t</AppAPIToken>', (inner) => `<RunJob>${inner}</RunJob>`),
      "Element 'RunJob' must be in namespace http://www.mendix.com/, found no namespace",
    ],
    [
      'an undeclared prefix',
      runJobWith('<AppAPIToken>t</AppAPIToken>', (inner) => `<x:RunJob>${inner}</x:RunJob>`),
      "Namespace prefix 'x' of x:RunJob is not declared",
    ],
    [
      'a field with child elements',
      runJobWith(
        '<AppAPIToken><b>t</b></AppAPIToken><AppID>a</AppID><JobTemplateID>x</JobTemplateID>',
      ),
      "Element 'AppAPIToken' must contain text only",
    ],
    ['a DOCTYPE', `<!DOCTYPE x>${RUN_JOB_REQUEST}`, 'A SOAP message must not contain a DOCTYPE'],
    ['a body that is not an envelope', '<RunJob/>', "Expected element 'Envelope', found 'RunJob'"],
    [
      'an envelope in the wrong namespace',
      RUN_JOB_REQUEST.replace(
        'http://schemas.xmlsoap.org/soap/envelope/',
        'http://www.w3.org/2003/05/soap-envelope',
      ),
      "Element 'soap:Envelope' must be in namespace http://schemas.xmlsoap.org/soap/envelope/, found http://www.w3.org/2003/05/soap-envelope",
    ],
  ])('refuses %s, naming it', (_name, xml, violation) => {
    // Act
    const reading = readAtsRequest('RunJob', xml);

    // Assess
    expect(reading.violation).toBe(violation);
  });

  it('refuses GetJobStatus with Include flags out of their documented order', () => {
    // Prepare
    const xml = buildGetJobStatusEnvelope(auth, 'j', { details: true }).replace(
      '</AppID>',
      '</AppID><IncludeDetailsPerTestCase>true</IncludeDetailsPerTestCase><IncludeExecutionFlags>true</IncludeExecutionFlags>',
    );

    // Act
    const reading = readAtsRequest('GetJobStatus', xml);

    // Assess
    expect(reading.violation).toMatch(
      /^Element 'IncludeExecutionFlags' is out of order in TestRun/,
    );
  });

  it('refuses an Include flag that is not a boolean', () => {
    // Prepare
    const xml = buildGetJobStatusEnvelope(auth, 'j', { flags: true }).replace(
      '<IncludeExecutionFlags>true<',
      '<IncludeExecutionFlags>yes<',
    );

    // Act
    const reading = readAtsRequest('GetJobStatus', xml);

    // Assess
    expect(reading.violation).toBe(
      "Element 'IncludeExecutionFlags' must be true or false, got 'yes'",
    );
  });

  it('refuses a RunJob body posted to GetJobStatus', () => {
    // Act
    const reading = readAtsRequest('GetJobStatus', buildRunJobEnvelope(auth, 'tpl'));

    // Assess
    expect(reading.violation).toBe("Expected element 'GetTestRun', found 'tns:RunJob'");
  });

  it('still reports the fields it could read before the violation', () => {
    // Act
    const reading = readAtsRequest(
      'RunJob',
      runJobWith('<AppAPIToken>t</AppAPIToken><AppID>a</AppID>'),
    );

    // Assess
    expect(reading.fields).toEqual({ AppAPIToken: 't', AppID: 'a' });
  });
});

describe('values survive the round trip through an envelope and the simulator parser', () => {
  it('a template id such as a&b<c>"d\' arrives unchanged', () => {
    // Act
    const reading = readAtsRequest('RunJob', buildRunJobEnvelope(auth, `a&b<c>"d'`));

    // Assess
    expect(reading.fields.JobTemplateID).toBe(`a&b<c>"d'`);
  });

  it('every string of characters XML can carry arrives exactly, in every field', () => {
    const xmlString = fc.string({ unit: 'binary' }).map(replaceNonXmlChars);
    fc.assert(
      fc.property(xmlString, xmlString, xmlString, xmlString, (token, app, user, value) => {
        // Prepare
        const creds = { appId: app, appApiToken: token, username: user, password: value };

        // Act
        const run = readAtsRequest('RunJob', buildRunJobEnvelope(creds, value));
        const status = readAtsRequest('GetJobStatus', buildGetJobStatusEnvelope(creds, value));
        const rerun = readAtsRequest('RerunNotPassed', buildRerunNotPassedEnvelope(creds, value));

        // Assess
        expect(run).toEqual({
          fields: { AppAPIToken: token, AppID: app, JobTemplateID: value },
          credentials: { username: user, password: value },
        });
        expect(status.fields).toEqual({ AppAPIToken: token, JobID: value, AppID: app });
        expect(rerun.fields).toEqual({ AppAPIToken: token, AppID: app, FinishedJobID: value });
      }),
      { numRuns: 300 },
    );
  });

  it('any string at all arrives with only the characters XML cannot carry replaced', () => {
    const anyUtf16 = fc.string({
      unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    });
    fc.assert(
      fc.property(anyUtf16, (value) => {
        // Act
        const reading = readAtsRequest('RunJob', buildRunJobEnvelope(auth, value));

        // Assess
        expect(reading.violation).toBeUndefined();
        expect(reading.fields.JobTemplateID).toBe(replaceNonXmlChars(value));
      }),
      { numRuns: 300 },
    );
  });
});
