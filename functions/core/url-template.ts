/*
 * URL templates: an address with `{appId}`, `{jobId}` and `{templateId}` where a job's values go.
 * Checked once where they are configured (settings, catalog), filled in for each job.
 */

/** The placeholders a URL template may hold, and what each stands for. */
const PLACEHOLDERS = /\{(appId|jobId|templateId)\}/g;

/**
 * True when `template` is an http(s) URL once its placeholders are filled in, holds no other
 * `{…}`, and carries no user name or password (which would end up in every message).
 */
export function isUrlTemplate(template: string): boolean {
  const filled = template.replaceAll(PLACEHOLDERS, 'x');
  if (/[{}\s]/.test(filled)) return false;
  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    return false;
  }
  return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
}

/** What the placeholders are filled with. */
export interface AtsLinkValues {
  appId?: string;
  jobId?: string;
  templateId?: string;
}

/**
 * The URL from a template, each placeholder filled with its value (URL-encoded); undefined when
 * the template needs a value that is not known (a watched job has no template id, a job ATS never
 * started has no job id): no link rather than a broken one.
 */
export function fillUrlTemplate(template: string, values: AtsLinkValues): string | undefined {
  let missing = false;
  const url = template.replaceAll(PLACEHOLDERS, (_, name: keyof AtsLinkValues) => {
    const value = values[name];
    if (!value) missing = true;
    return encodeURIComponent(value ?? '');
  });
  return missing ? undefined : url;
}
