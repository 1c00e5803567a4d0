import type { RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { BotConfig } from '../config';
import type { FunctionRole, StageNames } from '../stage-names';
import type { BotFunctionProps } from './bot-function';

/**
 * What the stack hands each construct that makes one of the two functions (`JobWorker`,
 * `SlackIngress`).
 */
export interface StageFunctionProps {
  readonly config: BotConfig;
  /** Names of the stage's functions and metrics namespace (and the worker's schedule group). */
  readonly names: StageNames;
  /** The jobs table. */
  readonly table: ITable;
  /** The function's own secret, holding only the secret values it reads. */
  readonly secret: ISecret;
  /** What happens to the function's log group when the stack is deleted. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The {@link BotFunctionProps} that follow from the function's role and the stage: its entry
 * `functions/<role>.ts`, its stage name and service name, the catalog bundled with it and the
 * configured logging.
 */
export function stageFunctionProps(
  props: StageFunctionProps,
  role: FunctionRole,
): Pick<
  BotFunctionProps,
  | 'entry'
  | 'functionName'
  | 'serviceName'
  | 'metricsNamespace'
  | 'catalogJson'
  | 'logLevel'
  | 'logRetention'
  | 'logRemovalPolicy'
> {
  const { config, names } = props;
  return {
    entry: `functions/${role}.ts`,
    functionName: names.functionName(role),
    serviceName: `ats-bot-${role}`,
    metricsNamespace: names.metricsNamespace,
    catalogJson: config.templatesJson,
    logLevel: config.logLevel,
    logRetention: config.logRetentionDays,
    logRemovalPolicy: props.removalPolicy,
  };
}
