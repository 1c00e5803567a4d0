import { describe, expect, it } from 'vitest';
import {
  buildGetJobStatusEnvelope,
  buildRerunNotPassedEnvelope,
  buildRunJobEnvelope,
} from '../../../functions/ats/envelope';
import {
  GET_JOB_STATUS_REQUEST_BASIC,
  GET_JOB_STATUS_REQUEST_BREAKDOWN,
  GET_JOB_STATUS_REQUEST_FLAGS_DETAILS,
  RERUN_NOT_PASSED_REQUEST,
  RUN_JOB_REQUEST,
} from './reference-examples';
import { xmlOutline } from './xml-outline';

const EXAMPLE = 'exampleString';
const exampleAuth = { appId: EXAMPLE, appApiToken: EXAMPLE };

describe('request envelopes match the reference examples element by element', () => {
  it('RunJob: header credentials, tns:RunJob/TestRun, fields in order', () => {
    // Prepare
    const auth = { ...exampleAuth, username: 'ATSAPIUser', password: 'ATSAPIUser' };

    // Act
    const xml = buildRunJobEnvelope(auth, EXAMPLE);

    // Assess
    expect(xmlOutline(xml)).toEqual(xmlOutline(RUN_JOB_REQUEST));
  });

  it.each([
    ['basic (no Include flags)', {}, GET_JOB_STATUS_REQUEST_BASIC],
    ['with breakdown', { breakdown: true }, GET_JOB_STATUS_REQUEST_BREAKDOWN],
    [
      'with flags and details',
      { flags: true, details: true },
      GET_JOB_STATUS_REQUEST_FLAGS_DETAILS,
    ],
  ])('GetJobStatus %s posts tns:GetTestRun like the reference', (_name, options, reference) => {
    // Prepare
    const auth = { ...exampleAuth, username: 'exampleUser', password: 'examplePassword' };

    // Act
    const xml = buildGetJobStatusEnvelope(auth, EXAMPLE, options);

    // Assess
    expect(xmlOutline(xml)).toEqual(xmlOutline(reference));
  });

  it('RerunNotPassed: tns:RerunNotPassed/RerunNotPassed with FinishedJobID', () => {
    // Prepare
    const auth = { ...exampleAuth, username: 'ATSAPIUser', password: 'ATSAPIUser' };

    // Act
    const xml = buildRerunNotPassedEnvelope(auth, EXAMPLE);

    // Assess
    expect(xmlOutline(xml)).toEqual(xmlOutline(RERUN_NOT_PASSED_REQUEST));
  });
});

describe('envelope details', () => {
  it('leaves the SOAP header out when no username or password is configured', () => {
    // Act
    const outline = xmlOutline(buildRunJobEnvelope({ appId: 'app', appApiToken: 'tok' }, 'tpl'));

    // Assess
    expect(outline.map((e) => e.qname)).toEqual([
      'soap:Envelope',
      'soap:Body',
      'tns:RunJob',
      'TestRun',
      'AppAPIToken',
      'AppID',
      'JobTemplateID',
    ]);
  });

  it('sends all three Include flags in the documented order when all are asked for', () => {
    // Act
    const outline = xmlOutline(
      buildGetJobStatusEnvelope({ appId: 'app', appApiToken: 'tok' }, 'job-1', {
        details: true,
        breakdown: true,
        flags: true,
      }),
    );

    // Assess
    expect(outline.slice(4).map((e) => [e.qname, e.text])).toEqual([
      ['AppAPIToken', 'tok'],
      ['JobID', 'job-1'],
      ['AppID', 'app'],
      ['IncludeExecutionFlags', 'true'],
      ['IncludeExecutionResultBreakdown', 'true'],
      ['IncludeDetailsPerTestCase', 'true'],
    ]);
  });

  it('escapes the markup characters of every value', () => {
    // Act
    const xml = buildRunJobEnvelope(
      { appId: 'a<b', appApiToken: 't&k', username: 'u"1', password: "p'2" },
      `a&b<c>"d'`,
    );

    // Assess
    expect(xml).toContain('<JobTemplateID>a&amp;b&lt;c&gt;&quot;d&apos;</JobTemplateID>');
    expect(xml).toContain('<AppID>a&lt;b</AppID>');
    expect(xml).toContain('<AppAPIToken>t&amp;k</AppAPIToken>');
    expect(xml).toContain('<username>u&quot;1</username>');
    expect(xml).toContain('<password>p&apos;2</password>');
  });

  it('keeps CR as a reference and replaces characters XML cannot carry by U+FFFD', () => {
    // Act
    const xml = buildRunJobEnvelope({ appId: 'a', appApiToken: 't' }, 'x\r\ny\u0001z\uD800');

    // Assess
    expect(xml).toContain('<JobTemplateID>x&#13;\ny\uFFFDz\uFFFD</JobTemplateID>');
  });
});
