import { type RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { SECRET_PLACEHOLDER } from '../../functions/config';
import { secretKeysOf } from '../../functions/env';
import type { SecretHolder } from '../../functions/setting-spec';
import { type SecretName, settingSpec } from '../../functions/settings';
import { acknowledgeNagRule } from '../nag-acknowledgements';

/**
 * The placeholder document a created secret of `holder` starts with: the keys that function reads
 * (`secretKeysOf`), `SECRET_PLACEHOLDER` (`REPLACE_ME`, which the run time reports as not filled
 * in) for the required ones and `""` for the optional ATS username and password. It must never
 * change: CloudFormation rewrites the secret only when this template value changes, and that
 * would overwrite the values people filled in.
 */
export function secretPlaceholderDocument(
  holder: SecretHolder,
): Partial<Record<SecretName, string>> {
  return Object.fromEntries(
    // A secret the function needs starts as the placeholder, an optional one empty.
    secretKeysOf(holder).map((key) => [key, settingSpec(key).required ? SECRET_PLACEHOLDER : '']),
  );
}

/** What each function's secret is for, in the secret's description. */
const DESCRIPTION: Record<SecretHolder, string> = {
  ingress:
    'ATS Slack bot, Slack ingress: Slack signing secret and bot token. Fill with aws ' +
    'secretsmanager put-secret-value.',
  worker:
    'ATS Slack bot, job worker: Slack bot token, ATS AppAPIToken (and optional ' +
    'username/password). Fill with aws secretsmanager put-secret-value.',
};

/** Settings of {@link BotSecret}. */
export interface BotSecretProps {
  /** The function whose own secret this is: it decides the keys. */
  readonly holder: SecretHolder;
  /** Use this secret (complete ARN) instead of creating one. */
  readonly existingSecretArn?: string;
  /** Name of a created secret (the stage's, see `lib/stage-names.ts`). */
  readonly secretName: string;
  /** Applies to a created secret only; an existing one is never touched. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * One function's own Secrets Manager secret (JSON, the keys of `secretKeysOf(holder)`): the
 * ingress's holds the Slack signing secret and bot token, the worker's the bot token and the ATS
 * credentials, and each function may read only its own. Either created with placeholders for the
 * person deploying to fill (`aws secretsmanager put-secret-value`), or an existing one from
 * configuration. The function reads it at run time through the Parameters and Secrets Lambda
 * Extension; no value ever appears in a template or an environment variable.
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
    const placeholders = secretPlaceholderDocument(props.holder);
    const secret = new Secret(this, 'Secret', {
      secretName: props.secretName,
      description: DESCRIPTION[props.holder],
      secretObjectValue: Object.fromEntries(
        Object.entries(placeholders).map(([k, v]) => [k, SecretValue.unsafePlainText(v ?? '')]),
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
