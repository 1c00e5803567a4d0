import { describe, expect, it } from 'vitest';
import { AtsResponseParser } from '../../../../functions/ats/response-parser';
import type { SimCaseRun } from '../../../../functions/ats/simulator/jobs';
import { renderJobStatus, renderStartedJob } from '../../../../functions/ats/simulator/responses';

/*
 * The simulator answers as real ATS can: the vendor's plugin reads a present ErrorMessage (even an
 * empty CDATA) as "not started" and works against real ATS, so a success never carries one; ATS
 * wraps text values in CDATA, but flags and counts are plain text.
 */

const parser = new AtsResponseParser();
const EVERYTHING = { flags: true, breakdown: true, details: true };

function caseRun(name: string, result: SimCaseRun['result']): SimCaseRun {
  return {
    name,
    result,
    durationSeconds: 7,
    source: { name, result, durationSeconds: 7 },
  };
}

describe('simulated answers have the shapes real ATS sends', () => {
  it.each([true, false])('a started job has no ErrorMessage at all (CDATA %s)', (cdata) => {
    // Act
    const xml = renderStartedJob(
      'RunJob',
      { started: true, errorMessage: '', jobId: 'j-1' },
      cdata,
    );

    // Assess
    expect(xml).not.toContain('ErrorMessage');
    expect(xml).not.toContain('<![CDATA[]]>');
    expect(xml).toContain('<Started>true</Started>');
    expect(parser.readStartedJob('RunJob', xml, 200)).toEqual({
      jobId: 'j-1',
      elements: 'RunJobResponse/RunJob',
    });
  });

  it('a job that did not start has its message and an empty JobID', () => {
    // Act
    const xml = renderStartedJob(
      'RunJob',
      { started: false, errorMessage: 'No hub', jobId: '' },
      true,
    );

    // Assess
    expect(xml).toContain(
      '<Started>false</Started><ErrorMessage><![CDATA[No hub]]></ErrorMessage><JobID/>',
    );
  });

  it('writes flags and counts as plain text, text values in CDATA, empty values as <X/>', () => {
    // Act
    const xml = renderJobStatus(
      {
        status: 'Running',
        result: '',
        errorMessage: '',
        canceled: false,
        warning: true,
        cases: [caseRun('Log in', 'Passed'), caseRun('Pay', 'Failed')],
      },
      EVERYTHING,
      true,
    );

    // Assess
    expect(xml).toContain('<ExecutionStatus><![CDATA[Running]]></ExecutionStatus>');
    expect(xml).toContain('<ExecutionResult/>');
    expect(xml).toContain('<ErrorMessage/>');
    expect(xml).toContain('<Canceled>false</Canceled><Warning>true</Warning>');
    expect(xml).toContain(
      '<CountPassed>1</CountPassed><CountNotExecuted>0</CountNotExecuted><CountFailed>1</CountFailed>',
    );
    expect(xml).toContain('<Name><![CDATA[Log in]]></Name>');
    expect(xml).not.toContain('<![CDATA[]]>');
    expect(parser.readJobStatus(xml, 200)).toMatchObject({
      status: 'Running',
      result: undefined,
      errorMessage: undefined,
      flags: { canceled: false, warning: true },
      breakdown: { passed: 1, failed: 1, notExecuted: 0 },
    });
  });
});
