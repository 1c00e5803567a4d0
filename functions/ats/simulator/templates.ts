/** Per-test-case result as ATS reports it. */
export type SimResult = 'Passed' | 'Failed' | 'Not_Executed';

/** One test case of a simulated template. */
export interface SimTestCase {
  name: string;
  result: SimResult;
  durationSeconds: number;
  errorMessage?: string;
  /** Result in rerun 1, 2, …; the last value repeats; absent = same as the original result. */
  onRerun?: SimResult[];
}

/** A CI/CD template the simulator knows, and how its jobs behave. */
export interface SimTemplate {
  templateId: string;
  name: string;
  /** Seconds a job stays Queued, then Running, before it is Done. */
  queuedSeconds: number;
  runningSeconds: number;
  testCases: SimTestCase[];
  canceled?: boolean;
  warning?: boolean;
  /** RunJob answers `Started=true` with this `ErrorMessage` (a warning). */
  startWarning?: string;
  /** RunJob refuses this template: `Started=false` or an HTTP 500 SOAP fault, with this message. */
  reject?: { as: 'not_started' | 'soap_fault'; message: string };
}

const QUEUED = 3;
const RUNNING = 8;

/**
 * Templates for local mode and tests. Each finishes in about 11 s (3 s queued, 8 s running):
 * - `tpl-smoke`: all passed;
 * - `tpl-regression`: failures with error messages and not-executed cases; "Checkout with
 *   voucher" is flaky (passes on rerun), "Export invoice PDF" fails again;
 * - `tpl-canceled`: canceled flag, the remaining cases not executed;
 * - `tpl-warning`: all passed with the warning flag;
 * - `tpl-rejected`: RunJob answers `Started=false` with a message.
 */
export const DEMO_TEMPLATES: SimTemplate[] = [
  {
    templateId: 'tpl-smoke',
    name: 'Smoke test',
    queuedSeconds: QUEUED,
    runningSeconds: RUNNING,
    testCases: [
      { name: 'Log in', result: 'Passed', durationSeconds: 4 },
      { name: 'Open dashboard', result: 'Passed', durationSeconds: 7 },
      { name: 'Search customer', result: 'Passed', durationSeconds: 12 },
      { name: 'Log out', result: 'Passed', durationSeconds: 3 },
    ],
  },
  {
    templateId: 'tpl-regression',
    name: 'Regression suite',
    queuedSeconds: QUEUED,
    runningSeconds: RUNNING,
    testCases: [
      { name: 'Log in', result: 'Passed', durationSeconds: 4 },
      { name: 'Create order', result: 'Passed', durationSeconds: 37 },
      {
        name: 'Checkout with voucher',
        result: 'Failed',
        durationSeconds: 97,
        errorMessage: "Element 'Apply voucher' not found within 30 seconds",
        onRerun: ['Passed'],
      },
      {
        name: 'Export invoice PDF',
        result: 'Failed',
        durationSeconds: 61,
        errorMessage: 'Assertion failed: expected 3 pages, found 2',
        onRerun: ['Failed'],
      },
      {
        name: 'Refund order',
        result: 'Not_Executed',
        durationSeconds: 0,
        onRerun: ['Passed'],
      },
      { name: 'Log out', result: 'Passed', durationSeconds: 3 },
    ],
  },
  {
    templateId: 'tpl-canceled',
    name: 'Nightly full run',
    queuedSeconds: QUEUED,
    runningSeconds: RUNNING,
    canceled: true,
    testCases: [
      { name: 'Log in', result: 'Passed', durationSeconds: 4 },
      { name: 'Create order', result: 'Not_Executed', durationSeconds: 0 },
      { name: 'Log out', result: 'Not_Executed', durationSeconds: 0 },
    ],
  },
  {
    templateId: 'tpl-warning',
    name: 'Accessibility checks',
    queuedSeconds: QUEUED,
    runningSeconds: RUNNING,
    warning: true,
    testCases: [
      { name: 'Contrast of main pages', result: 'Passed', durationSeconds: 22 },
      { name: 'Keyboard navigation', result: 'Passed', durationSeconds: 31 },
    ],
  },
  {
    templateId: 'tpl-rejected',
    name: 'Template without Selenium hub',
    queuedSeconds: QUEUED,
    runningSeconds: RUNNING,
    testCases: [{ name: 'Log in', result: 'Passed', durationSeconds: 4 }],
    reject: {
      as: 'not_started',
      message: 'The job could not be started: no Selenium hub is configured for this template.',
    },
  },
];
