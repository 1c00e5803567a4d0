import { describe, expect, it } from 'vitest';
import {
  type AnswerBudget,
  answerBudgetFor,
  brokenLimit,
  DEFAULT_MAX_RESPONSE_BYTES,
} from '../../../functions/ats/answer-budget';
import { AtsBadResponseError } from '../../../functions/ats/errors';
import { AtsResponseParser } from '../../../functions/ats/response-parser';
import { renderJobStatus } from '../../../functions/ats/simulator/responses';

const SMALL: AnswerBudget = { maxNodes: 10, maxTextChars: 20, maxMarkupChars: 40, maxDepth: 4 };

function statusAnswer(fields: string): string {
  return `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="http://www.mendix.com/"><soap:Body><tns:GetTestRunResponse><TestRun><ExecutionStatus>Done</ExecutionStatus>${fields}</TestRun></tns:GetTestRunResponse></soap:Body></soap:Envelope>`;
}

describe('the parse budget of an ATS answer', () => {
  it('counts elements, texts and CDATA sections, not closing tags, comments or declarations', () => {
    // Prepare: 10 nodes: a, b, "t", CDATA, c, d, e, f, g, h
    const xml =
      '<?xml version="1.0"?><!-- note --><a><b>t</b><![CDATA[x]]><c/><d/><e/><f/><g/><h/></a>';

    // Act / Assess
    expect(brokenLimit(xml, SMALL)).toBeUndefined();
    expect(brokenLimit(xml.replace('<h/>', '<h/><i/>'), SMALL)).toBe('nodes');
  });

  it('does not count markup-looking text inside CDATA, comments or quoted attribute values', () => {
    // Prepare
    const inside = '<x/>'.repeat(50);
    const xml = `<a q="${'>'.repeat(30)}"><![CDATA[${inside}]]><!--${inside}--></a>`;

    // Act / Assess
    expect(brokenLimit(xml, { ...SMALL, maxMarkupChars: 100 })).toBeUndefined();
  });

  it('refuses a text outside CDATA longer than the limit, whitespace and references included', () => {
    // Act / Assess
    expect(brokenLimit(`<a>${'&#65;'.repeat(4)}</a>`, SMALL)).toBeUndefined();
    expect(brokenLimit(`<a>${'&#65;'.repeat(5)}x</a>`, SMALL)).toBe('text');
    expect(brokenLimit(`<a>${' '.repeat(21)}</a>`, SMALL)).toBe('text');
    expect(brokenLimit(`<a><![CDATA[${'y'.repeat(1_000)}]]></a>`, SMALL)).toBeUndefined();
  });

  it('does not count whitespace between elements as nodes', () => {
    // Act / Assess
    expect(brokenLimit(`<a>${'\n  <b/>'.repeat(9)}\n</a>`, SMALL)).toBeUndefined();
  });

  it('refuses a tag longer than the limit, even with `>` or tabs in a quoted value', () => {
    // Act / Assess
    expect(brokenLimit(`<a${'\t'.repeat(41)}/>`, SMALL)).toBe('markup');
    expect(brokenLimit(`<a b="${'>'.repeat(40)}"/>`, SMALL)).toBe('markup');
    expect(brokenLimit(`<?pi ${'x'.repeat(40)}?><a/>`, SMALL)).toBe('markup');
  });

  it('refuses nesting deeper than the limit', () => {
    // Act / Assess
    expect(brokenLimit('<a><b><c><d/></c></b></a>', SMALL)).toBeUndefined();
    expect(brokenLimit('<a><b><c><d><e></e></d></c></b></a>', SMALL)).toBe('depth');
  });

  it('leaves a malformed answer to the parser', () => {
    // Act / Assess
    expect(brokenLimit('<a><![CDATA[never closed', SMALL)).toBeUndefined();
    expect(brokenLimit('<a b="never closed', SMALL)).toBeUndefined();
  });

  it('admits a real answer of 20,000 test cases with room to spare', () => {
    // Prepare: as the simulator renders it (CDATA, like real ATS), every case failed.
    const cases = Array.from({ length: 20_000 }, (_, i) => ({
      name: `Module${i % 50}.Suite${i % 400}.Test case ${i}`,
      result: 'Failed' as const,
      durationSeconds: 42,
      errorMessage: 'Expected the total to be 42.00 but it was 41.99 after applying the voucher.',
      source: { name: 'n', result: 'Failed' as const, durationSeconds: 1 },
    }));
    const view = { status: 'Done' as const, result: 'Failed', errorMessage: '', canceled: false };
    const xml = renderJobStatus(
      { ...view, warning: false, cases },
      { flags: true, breakdown: true, details: true },
      true,
    );
    const budget = answerBudgetFor(DEFAULT_MAX_RESPONSE_BYTES);

    // Act
    const status = new AtsResponseParser({ budget }).readJobStatus(xml, 200);

    // Assess
    expect(Buffer.byteLength(xml)).toBeLessThan(DEFAULT_MAX_RESPONSE_BYTES / 1.5);
    expect(status.testCases).toHaveLength(20_000);
  });

  it('makes the parser refuse an answer past it as too large, before parsing', () => {
    // Prepare
    const parser = new AtsResponseParser({
      budget: { ...SMALL, maxMarkupChars: 200, maxDepth: 8 },
    });
    const flood = statusAnswer('<ExecutionResult>Failed</ExecutionResult>'.repeat(10));

    // Act
    let error: unknown;
    try {
      parser.readJobStatus(flood, 200);
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toBeInstanceOf(AtsBadResponseError);
    expect(error).toMatchObject({ reason: 'too_large', detail: 'over the nodes limit' });
  });
});
