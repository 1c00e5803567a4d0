// What a row of the settings table (`./settings.ts`) says, and how its accepted values are put
// in words for messages and docs.

/** Which process reads a setting's environment variable. */
export type RuntimeRole = 'ingress' | 'worker' | 'local';

/** The functions that each have a Secrets Manager secret of their own. */
export type SecretHolder = 'ingress' | 'worker';

/** Values a setting accepts. Messages and docs say them with {@link describeRule}. */
export type SettingRule =
  /** A whole number; said as "a whole number of <unit>" unless `what` names it otherwise. */
  | {
      readonly kind: 'integer';
      readonly min: number;
      readonly max?: number;
      readonly unit?: string;
      readonly what?: string;
    }
  | { readonly kind: 'decimal'; readonly min: number; readonly max: number; readonly unit: string }
  /** http(s), no user name or password in it; a missing trailing `/` is added. */
  | { readonly kind: 'url' }
  /** Trimmed text of 1 to `maxLength` characters; `what` names it in messages and docs. */
  | { readonly kind: 'text'; readonly maxLength?: number; readonly what?: string }
  /**
   * Text matching `pattern`; `what` says what that is ("an IAM role ARN"). A `hidden` value (a
   * token) is never repeated in a message.
   */
  | {
      readonly kind: 'pattern';
      readonly pattern: RegExp;
      readonly what: string;
      readonly hidden?: boolean;
    }
  | { readonly kind: 'choice'; readonly values: readonly (string | number)[] }
  | { readonly kind: 'email' }
  /** An IANA time zone the runtime knows (`Europe/Amsterdam`), kept in its canonical spelling. */
  | { readonly kind: 'timeZone' }
  /** An http(s) URL that may hold `{appId}`, `{jobId}`, `{templateId}` (`core/url-template.ts`). */
  | { readonly kind: 'urlTemplate' }
  /**
   * The templates catalog (`functions/core/requests/catalog.ts`): the JSON array itself, or the
   * path of a JSON file holding it.
   */
  | { readonly kind: 'catalog' }
  /** A secret value: text, never shown in a message. */
  | { readonly kind: 'secret' }
  /**
   * Slack ids whose first letter is one of `prefixes`, at most `maxItems`: a JSON array in
   * cdk.json, separated by commas in the variable.
   */
  | {
      readonly kind: 'slackIds';
      readonly prefixes: string;
      readonly maxItems: number;
      readonly what: string;
    };

/** One row of {@link SETTINGS}. */
export interface SettingSpec {
  /**
   * Who sets it: a `deployment` option in cdk.json (`atsBot.<name>`), a value the `stack` sets
   * from the resources it creates, a `secret` (Secrets Manager on AWS, the environment locally),
   * an environment variable read only in `local` mode and tests (never set on AWS), or a
   * lifecycle tunable fixed in `code` (no option or variable; tests may pass another value).
   */
  readonly scope: 'deployment' | 'stack' | 'secret' | 'local' | 'code';
  /** Environment variable that carries it, if any. */
  readonly env?: string;
  /**
   * What reads that variable: `config` (`loadRuntimeConfig`, every role), `secrets`
   * (`loadSecretsFromEnv`), `local` (`loadLocalConfig`), `powertools` (the logger itself).
   */
  readonly readBy?: 'config' | 'secrets' | 'local' | 'powertools';
  readonly rule: SettingRule;
  /** Value when unset. */
  readonly default?: string | number | readonly never[];
  /** What happens when unset, where no single value says it ("the polling policy"). */
  readonly unsetMeans?: string;
  /** Where it must be set: `deployment` (cdk.json) and the run-time roles that need it. */
  readonly required?: readonly ('deployment' | RuntimeRole)[];
  /**
   * For a secret: the functions whose own secret holds it. Each function can read only its own
   * secret, so the internet-facing ingress never holds the ATS credentials and the worker never
   * the Slack signing secret. Local mode reads every secret from its environment.
   */
  readonly secretOf?: readonly SecretHolder[];
  /** What it means, for people: one or two sentences. */
  readonly meaning: string;
}

/**
 * The accepted values in words, for messages and docs: "a whole number of milliseconds between
 * 1000 and 30000", "one of DEBUG, INFO, WARN, ERROR".
 */
export function describeRule(rule: SettingRule): string {
  switch (rule.kind) {
    case 'integer': {
      const of = rule.unit ? ` of ${rule.unit}` : '';
      return `${rule.what ?? `a whole number${of}`} ${range(rule.min, rule.max)}`;
    }
    case 'decimal':
      return `a number of ${rule.unit} ${range(rule.min, rule.max)}`;
    case 'url':
      return 'an http(s) URL';
    case 'text':
      if (rule.what) return rule.what;
      return rule.maxLength ? `text of 1-${rule.maxLength} characters` : 'text';
    case 'pattern':
      return rule.what;
    case 'choice':
      return `one of ${rule.values.join(', ')}`;
    case 'email':
      return 'an e-mail address';
    case 'timeZone':
      return 'an IANA time zone such as Europe/Amsterdam';
    case 'urlTemplate':
      return 'an http(s) URL, with {appId}, {jobId} and {templateId} where those values go';
    case 'catalog':
      return 'a JSON array of templates, or the path of a JSON file holding one';
    case 'secret':
      return 'text';
    case 'slackIds':
      return rule.what;
  }
}

function range(min: number, max: number | undefined): string {
  return max === undefined ? `of at least ${min}` : `between ${min} and ${max}`;
}
