import { mkdir, open, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { createHistoryTableInput } from '../aws/history-table';
import { createJobsTableInput } from '../aws/jobs-table';
import { createQuotasTableInput } from '../aws/quotas-table';
import { createSchedulesTableInput } from '../aws/schedules-table';
import { LocalModeError } from './local-mode-error';

/** Where the embedded DynamoDB keeps its data and what the jobs table is called. */
export interface EmbeddedDynamoOptions {
  /** LevelDB directory (created if missing); in memory when absent. */
  dataDir?: string;
  /** Default `ats-bot-jobs`. */
  tableName?: string;
  /** Default `ats-bot-schedules`. */
  schedulesTableName?: string;
}

/** A running embedded DynamoDB with its tables (jobs, schedules, quotas) and SDK clients. */
export interface EmbeddedDynamo {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  tableName: string;
  /** The table of schedules ({@link createSchedulesTableInput}). */
  schedulesTableName: string;
  /** The quotas table, beside the jobs table (`<tableName>-quotas`). */
  quotasTableName: string;
  /** The run history table, beside the jobs table (`<tableName>-history`). */
  historyTableName: string;
  /** True when the table already existed (a `dataDir` from an earlier run). */
  reopened: boolean;
  /** Destroys the clients and stops the server, flushing the data directory. */
  close(): Promise<void>;
}

/** Bounded wait for a table to become ACTIVE (dynalite is told to create it at once). */
const ACTIVE_CHECKS = 100;
const ACTIVE_CHECK_MS = 20;

/**
 * Starts dynalite in this process on 127.0.0.1 (port chosen by the OS), in memory or in
 * `dataDir`, and makes sure the jobs, schedules, quotas and history tables ({@link createJobsTableInput},
 * {@link createSchedulesTableInput}, {@link createQuotasTableInput},
 * {@link createHistoryTableInput}) exist, creating them on first
 * use. State in `dataDir` survives a restart.
 *
 * A `dataDir` is locked for this process (`local-mode.pid` in it) until `close()`: LevelDB allows
 * one process per directory and dynalite would crash on the second, so the second is refused first.
 *
 * @throws LocalModeError `EMBEDDED_DYNAMO_FAILED` when the directory cannot be created or opened,
 * another live process uses it, or the table cannot be created.
 */
export async function startEmbeddedDynamo(
  options: EmbeddedDynamoOptions = {},
): Promise<EmbeddedDynamo> {
  const tableName = options.tableName ?? 'ats-bot-jobs';
  const schedulesTableName = options.schedulesTableName ?? 'ats-bot-schedules';
  if (options.dataDir) {
    await mkdir(options.dataDir, { recursive: true }).catch((cause: unknown) => {
      throw new LocalModeError(
        'EMBEDDED_DYNAMO_FAILED',
        `DATA_DIR: cannot create directory ${options.dataDir}: ${describe(cause)}`,
        { cause },
      );
    });
  }
  const unlock = options.dataDir ? await lockDataDir(options.dataDir) : async () => {};
  const server = dynalite({
    ...(options.dataDir ? { path: options.dataDir } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await listen(server).catch(async (cause: unknown) => {
    await unlock();
    throw new LocalModeError(
      'EMBEDDED_DYNAMO_FAILED',
      `Embedded DynamoDB could not listen on 127.0.0.1: ${describe(cause)}`,
      { cause },
    );
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 2,
  });
  const doc = DynamoDBDocumentClient.from(client);
  const close = async () => {
    doc.destroy();
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await unlock();
  };
  try {
    const quotasTableName = `${tableName}-quotas`;
    const reopened = await ensureTable(client, createJobsTableInput(tableName));
    await ensureTable(client, createSchedulesTableInput(schedulesTableName));
    await ensureTable(client, createQuotasTableInput(quotasTableName));
    // Created on first use, also in a DATA_DIR written before history was kept.
    const historyTableName = `${tableName}-history`;
    await ensureTable(client, createHistoryTableInput(historyTableName));
    return {
      endpoint,
      client,
      doc,
      tableName,
      schedulesTableName,
      quotasTableName,
      historyTableName,
      reopened,
      close,
    };
  } catch (cause) {
    await close();
    const where = options.dataDir ? `DATA_DIR ${options.dataDir}` : 'the in-memory store';
    throw new LocalModeError(
      'EMBEDDED_DYNAMO_FAILED',
      `Embedded DynamoDB could not open ${where}: ${describe(cause)}`,
      { cause },
    );
  }
}

/** Resolves true when the table existed, false when it was created now; waits until ACTIVE. */
async function ensureTable(
  client: DynamoDBClient,
  input: CreateTableCommandInput,
): Promise<boolean> {
  const tableName = input.TableName;
  let existed = true;
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    existed = false;
    await client.send(new CreateTableCommand(input));
  }
  for (let check = 0; check < ACTIVE_CHECKS; check++) {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (out.Table?.TableStatus === 'ACTIVE') return existed;
    await new Promise((resolve) => setTimeout(resolve, ACTIVE_CHECK_MS));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}

/** Name of the lock file in a data directory: the pid of the process using it. */
export const DATA_DIR_LOCK_FILE = 'local-mode.pid';

/**
 * Takes the data directory for this process; resolves the release. A lock left by a process that
 * no longer runs is taken over.
 * @throws LocalModeError `EMBEDDED_DYNAMO_FAILED` when a live process holds it.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = join(dataDir, DATA_DIR_LOCK_FILE);
  // Two rounds: the second follows the removal of a stale lock.
  for (let round = 0; round < 2; round++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new LocalModeError(
          'EMBEDDED_DYNAMO_FAILED',
          `DATA_DIR: cannot lock ${dataDir}: ${describe(error)}`,
          { cause: error },
        );
      }
      const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
        throw new LocalModeError(
          'EMBEDDED_DYNAMO_FAILED',
          `DATA_DIR ${dataDir} is in use by another local-mode process (pid ${holder}); stop it or choose another DATA_DIR`,
        );
      }
      await rm(file, { force: true });
    }
  }
  throw new LocalModeError('EMBEDDED_DYNAMO_FAILED', `DATA_DIR: cannot lock ${dataDir}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
