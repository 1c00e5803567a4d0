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

/** A case that passes in `durationSeconds`. */
const passed = (name: string, durationSeconds: number): SimTestCase => ({
  name,
  result: 'Passed',
  durationSeconds,
});

/** A case the job never reached. */
const notExecuted = (name: string): SimTestCase => ({
  name,
  result: 'Not_Executed',
  durationSeconds: 0,
});

/** A demo template with the common timing (3 s queued, 8 s running) and `extra` flags. */
function demoTemplate(
  templateId: string,
  name: string,
  testCases: SimTestCase[],
  extra: Partial<Omit<SimTemplate, 'templateId' | 'name' | 'testCases'>> = {},
): SimTemplate {
  return { templateId, name, queuedSeconds: QUEUED, runningSeconds: RUNNING, testCases, ...extra };
}

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
  demoTemplate('tpl-smoke', 'Smoke test', [
    passed('Log in', 4),
    passed('Open dashboard', 7),
    passed('Search customer', 12),
    passed('Log out', 3),
  ]),
  demoTemplate('tpl-regression', 'Regression suite', [
    passed('Log in', 4),
    passed('Create order', 37),
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
    { ...notExecuted('Refund order'), onRerun: ['Passed'] },
    passed('Log out', 3),
  ]),
  demoTemplate(
    'tpl-canceled',
    'Nightly full run',
    [passed('Log in', 4), notExecuted('Create order'), notExecuted('Log out')],
    { canceled: true },
  ),
  demoTemplate(
    'tpl-warning',
    'Accessibility checks',
    [passed('Contrast of main pages', 22), passed('Keyboard navigation', 31)],
    { warning: true },
  ),
  demoTemplate('tpl-rejected', 'Template without Selenium hub', [passed('Log in', 4)], {
    reject: {
      as: 'not_started',
      message: 'The job could not be started: no Selenium hub is configured for this template.',
    },
  }),
];
