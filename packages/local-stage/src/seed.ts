/**
 * Sample data, created through the API (so every object goes through the contract, the handler and its rules) as an
 * authorized client: `count` objects of every resource the contract declares, each its store operation's example
 * body from the contract. A resource whose server chooses the key is stored by its create; any other by its replace
 * at sample keys of the key's type, fresh for each run, so seeding twice adds rather than overwrites.
 */
import { randomUUID } from 'node:crypto';
import { createItemsClient, unwrap, type ItemsClientOptions } from '@items-api/client';
import { infrastructure, operations, type OperationId } from '@items-api/openapi/operations';
import { operationServing } from '@items-api/openapi/resource-operations';

/** What seeding one resource made: the operation it called and the path of every object it stored. */
export interface SeededResource {
  resource: string;
  operationId: OperationId;
  paths: string[];
}

/** The operation that stores a new object of `resource`: its create, else its replace; undefined for neither. */
const storeOperationOf = (resource: string): OperationId | undefined =>
  operationServing(resource, 'create') ?? operationServing(resource, 'replace');

/** The `index`th sample value of a key of DynamoDB type `type`, under this run's `prefix`. */
function sampleKey(type: 'S' | 'N', prefix: number, index: number): string {
  return type === 'N' ? String(prefix * 1000 + index) : `sample-${prefix}-${index}`;
}

/** Stores `count` objects of `resource` through `request` (the client's); the paths they are stored at. */
async function seedResource(
  send: (method: string, path: string, body: unknown) => Promise<string>,
  resource: string,
  operationId: OperationId,
  count: number,
): Promise<string[]> {
  const { method, path, requestBody } = operations[operationId];
  const example = (requestBody as { example?: unknown } | null)?.example;
  if (example === undefined) throw new Error(`${operationId} documents no example body to seed ${resource} with`);
  const { partitionKey, sortKey } = infrastructure.tables[resource as keyof typeof infrastructure.tables] as {
    partitionKey: { name: string; type: 'S' | 'N' };
    sortKey?: { name: string; type: 'S' | 'N' };
  };
  // Fresh per run (up to 2^31, so a number key stays well inside the integers JSON and DynamoDB keep exactly).
  const prefix = Number.parseInt(randomUUID().slice(0, 8), 16) >>> 1;
  const keyOf = (name: string, index: number) =>
    sampleKey([partitionKey, sortKey].find((key) => key?.name === name)?.type ?? 'S', prefix, index);
  const paths: string[] = [];
  // A few at a time: fast, and gentle with a deployed stage's throttling.
  for (let start = 0; start < count; start += 8) {
    const batch = Array.from({ length: Math.min(8, count - start) }, (_, offset) => start + offset + 1);
    paths.push(
      ...(await Promise.all(
        batch.map((index) =>
          send(
            method,
            path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(keyOf(name, index))),
            example,
          ),
        ),
      )),
    );
  }
  return paths;
}

/** Creates `count` sample objects of every resource through the API `connection` reaches. */
export async function seedResources(connection: ItemsClientOptions, count: number): Promise<SeededResource[]> {
  const api = createItemsClient(connection);
  // Paths come from the contract at run time, so the typed client is called by method and path as data.
  const send = async (method: string, path: string, body: unknown): Promise<string> => {
    const call = api[method.toUpperCase() as 'POST' | 'PUT'] as (
      path: string,
      init: { body: unknown },
    ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
    const result = await call(path, { body });
    unwrap(result);
    return result.response.headers.get('Location') ?? path;
  };
  const seeded: SeededResource[] = [];
  for (const resource of Object.keys(infrastructure.tables)) {
    const operationId = storeOperationOf(resource);
    if (operationId === undefined) continue; // Nothing stores it through the API.
    seeded.push({ resource, operationId, paths: await seedResource(send, resource, operationId, count) });
  }
  return seeded;
}
