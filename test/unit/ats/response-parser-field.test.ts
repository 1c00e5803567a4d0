import { describe, expect, it } from 'vitest';
import {
  AtsBadResponseError,
  AtsConnectionError,
  AtsHttpError,
  AtsTimeoutError,
} from '../../../functions/ats/errors';
import { AtsResponseParser } from '../../../functions/ats/response-parser';
import { GATEWAY_PAGES } from '../../../functions/ats/simulator/gateway-pages';

/*
 * What ATS and the gateways in front of it send in the field (../shared/ats/FIELD-NOTES.md), as
 * opposed to what the reference's examples show.
 */

const parser = new AtsResponseParser();

function envelope(inner: string): string {
  return `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="http://www.mendix.com/"><soap:Body>${inner}</soap:Body></soap:Envelope>`;
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

function messageOf(error: unknown): string {
  return (error as Error).message;
}

describe('gateway error pages are outages, whatever their DOCTYPE', () => {
  const pages = Object.entries(GATEWAY_PAGES).map(([name, render]) => [name, render] as const);

  it.each(
    pages.flatMap(([name, render]) =>
      [502, 503, 504].map((status) => [name, status, render(status)] as const),
    ),
  )('%s page with HTTP %i: a retryable gateway error, no /ws/ hint', (_name, status, page) => {
    // Act
    const error = thrown(() => parser.readJobStatus(page, status));

    // Assess
    expect(error).toBeInstanceOf(AtsHttpError);
    expect(error).toMatchObject({ code: 'ATS_HTTP_ERROR', httpStatus: status, retryable: true });
    expect(messageOf(error)).toMatch(/gateway error/i);
    expect(messageOf(error)).not.toMatch(/\/ws\/|ATS_BASE_URL/);
  });

  it('a page with a DOCTYPE on HTTP 200 is not SOAP (the URL is the likely cause), not a refused DOCTYPE', () => {
    // Prepare
    const page = GATEWAY_PAGES.html5(200);

    // Act
    const error = thrown(() => parser.readStartedJob('RunJob', page, 200));

    // Assess
    expect(error).toBeInstanceOf(AtsBadResponseError);
    expect(error).toMatchObject({ reason: 'not_soap' });
    expect(messageOf(error)).toContain('/ws/');
  });

  it('still refuses a DOCTYPE in front of a SOAP envelope, on an error status too', () => {
    // Prepare
    const xml = `<!DOCTYPE soap:Envelope [<!ENTITY e "e">]>${envelope('<soap:Fault><faultcode>c</faultcode><faultstring>&e;</faultstring></soap:Fault>')}`;

    // Act
    const errors = [503, 200].map((status) => thrown(() => parser.readJobStatus(xml, status)));

    // Assess
    for (const error of errors) {
      expect(error).toBeInstanceOf(AtsBadResponseError);
      expect(error).toMatchObject({ reason: 'doctype', retryable: false });
    }
  });
});

describe('the person is told what happened, with the /ws/ hint only where the URL is the likely cause', () => {
  it.each([
    ['a 404 page', new AtsHttpError('GetJobStatus', 404), /not found/i, true],
    ['a 405 page', new AtsHttpError('RunJob', 405), /HTTP 405/, true],
    ['a 403 page', new AtsHttpError('RunJob', 403), /credentials/i, false],
    ['a bare 500', new AtsHttpError('GetJobStatus', 500), /HTTP 500/, false],
    ['a 429', new AtsHttpError('GetJobStatus', 429), /busy/i, false],
    ['a cut-off answer', new AtsBadResponseError('GetJobStatus', 'not_xml'), /not XML/, false],
    [
      'an answer over the size limit',
      new AtsBadResponseError('GetJobStatus', 'too_large', 'over 20971520 bytes'),
      /too large/i,
      false,
    ],
    [
      'a missing element',
      new AtsBadResponseError('GetJobStatus', 'missing_element', 'ExecutionStatus'),
      /ExecutionStatus/,
      false,
    ],
    ['a DOCTYPE', new AtsBadResponseError('RunJob', 'doctype'), /DOCTYPE/, false],
    ['a page that is not SOAP', new AtsBadResponseError('RunJob', 'not_soap'), /SOAP/, true],
    [
      'a refused connection',
      new AtsConnectionError('GetJobStatus', 'ats.example.com', 'ECONNREFUSED', false),
      /ATS unreachable/,
      false,
    ],
    [
      'an unknown host',
      new AtsConnectionError('GetJobStatus', 'atz.example.com', 'ENOTFOUND', false),
      /atz\.example\.com/,
      true,
    ],
    ['a timeout', new AtsTimeoutError('GetJobStatus', 10_000), /10 s/, false],
  ])('%s', (_what, error, says, hintsAtUrl) => {
    // Act
    const message = messageOf(error);

    // Assess
    expect(message).toMatch(says);
    expect(/ATS_BASE_URL/.test(message)).toBe(hintsAtUrl);
  });
});

describe('RerunNotPassed: the reference says only "identical to Run Job"', () => {
  const fields = '<Started>true</Started><JobID><![CDATA[r-1]]></JobID>';

  it.each([
    [
      'RerunNotPassedResponse/RunJob',
      `<tns:RerunNotPassedResponse><RunJob>${fields}</RunJob></tns:RerunNotPassedResponse>`,
    ],
    [
      'RerunNotPassedResponse/RerunNotPassed',
      `<tns:RerunNotPassedResponse><RerunNotPassed>${fields}</RerunNotPassed></tns:RerunNotPassedResponse>`,
    ],
    [
      'RunJobResponse/RunJob',
      `<tns:RunJobResponse><RunJob>${fields}</RunJob></tns:RunJobResponse>`,
    ],
    [
      'RerunNotPassedResponse',
      `<tns:RerunNotPassedResponse>${fields}</tns:RerunNotPassedResponse>`,
    ],
    [
      'RerunNotPassedResponse/TestRun',
      `<m:RerunNotPassedResponse xmlns:m="http://www.mendix.com/"><TestRun>${fields}</TestRun></m:RerunNotPassedResponse>`,
    ],
  ])('reads the job from %s and names the elements it came in', (elements, body) => {
    // Act
    const started = parser.readStartedJob('RerunNotPassed', envelope(body), 200);

    // Assess
    expect(started).toEqual({ jobId: 'r-1', elements });
  });

  it('still names what is missing when no …Response element holds Started or JobID', () => {
    // Act
    const error = thrown(() =>
      parser.readStartedJob(
        'RerunNotPassed',
        envelope('<tns:RerunNotPassedResponse><Other>x</Other></tns:RerunNotPassedResponse>'),
        200,
      ),
    );

    // Assess
    expect(error).toMatchObject({ reason: 'missing_element', detail: 'RerunNotPassedResponse' });
  });
});

describe('Started=true with an ErrorMessage', () => {
  const answer = (errorMessage: string) =>
    envelope(
      `<tns:RunJobResponse><RunJob><Started>true</Started>${errorMessage}<JobID>j-1</JobID></RunJob></tns:RunJobResponse>`,
    );

  it('keeps the message as a warning', () => {
    // Act
    const started = parser.readStartedJob(
      'RunJob',
      answer('<ErrorMessage><![CDATA[Selenium hub is slow today]]></ErrorMessage>'),
      200,
    );

    // Assess
    expect(started).toEqual({
      jobId: 'j-1',
      warning: 'Selenium hub is slow today',
      elements: 'RunJobResponse/RunJob',
    });
  });

  it.each([
    ['absent', ''],
    ['empty', '<ErrorMessage/>'],
    ['empty CDATA', '<ErrorMessage><![CDATA[]]></ErrorMessage>'],
    ['blank', '<ErrorMessage>  </ErrorMessage>'],
  ])('has no warning when the message is %s', (_how, errorMessage) => {
    // Act
    const started = parser.readStartedJob('RunJob', answer(errorMessage), 200);

    // Assess
    expect(started).toEqual({ jobId: 'j-1', elements: 'RunJobResponse/RunJob' });
  });
});
