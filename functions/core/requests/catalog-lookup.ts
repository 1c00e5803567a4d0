import type { TemplateEntry } from './catalog';

/** What names a template: the alias people type, the ATS template id, or both (as a job does). */
export interface TemplateRef {
  templateAlias?: string;
  templateId?: string;
}

/**
 * The catalog entry `ref` names, by one rule wherever a template is looked up (a typed command, a
 * rerun's access check, a job's start, its outcome): the entry with that alias first; only when
 * no alias matches, the first entry with that template id. Both compare regardless of case, as
 * people type them. The alias decides first because several aliases may run the same ATS
 * template, each with its own access rules and notifications.
 */
export function findTemplate(
  catalog: readonly TemplateEntry[],
  ref: TemplateRef,
): TemplateEntry | undefined {
  const alias = ref.templateAlias?.toLowerCase();
  const templateId = ref.templateId?.toLowerCase();
  return (
    (alias === undefined ? undefined : catalog.find((e) => e.alias.toLowerCase() === alias)) ??
    (templateId === undefined
      ? undefined
      : catalog.find((e) => e.templateId.toLowerCase() === templateId))
  );
}
