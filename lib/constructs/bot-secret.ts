import { type RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { SECRET_PLACEHOLDER } from '../../functions/config';
import { SECRET_KEYS } from '../../functions/env';
import { settingSpec } from '../../functions/settings';
import { acknowledgeNagRule } from '../nag-acknowledgements';

/**
 * The placeholder document the created secret starts with: every key of `SECRET_KEYS`,
 * `SECRET_PLACEHOLDER` (`REPLACE_ME`, which the run time reports as not filled in) for the
 * required ones and `""` for the optional ATS username and password. It must never change: CloudFormation rewrites the secret only when this template value
 * changes, and that would overwrite the values people filled in.
 */
export function secretPlaceholderDocument(): Record<keyof typeof SECRET_KEYS, string> {
  const entries = (Object.keys(SECRET_KEYS) as (keyof typeof SECRET_KEYS)[]).map(
    // A secret the functions need starts as the placeholder, an optional one empty.
    (key) => [key, settingSpec(key).required ? SECRET_PLACEHOLDER : ''] as const,
  );
  return Object.fromEntries(entries) as Record<keyof typeof SECRET_KEYS, string>;
}

/** Settings of {@link BotSecret}. */
export interface BotSecretProps {
  /** Use this secret (complete ARN) instead of creating one. */
  readonly existingSecretArn?: string;
  /** Name of a created secret (the stage's, see `lib/stage-names.ts`). */
  readonly secretName: string;
  /** Applies to a created secret only; an existing one is never touched. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The Secrets Manager secret holding the Slack signing secret and bot token and the ATS
 * credentials (JSON, keys of `SECRET_KEYS`). Either created with placeholders for the person
 * deploying to fill (`aws secretsmanager put-secret-value`), or an existing one from
 * configuration. Functions read it at run time through the Parameters and Secrets Lambda Extension; no value ever
 * appears in a template or an environment variable.
 */
export class BotSecret extends Construct {
  /** The secret the functions read (created here or imported). */
  readonly secret: ISecret;
  /** True when this stack created (and owns) the secret. */
  readonly created: boolean;

  constructor(scope: Construct, id: string, props: BotSecretProps) {
    super(scope, id);
    if (props.existingSecretArn) {
      this.secret = Secret.fromSecretCompleteArn(this, 'Secret', props.existingSecretArn);
      this.created = false;
      return;
    }
    const placeholders = secretPlaceholderDocument();
    const secret = new Secret(this, 'Secret', {
      secretName: props.secretName,
      description:
        'ATS Slack bot: Slack signing secret and bot token, ATS AppAPIToken (and optional ' +
        'username/password). Fill with aws secretsmanager put-secret-value.',
      secretObjectValue: Object.fromEntries(
        Object.entries(placeholders).map(([k, v]) => [k, SecretValue.unsafePlainText(v)]),
      ),
      removalPolicy: props.removalPolicy,
    });
    acknowledgeNagRule(
      secret,
      'SMG4',
      'The values are issued by Slack (signing secret, bot token) and by ATS (AppAPIToken); ' +
        'neither can be rotated by a Lambda here, so they are rotated by hand in those tools ' +
        'and written with put-secret-value.',
    );
    this.secret = secret;
    this.created = true;
  }
}
