import type { AnswerBudget } from '../../../functions/ats/answer-budget';
import type { SimCaseRun } from '../../../functions/ats/simulator/jobs';
import { renderJobStatus } from '../../../functions/ats/simulator/responses';

/*
 * GetJobStatus answers of (almost) the largest size the client reads, each shaped to make parsing
 * cost as much as possible: what the memory check of `npm run test:reliability` parses. An
 * answer "at the budget" stays just inside every parse limit, so the client parses all of it; one
 * "past the budget" breaks a limit and is refused before parsing.
 */

const NS =
  'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="http://www.mendix.com/"';
const HEAD = `<soap:Envelope ${NS}><soap:Body><tns:GetTestRunResponse><TestRun><ExecutionStatus>Done</ExecutionStatus><ExecutionResult>Failed</ExecutionResult><ExecutionDetailsPerTestCase>`;
const TAIL =
  '</ExecutionDetailsPerTestCase></TestRun></tns:GetTestRunResponse></soap:Body></soap:Envelope>';
/** Nodes of the answer around the repeated part (envelope, status, result). */
const FRAME_NODES = 12;
/** Elements the frame keeps open around the repeated part. */
const FRAME_DEPTH = 5;

/** How a hostile answer is built. */
export interface HostileAnswer {
  /** What the client must do with it. */
  expect: 'parsed' | 'refused';
  build(maxBytes: number, budget: AnswerBudget): string;
}

/** `unit` repeated as often as both the byte cap and (when `nodes` is set) the node limit allow. */
function repeated(
  unit: string,
  maxBytes: number,
  budget: AnswerBudget,
  nodesPerUnit?: number,
): string {
  const byBytes = Math.floor((maxBytes - HEAD.length - TAIL.length) / Buffer.byteLength(unit));
  const byNodes = nodesPerUnit
    ? Math.floor((budget.maxNodes - FRAME_NODES) / nodesPerUnit)
    : byBytes;
  return HEAD + unit.repeat(Math.min(byBytes, byNodes)) + TAIL;
}

/** A text of character references as long as one text may be. */
function references(budget: AnswerBudget, reference: string): string {
  return reference.repeat(Math.floor(budget.maxTextChars / reference.length));
}

/**
 * Cases as the simulator renders them (CDATA, like real ATS): failed with `message`, or passed
 * when it is empty.
 */
function realCases(count: number, message: string): string {
  const result = message ? 'Failed' : 'Passed';
  const cases: SimCaseRun[] = Array.from({ length: count }, (_, i) => {
    const name = `Module${i % 50}.Suite${i % 400}.Test case ${i}`;
    return {
      name,
      result,
      durationSeconds: 37,
      ...(message ? { errorMessage: message } : {}),
      source: { name, result, durationSeconds: 37 },
    };
  });
  const view = {
    status: 'Done' as const,
    result: 'Failed',
    errorMessage: '',
    canceled: false,
    warning: false,
    cases,
  };
  return renderJobStatus(view, { flags: true, breakdown: true, details: true }, true);
}

/** Every shape, by name. */
export const HOSTILE_ANSWERS: Record<string, HostileAnswer> = {
  /** The finding: one text of 10 MB of character references. */
  'one text of character references, past the budget': {
    expect: 'refused',
    build: (maxBytes) => `${HEAD}<x>${'&#65;'.repeat(Math.floor((maxBytes - 600) / 5))}</x>${TAIL}`,
  },
  'character references in texts at the budget': {
    expect: 'parsed',
    build: (maxBytes, budget) =>
      repeated(
        `<ExecutionDetailsTestCase><Name>${references(budget, '&#65;')}</Name></ExecutionDetailsTestCase>`,
        maxBytes,
        budget,
      ),
  },
  'astral character references in texts at the budget': {
    expect: 'parsed',
    build: (maxBytes, budget) =>
      repeated(`<x>${references(budget, '&#x1F600;')}</x>`, maxBytes, budget),
  },
  'whitespace texts at the budget': {
    expect: 'parsed',
    build: (maxBytes, budget) =>
      repeated(`<x>${' '.repeat(budget.maxTextChars - 1)}y</x>`, maxBytes, budget),
  },
  /** The finding: empty elements filling the byte cap. */
  'empty elements, past the budget': {
    expect: 'refused',
    build: (maxBytes, budget) => repeated('<a/>', maxBytes, budget),
  },
  'empty elements at the budget': {
    expect: 'parsed',
    build: (maxBytes, budget) => repeated('<a/>', maxBytes, budget, 1),
  },
  'empty test cases at the budget': {
    expect: 'parsed',
    build: (maxBytes, budget) => repeated('<ExecutionDetailsTestCase/>', maxBytes, budget, 1),
  },
  'one-letter texts at the budget': {
    expect: 'parsed',
    build: (maxBytes, budget) => repeated('<a>x</a>', maxBytes, budget, 2),
  },
  'deep nesting at the budget': {
    expect: 'parsed',
    build: (maxBytes, budget) => {
      const levels = budget.maxDepth - FRAME_DEPTH;
      return repeated(`${'<n>'.repeat(levels)}${'</n>'.repeat(levels)}`, maxBytes, budget, levels);
    },
  },
  'deep nesting, past the budget': {
    expect: 'refused',
    build: (maxBytes) => {
      const levels = Math.floor((maxBytes - 600) / 7);
      return HEAD + '<n>'.repeat(levels) + '</n>'.repeat(levels) + TAIL;
    },
  },
  'long tags, past the budget': {
    expect: 'refused',
    build: (maxBytes) => `${HEAD}<x${'\t'.repeat(maxBytes - 600)}/>${TAIL}`,
  },
  'real failed cases with 1 KB messages, as many as fit': {
    expect: 'parsed',
    build: (maxBytes) =>
      asManyAsFit(maxBytes, 'Expected the total to be 42.00, it was 41.99. '.repeat(22)),
  },
  'real passed cases, as many as fit': {
    expect: 'parsed',
    build: (maxBytes) => asManyAsFit(maxBytes, ''),
  },
};

/** The largest answer of real cases under `maxBytes` (to within 0.1 %). */
function asManyAsFit(maxBytes: number, message: string): string {
  let count = Math.floor(maxBytes / Buffer.byteLength(realCases(1, message)));
  // Names grow with the case number, so the size per case is found by rendering; bounded.
  for (let round = 0; round < 10; round++) {
    const xml = realCases(count, message);
    const bytes = Buffer.byteLength(xml);
    if (bytes <= maxBytes && bytes > maxBytes * 0.995) return xml;
    count = Math.floor((count * maxBytes * 0.998) / bytes);
  }
  throw new Error('no answer of real cases fits');
}
