import { XMLBuilder } from 'fast-xml-parser';
import type { AtsStatusOptions } from '../core/ats';
import { ATS_NS, ATS_OPERATIONS, type AtsOperation, INCLUDE_FLAGS, SOAP_ENV_NS } from './cicd-api';
import { escapeXmlText } from './xml-text';

/** Who is asking: the app and its CI/CD API key, plus the optional web-service user. */
export interface AtsRequestAuth {
  appId: string;
  appApiToken: string;
  /** Sent in `soap:Header/tns:authentication` together with `password` when either is set. */
  username?: string;
  password?: string;
}

// Escaping is ours (escapeXmlText through tagValueProcessor, builder entities off) so that every
// value, including CR and characters XML cannot carry, is handled the same way in one place.
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  suppressEmptyNode: false,
  format: false,
  tagValueProcessor: (_name: string, value: unknown) => escapeXmlText(String(value)),
});

/**
 * Builds the SOAP envelope of one operation. `fields` are sent in the order given, which the
 * typed builders below take from {@link ATS_OPERATIONS}. Never throws.
 */
export function buildEnvelope(
  operation: AtsOperation,
  auth: AtsRequestAuth,
  fields: ReadonlyArray<readonly [string, string]>,
): string {
  const shape = ATS_OPERATIONS[operation];
  const wrapper: Record<string, string> = {};
  for (const [name, value] of fields) wrapper[name] = value;
  const envelope: Record<string, unknown> = {
    '@_xmlns:soap': SOAP_ENV_NS,
    '@_xmlns:tns': ATS_NS,
  };
  if (auth.username !== undefined || auth.password !== undefined) {
    envelope['soap:Header'] = {
      'tns:authentication': { username: auth.username ?? '', password: auth.password ?? '' },
    };
  }
  envelope['soap:Body'] = { [`tns:${shape.requestElement}`]: { [shape.requestWrapper]: wrapper } };
  return builder.build({ 'soap:Envelope': envelope });
}

/** Envelope of `RunJob` for a CI/CD template. */
export function buildRunJobEnvelope(auth: AtsRequestAuth, templateId: string): string {
  return buildEnvelope('RunJob', auth, [
    ['AppAPIToken', auth.appApiToken],
    ['AppID', auth.appId],
    ['JobTemplateID', templateId],
  ]);
}

/**
 * Envelope of `GetJobStatus` (body element `tns:GetTestRun`). Each Include flag is sent, as
 * `true`, only when asked for, in the documented order.
 */
export function buildGetJobStatusEnvelope(
  auth: AtsRequestAuth,
  jobId: string,
  options: AtsStatusOptions = {},
): string {
  const asked: Record<(typeof INCLUDE_FLAGS)[number], boolean | undefined> = {
    IncludeExecutionFlags: options.flags,
    IncludeExecutionResultBreakdown: options.breakdown,
    IncludeDetailsPerTestCase: options.details,
  };
  return buildEnvelope('GetJobStatus', auth, [
    ['AppAPIToken', auth.appApiToken],
    ['JobID', jobId],
    ['AppID', auth.appId],
    ...INCLUDE_FLAGS.filter((flag) => asked[flag]).map((flag) => [flag, 'true'] as const),
  ]);
}

/** Envelope of `RerunNotPassed` for a finished job. */
export function buildRerunNotPassedEnvelope(auth: AtsRequestAuth, finishedJobId: string): string {
  return buildEnvelope('RerunNotPassed', auth, [
    ['AppAPIToken', auth.appApiToken],
    ['AppID', auth.appId],
    ['FinishedJobID', finishedJobId],
  ]);
}
