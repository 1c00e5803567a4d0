import type { RuntimeConfig } from './config';
import { type AtsJobLinker, atsJobLinker } from './core/ats-links';

/**
 * The **Open in ATS** links of a deployment, from its settings: the global URL template
 * (`ATS_JOB_URL_TEMPLATE`), the app id, and the catalog's per-template overrides. The same for
 * the ingress and the worker, so a card and the result it re-renders link alike.
 */
export function atsLinksOf(
  runtime: Pick<RuntimeConfig, 'atsJobUrlTemplate' | 'atsAppId' | 'templates'>,
): AtsJobLinker {
  return atsJobLinker({
    ...(runtime.atsJobUrlTemplate ? { urlTemplate: runtime.atsJobUrlTemplate } : {}),
    appId: runtime.atsAppId,
    catalog: runtime.templates,
  });
}
