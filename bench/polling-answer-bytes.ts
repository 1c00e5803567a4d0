/**
 * Bytes of the GetJobStatus answers ATS sends, for `npm run bench:polling`: each answer is sized
 * as the simulator renders it (CDATA values, plain flags and counts, as real ATS sends them) with
 * the parts that were asked for. Rendering 20,000 test cases at every poll would dominate the
 * bench, so a case's element is rendered once and the list is summed; {@link AnswerSizer.check}
 * compares that sum with a full rendering.
 */

import type { SimCaseRun } from '../functions/ats/simulator/jobs';
import { renderJobStatus, type SimStatusView } from '../functions/ats/simulator/responses';
import type { AtsStatusOptions } from '../functions/core/ats';

/** One test case as the bench plans it. */
export interface PlannedCase {
  name: string;
  result: 'Passed' | 'Failed' | 'Not_Executed';
}

/** What an answer reports, without the per-case list. */
export interface AnswerView {
  status: 'Queued' | 'Running' | 'Done';
  /** Empty until done. */
  result: string;
  /** The test cases completed so far (ATS lists only those). */
  cases: readonly PlannedCase[];
}

const DURATION_SECONDS = 30;
const ERROR = 'Assertion failed';
const LIST_OPEN = '<ExecutionDetailsPerTestCase>';
const LIST_CLOSE = '</ExecutionDetailsPerTestCase>';
const LIST_EMPTY = '<ExecutionDetailsPerTestCase/>';

function caseRun(c: PlannedCase): SimCaseRun {
  return {
    name: c.name,
    result: c.result,
    durationSeconds: DURATION_SECONDS,
    ...(c.result === 'Failed' ? { errorMessage: ERROR } : {}),
    source: { name: c.name, result: c.result, durationSeconds: DURATION_SECONDS },
  };
}

function simView(view: AnswerView, cases: SimCaseRun[]): SimStatusView {
  return {
    status: view.status,
    result: view.result,
    errorMessage: '',
    canceled: false,
    warning: false,
    cases,
  };
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Sizes GetJobStatus answers. */
export class AnswerSizer {
  private readonly caseBytes = new Map<string, number>();

  /** Bytes of the answer to a GetJobStatus that asked for `options`. */
  size(view: AnswerView, options: AtsStatusOptions = {}): number {
    const include = {
      flags: options.flags ?? false,
      breakdown: options.breakdown ?? false,
      details: false,
    };
    // The counts are the only part of the rest that depends on the cases: count them, render none.
    const counted = include.breakdown ? view.cases.map(caseRun) : [];
    const rest = bytes(renderJobStatus(simView(view, counted), include, true));
    if (!options.details) return rest;
    if (view.cases.length === 0) return rest + bytes(LIST_EMPTY);
    let list = bytes(LIST_OPEN) + bytes(LIST_CLOSE);
    for (const c of view.cases) list += this.elementBytes(c);
    return rest + list;
  }

  /**
   * The size computed by {@link size} against a full rendering of the same answer.
   * @throws Error when they differ (the bench's figures would be wrong).
   */
  check(view: AnswerView, options: AtsStatusOptions): void {
    const include = {
      flags: options.flags ?? false,
      breakdown: options.breakdown ?? false,
      details: options.details ?? false,
    };
    const rendered = bytes(renderJobStatus(simView(view, view.cases.map(caseRun)), include, true));
    const summed = this.size(view, options);
    if (rendered !== summed) {
      throw new Error(`answer sizing is off: ${summed} bytes summed, ${rendered} rendered`);
    }
  }

  /** Bytes of one `ExecutionDetailsTestCase` element. */
  private elementBytes(c: PlannedCase): number {
    const key = `${c.result}\u0000${c.name}`;
    let size = this.caseBytes.get(key);
    if (size === undefined) {
      const details = { flags: false, breakdown: false, details: true };
      const view: AnswerView = { status: 'Done', result: 'Failed', cases: [] };
      const one = bytes(renderJobStatus(simView(view, [caseRun(c)]), details, true));
      const none = bytes(renderJobStatus(simView(view, []), details, true));
      size = one - none + bytes(LIST_EMPTY) - bytes(LIST_OPEN) - bytes(LIST_CLOSE);
      this.caseBytes.set(key, size);
    }
    return size;
  }
}
