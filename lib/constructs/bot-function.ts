import { ArnFormat, type Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogLevel,
  Architecture,
  type IDestination,
  type IFunction,
  LoggingFormat,
  ParamsAndSecretsLayerVersion,
  ParamsAndSecretsLogLevel,
  ParamsAndSecretsVersions,
  Runtime,
  SystemLogLevel,
} from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { JOBS_TABLE } from '../../functions/aws/jobs-table';
import { ENV } from '../../functions/env';
import { SETTINGS } from '../../functions/settings';
import type { BotConfig } from '../config';
import { acknowledgeNagRule, acknowledgeWildcardResources } from '../nag-acknowledgements';
import { PROJECT_ROOT } from '../project-root';
import {
  BUNDLED_CATALOG_FILE,
  type FileBesideBundle,
  filesBesideBundleHooks,
  stagedCatalog,
} from './bundled-catalog';

/** Names of the table's global secondary indexes. */
export type JobsIndexName = (typeof JOBS_TABLE.indexes)[keyof typeof JOBS_TABLE.indexes]['name'];

/** Item-level DynamoDB actions a function may be granted on the jobs table. */
export type JobsItemAction = 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem';

/**
 * Exactly what a function does with the jobs table: the item actions on the table and the
 * indexes it queries. Nothing else is granted (no Scan, no batch, no Query on the base table).
 */
export interface JobsTableAccess {
  readonly items: readonly JobsItemAction[];
  readonly queryIndexes: readonly JobsIndexName[];
}

/** A plain (non-secret) setting: a key of {@link ENV} and its value. */
export type BotSettings = Partial<Record<keyof typeof ENV, string | number>>;

/**
 * `NODE_OPTIONS` of every function: stack traces in the logs point at the TypeScript sources
 * through the bundle's source map (Node reads the map when it loads the bundle), and a 16 MiB
 * young generation: Node gives a 512 MB function only 1 MiB, so a GetJobStatus answer with
 * thousands of test cases would be copied by dozens of collections (`npm run bench:xml`).
 */
export const BOT_NODE_OPTIONS = '--enable-source-maps --max-semi-space-size=16';

/** What the Lambda bundles use instead of `@aws-sdk/credential-provider-node`. */
export const LAMBDA_CREDENTIALS_MODULE = 'functions/aws/lambda-credentials.ts';

/**
 * The Lambda runtime of every function. The bundles target the same major version
 * ({@link BOT_BUNDLING}) and the tests run on it too (the `node` devDependency).
 */
export const BOT_RUNTIME = Runtime.NODEJS_24_X;

/**
 * esbuild options shared by every function.
 *
 * - ESM: the entries and our code are ESM, top-level `await` works, and Powertools ships ESM
 *   builds. The banner gives bundled CommonJS dependencies (Bolt, axios, express) the
 *   `require` they call for Node built-ins, which ESM output does not have.
 * - `externalModules: []`: the AWS SDK v3 is bundled too instead of taken from the runtime.
 *   The runtime's copy changes without notice; bundling runs the versions pinned in
 *   package-lock.json and tested here, and tree-shaking keeps only the clients used.
 * - Local esbuild only: synth must work offline and without Docker.
 * - The SDK's default credential chain is replaced by {@link LAMBDA_CREDENTIALS_MODULE}, which
 *   reads the execution role's credentials Lambda puts in the environment, where the chain would
 *   stop anyway; the other sources it carries are ~120 KB of every bundle. The alias target is
 *   relative to the project root, where the local esbuild runs.
 */
export const BOT_BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node24',
  mainFields: ['module', 'main'],
  banner:
    "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);",
  externalModules: [],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  forceDockerBundling: false,
  esbuildArgs: { '--alias:@aws-sdk/credential-provider-node': `./${LAMBDA_CREDENTIALS_MODULE}` },
};

/** The version of {@link SECRETS_EXTENSION}: which regions have it depends on it (`lib/regions.ts`). */
export const SECRETS_EXTENSION_VERSION = ParamsAndSecretsVersions.V1_0_103;

/** The architecture of every function (Graviton: cheaper per millisecond, and fast to start). */
export const BOT_ARCHITECTURE = Architecture.ARM_64;

/**
 * The AWS Parameters and Secrets Lambda Extension every function reads the bot secret through
 * (`functions/aws/secrets.ts`): a local HTTP endpoint instead of a Secrets Manager SDK client in
 * each bundle, which keeps that client's code out of the cold start (`npm run bench:slack`). Its
 * cache is off because the functions keep the validated secret themselves and drop a secret that
 * fails validation, so filling in a placeholder takes effect on the next invocation.
 */
export const SECRETS_EXTENSION = ParamsAndSecretsLayerVersion.fromVersion(
  SECRETS_EXTENSION_VERSION,
  { cacheEnabled: false, logLevel: ParamsAndSecretsLogLevel.WARN },
);

/** Settings of one {@link BotFunction}. */
export interface BotFunctionProps {
  /** Entry file relative to the project root, e.g. `functions/job-worker.ts`. */
  readonly entry: string;
  /** The function's name; its log group is `/aws/lambda/<name>`. */
  readonly functionName: string;
  /** `POWERTOOLS_METRICS_NAMESPACE`: where the function's metrics go (the stage's). */
  readonly metricsNamespace: string;
  /**
   * The checked templates catalog as JSON (`BotConfig.templatesJson`): bundled with the code as
   * `catalog.json`, which `ATS_TEMPLATES` names. No catalog when absent.
   */
  readonly catalogJson?: string;
  readonly description: string;
  /** `POWERTOOLS_SERVICE_NAME`: tells the functions' log lines apart. */
  readonly serviceName: string;
  readonly logLevel: BotConfig['logLevel'];
  readonly logRetention: RetentionDays;
  /** What happens to the log group when the stack is deleted. */
  readonly logRemovalPolicy: RemovalPolicy;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Asynchronous invocations: where events go after the last retry. */
  readonly onFailure?: IDestination;
  /** Asynchronous invocations: retries after a failure (0-2). */
  readonly retryAttempts?: number;
  /**
   * esbuild arguments for this function only, added to those of {@link BOT_BUNDLING} (CDK's
   * `bundling.esbuildArgs`), e.g. the Slack ingress's `ingressEsbuildArgs()` aliases. Relative
   * paths in them resolve against the project root, where the local esbuild runs.
   */
  readonly esbuildArgs?: BundlingOptions['esbuildArgs'];
  /** Files the code reads at run time, copied beside its bundle (e.g. the chart renderer's). */
  readonly filesBesideBundle?: readonly FileBesideBundle[];
  /**
   * Reserved concurrency: at most this many instances, and that share of the account's
   * concurrency kept for this function. None (the shared pool) when absent.
   */
  readonly reservedConcurrentExecutions?: number;
}

/**
 * A Lambda function of the bot with the project's defaults: Node.js 24 on arm64, bundled and
 * minified by the local esbuild with source maps, its own log group with retention, JSON logs
 * through Powertools Logger, and a role that may only write its own logs until a `bind…`
 * helper grants more. Each `bind…` helper grants the IAM permissions and sets the environment
 * variable together, so a function never gets a name without the right, or the reverse.
 */
export class BotFunction extends NodejsFunction {
  /** The function's execution role (created here, never the AWS managed basic role). */
  readonly executionRole: Role;
  /** `POWERTOOLS_SERVICE_NAME`: the `service` dimension of the function's metrics. */
  readonly serviceName: string;

  /** @throws Error when the entry file does not exist (raised by NodejsFunction at synth). */
  constructor(scope: Construct, id: string, props: BotFunctionProps) {
    const besideBundle = [
      ...(props.catalogJson !== undefined ? [stagedCatalog(scope, props.catalogJson)] : []),
      ...(props.filesBesideBundle ?? []),
    ];
    // The log group and role are siblings because NodejsFunction needs them at construction.
    const logGroup = new LogGroup(scope, `${id}LogGroup`, {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.serviceName}`,
    });
    // Own log group only, instead of AWSLambdaBasicExecutionRole (logs on every group).
    logGroup.grantWrite(role);

    super(scope, id, {
      entry: `${PROJECT_ROOT}/${props.entry}`,
      handler: 'handler',
      functionName: props.functionName,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}/package-lock.json`,
      description: props.description,
      runtime: BOT_RUNTIME,
      architecture: BOT_ARCHITECTURE,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel[props.logLevel],
      // INFO keeps the platform.report lines (duration, memory, init) for the Insights queries.
      systemLogLevelV2: SystemLogLevel.INFO,
      onFailure: props.onFailure,
      retryAttempts: props.retryAttempts,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      paramsAndSecrets: SECRETS_EXTENSION,
      bundling: {
        ...BOT_BUNDLING,
        esbuildArgs: { ...BOT_BUNDLING.esbuildArgs, ...props.esbuildArgs },
        ...(besideBundle.length > 0 ? { commandHooks: filesBesideBundleHooks(besideBundle) } : {}),
      },
      environment: {
        NODE_OPTIONS: BOT_NODE_OPTIONS,
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
        [SETTINGS.logLevel.env]: props.logLevel,
        ...(props.catalogJson !== undefined ? { [ENV.templates]: BUNDLED_CATALOG_FILE } : {}),
      },
    });
    this.executionRole = role;
    this.serviceName = props.serviceName;

    acknowledgeNagRule(
      this,
      'L1',
      'nodejs24.x is pinned on purpose: the bundle targets node24 and the tests run on Node 24 ' +
        '(the `node` devDependency); moving to a newer runtime is a deliberate upgrade, not a ' +
        'side effect of a CDK bump.',
    );
  }

  /**
   * Sets plain, non-secret settings (keys of `ENV`, values stringified).
   * Secrets never go here: use {@link bindSecret}.
   */
  addSettings(settings: BotSettings): this {
    for (const [key, value] of Object.entries(settings)) {
      if (value === undefined) continue;
      this.addEnvironment(ENV[key as keyof typeof ENV], String(value));
    }
    return this;
  }

  /**
   * Grants exactly the item actions and index queries in `access` on the jobs table and sets
   * `JOBS_TABLE_NAME`.
   */
  bindJobsTable(table: ITable, access: JobsTableAccess): this {
    if (access.items.length > 0) {
      this.addToRolePolicy(
        new PolicyStatement({
          actions: access.items.map((a) => `dynamodb:${a}`),
          resources: [table.tableArn],
        }),
      );
    }
    if (access.queryIndexes.length > 0) {
      this.addToRolePolicy(
        new PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: access.queryIndexes.map((index) => `${table.tableArn}/index/${index}`),
        }),
      );
    }
    this.addEnvironment(ENV.jobsTableName, table.tableName);
    return this;
  }

  /**
   * Grants `secretsmanager:GetSecretValue` on the function's own secret, and no other (and
   * decrypt on its key, if it has a customer managed one), and sets `SECRET_ARN`: the only trace
   * of secrets in the environment is this ARN. The {@link SECRETS_EXTENSION} reads it with the function's role.
   */
  bindSecret(secret: ISecret): this {
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [secret.secretArn],
      }),
    );
    secret.encryptionKey?.grantDecrypt(this);
    this.addEnvironment(ENV.secretArn, secret.secretArn);
    return this;
  }

  /**
   * Grants the item actions the quota counters need on the quotas table (read one, create one,
   * update one conditionally) and sets `QUOTAS_TABLE_NAME`.
   */
  bindQuotasTable(table: ITable): this {
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [table.tableArn],
      }),
    );
    this.addEnvironment(ENV.quotasTableName, table.tableName);
    return this;
  }

  /**
   * Lets this function invoke the worker (and nothing else) and sets `WORKER_FUNCTION_NAME`.
   */
  bindWorker(worker: IFunction): this {
    worker.grantInvoke(this);
    this.addEnvironment(ENV.workerFunctionName, worker.functionName);
    acknowledgeWildcardResources(
      this.executionRole,
      [`${worker.functionArn}:*`],
      'lambda:InvokeFunction on "<worker ARN>:*" is how CDK grants invoking any version or ' +
        'alias of that one worker function; no other function is reachable.',
    );
    return this;
  }

  /**
   * Lets this function send messages to the hop queue (`sqs:SendMessage` on it alone: its event
   * source mapping hands them back) and sets `HOP_QUEUE_URL`.
   */
  bindHopQueue(queue: IQueue): this {
    this.addToRolePolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
    );
    this.addEnvironment(ENV.hopQueueUrl, queue.queueUrl);
    return this;
  }

  /**
   * Lets this function create schedules in `group` only, and pass only
   * `schedulerRole` to EventBridge Scheduler; sets `SCHEDULE_GROUP_NAME`, `SCHEDULER_ROLE_ARN`
   * and `POLL_DLQ_ARN` (the dead-letter queue every schedule names).
   */
  bindPollScheduling(group: IScheduleGroup, schedulerRole: IRole, deadLetterQueue: IQueue): this {
    const schedulesInGroup = Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${group.scheduleGroupName}/*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    this.addToRolePolicy(
      new PolicyStatement({
        // One-time poll schedules delete themselves after firing (ActionAfterCompletion DELETE);
        // the worker deletes one itself only when it is no longer needed (a start's watchdog, a
        // finished job's safety poll), and only in its own group.
        actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'],
        resources: [schedulesInGroup],
      }),
    );
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [schedulerRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    this.addEnvironment(ENV.scheduleGroupName, group.scheduleGroupName);
    this.addEnvironment(ENV.schedulerRoleArn, schedulerRole.roleArn);
    this.addEnvironment(ENV.pollDlqArn, deadLetterQueue.queueArn);
    acknowledgeWildcardResources(
      this.executionRole,
      [schedulesInGroup],
      'Poll schedules are named per job at run time, so the grant covers the schedules ' +
        'of the bot\'s own schedule group ("schedule/<group>/*") and nothing outside it.',
    );
    return this;
  }
}
