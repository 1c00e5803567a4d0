import type { Job } from './job';
import type { TemplateEntry } from './requests/catalog';
import { findTemplate } from './requests/catalog-lookup';
import { fillUrlTemplate } from './url-template';

/*
 * "Open in ATS": a link from a job's card and result to the job's page in ATS, built from a URL
 * template an admin configures (ATS's page addresses differ between the cloud and on-premises
 * installations, so the bot does not guess them).
 */

/** Where a job's ATS page is; undefined when there is no link to show. */
export type AtsJobLinker = (job: Job) => string | undefined;

/** What links are built from: the global template, the app id, and the catalog's overrides. */
export interface AtsLinkSettings {
  /** The deployment's URL template; none means no links unless a template has its own. */
  urlTemplate?: string;
  appId: string;
  catalog: readonly TemplateEntry[];
}

/**
 * The linker for a deployment: a template's own `atsJobUrlTemplate` wins over the global one. A
 * job ATS has not started (no ATS job id) gets no link.
 */
export function atsJobLinker(settings: AtsLinkSettings): AtsJobLinker {
  return (job) => {
    if (!job.atsJobId) return undefined;
    const template = findTemplate(settings.catalog, job)?.atsJobUrlTemplate ?? settings.urlTemplate;
    if (!template) return undefined;
    return fillUrlTemplate(template, {
      appId: settings.appId,
      jobId: job.atsJobId,
      ...(job.templateId ? { templateId: job.templateId } : {}),
    });
  };
}

/** No links (no template configured). */
export const NO_ATS_LINKS: AtsJobLinker = () => undefined;
