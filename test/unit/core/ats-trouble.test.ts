import { describe, expect, it } from 'vitest';
import {
  AtsBadResponseError,
  AtsConnectionError,
  AtsHttpError,
  AtsJobNotStartedError,
  AtsSoapFaultError,
  AtsTimeoutError,
} from '../../../functions/ats/errors';
import { type AtsAction, needsAdmin, troubleInWords } from '../../../functions/core/ats-trouble';
import type { AtsError } from '../../../functions/core/errors';

/** One of each way an ATS call fails, with the technical messages the ATS client writes. */
const FAILURES: Record<string, AtsError> = {
  soapFault: new AtsSoapFaultError('RunJob', 'soap:Client', 'Invalid AppAPIToken', 500),
  http404: new AtsHttpError('RunJob', 404),
  http503: new AtsHttpError('RunJob', 503),
  badResponse: new AtsBadResponseError('RunJob', 'not_soap'),
  timeout: new AtsTimeoutError('RunJob', 10_000),
  refused: new AtsConnectionError('RunJob', 'ats.example:443', 'ECONNREFUSED', false),
};

const TECHNICAL = /SOAP|HTTP|\b\d{3}\b|AppID|AppAPIToken|ATS_BASE_URL|ECONN|fault/i;
const ACTIONS: AtsAction[] = ['start', 'rerun', 'watch', 'status'];

describe('ATS trouble in people’s words', () => {
  it.each(Object.entries(FAILURES))(
    'says what happened without technical terms: %s',
    (_, error) => {
      for (const action of ACTIONS) {
        // Act
        const words = troubleInWords(error, action, 'req-42');

        // Assess
        expect(words).not.toMatch(TECHNICAL);
        expect(words.length).toBeGreaterThan(20);
      }
    },
  );

  it('passes ATS’s own reason for not starting on, since people can act on it', () => {
    // Prepare
    const error = new AtsJobNotStartedError('RunJob', 'No Selenium hub is configured');

    // Act / Assess
    expect(troubleInWords(error, 'start', 'req-42')).toBe(
      'ATS did not start the job: No Selenium hub is configured.',
    );
  });

  it('sends what only an admin can fix to the admins, and a mistyped id to nobody but its typist', () => {
    // Prepare / Act / Assess
    expect(needsAdmin(FAILURES.soapFault!, 'start')).toBe(true);
    expect(needsAdmin(FAILURES.soapFault!, 'watch')).toBe(false);
    expect(needsAdmin(FAILURES.http404!, 'start')).toBe(true);
    expect(needsAdmin(FAILURES.badResponse!, 'status')).toBe(true);
    expect(needsAdmin(FAILURES.http503!, 'start')).toBe(false);
    expect(needsAdmin(FAILURES.timeout!, 'start')).toBe(false);
    expect(needsAdmin(FAILURES.refused!, 'start')).toBe(false);
    expect(troubleInWords(FAILURES.soapFault!, 'start', 'req-42')).toContain(
      "Ask an admin to look at the bot's log for request `req-42`",
    );
    expect(troubleInWords(FAILURES.soapFault!, 'watch', 'req-42')).toMatch(/Check the id/);
  });
});
