import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { createJobsTableInput } from '../../functions/aws/jobs-table';
import { createQuotasTableInput } from '../../functions/aws/quotas-table';

/** A running in-process dynalite and SDK clients pointed at it. */
export interface RunningDynalite {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  /** Creates a jobs table (unique name unless given) and resolves its name once ACTIVE. */
  createJobsTable(name?: string): Promise<string>;
  /** Creates a quotas table (unique name) and resolves its name once ACTIVE. */
  createQuotasTable(): Promise<string>;
  /** Destroys the clients and stops the server. */
  close(): Promise<void>;
}

let tableCounter = 0;
const ACTIVE_CHECKS = 100;

/**
 * Creates the jobs table (or the table `input` describes) under `tableName` and waits (boundedly) until dynalite reports it
 * ACTIVE: with `createTableMs` 0 that is the next tick.
 * @throws Error when the table is not ACTIVE after the checks.
 */
export async function createActiveJobsTable(
  client: DynamoDBClient,
  tableName: string,
  input: CreateTableCommandInput = createJobsTableInput(tableName),
): Promise<string> {
  await client.send(new CreateTableCommand(input));
  for (let check = 0; check < ACTIVE_CHECKS; check++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return tableName;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Table ${tableName} did not become ACTIVE`);
}

/**
 * Starts dynalite in memory on 127.0.0.1 (port chosen by the OS) with tables that become
 * ACTIVE at once, and returns clients with fake credentials. Call `close()` in `afterAll`.
 */
export async function startDynalite(): Promise<RunningDynalite> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const doc = DynamoDBDocumentClient.from(client);
  return {
    endpoint,
    client,
    doc,
    async createJobsTable(name?: string) {
      tableCounter += 1;
      const tableName = name ?? `jobs-${process.pid}-${Date.now().toString(36)}-${tableCounter}`;
      return createActiveJobsTable(client, tableName);
    },
    async createQuotasTable() {
      tableCounter += 1;
      const tableName = `quotas-${process.pid}-${Date.now().toString(36)}-${tableCounter}`;
      return createActiveJobsTable(client, tableName, createQuotasTableInput(tableName));
    },
    async close() {
      doc.destroy();
      client.destroy();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
