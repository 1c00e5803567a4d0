import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createQuotasTableInput } from '../../../functions/aws/quotas-table';
import { createActiveJobsTable, type RunningDynalite } from '../dynalite';

/**
 * dynalite as `startDynalite()` runs it (in memory, tables ACTIVE at once, 127.0.0.1, a free
 * port) and with the SDK's default retries, but on a worker thread of this process: the load run keeps the main thread busy with the
 * bot itself, and DynamoDB's own work then uses the second core instead of queueing behind it.
 * Call `close()` in `afterAll`.
 */
export async function startThreadedDynalite(): Promise<RunningDynalite> {
  const dynalitePath = createRequire(import.meta.url).resolve('dynalite');
  const worker = new Worker(
    `
    const { parentPort, workerData } = require('node:worker_threads');
    const server = require(workerData.dynalitePath)({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
    parentPort.on('message', () => server.close(() => parentPort.postMessage('closed')));
    `,
    { eval: true, workerData: { dynalitePath } },
  );
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    // The SDK's default retries, as the Lambda functions have them: under load a kept-alive
    // connection can be reset, which a real client retries.
  });
  const doc = DynamoDBDocumentClient.from(client);
  let tables = 0;
  return {
    endpoint,
    client,
    doc,
    async createJobsTable(name?: string) {
      tables += 1;
      const tableName = name ?? `jobs-reliability-${tables}`;
      return createActiveJobsTable(client, tableName);
    },
    async createQuotasTable() {
      tables += 1;
      const tableName = `quotas-reliability-${tables}`;
      return createActiveJobsTable(client, tableName, createQuotasTableInput(tableName));
    },
    async close() {
      doc.destroy();
      client.destroy();
      const closed = new Promise((resolve) => worker.once('message', resolve));
      worker.postMessage('close');
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      await worker.terminate();
    },
  };
}
