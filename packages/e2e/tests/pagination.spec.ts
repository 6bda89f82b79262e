/**
 * Paging with `limit` and `cursor`, across more than one page: every list of the contract, and every query (its
 * objects in one fresh partition).
 */
import { operations, type OperationId, type ResourceName } from '@items-api/openapi/operations';
import {
  declarationOf,
  expect,
  expectSchema,
  freshKey,
  freshKeyValue,
  operationsServing,
  pathTo,
  test,
  type ObjectsFixture,
  type Stored,
} from './support.ts';

interface Page {
  items: Stored[];
  nextCursor?: string;
}

const paged = [...operationsServing('list'), ...operationsServing('query')];

/** The object's key values, as one string. */
const keyOf = (resource: ResourceName, object: Stored) => {
  const { partitionKey, sortKey } = declarationOf(resource);
  return JSON.stringify([object[partitionKey.name], sortKey && object[sortKey.name]]);
};

/**
 * Stores `count` objects that operation `id` reads: anywhere for a list, in one fresh partition for a query (the
 * sort key telling them apart). Answers them and where the operation reads them.
 */
async function storeFor(objects: ObjectsFixture, id: OperationId, resource: ResourceName, count: number) {
  const { partitionKey, sortKey } = declarationOf(resource);
  const partition = freshKey(resource, 'page');
  const query = operations[id].path.includes('{');
  const stored: Stored[] = [];
  for (let i = 0; i < count; i++) {
    const key =
      query && sortKey ? { ...partition, [sortKey.name]: freshKeyValue(sortKey.type, `page-${i}`) } : undefined;
    stored.push((await objects.store(resource, { ...(key && { key }) })).object);
  }
  return { stored, target: pathTo(id, { [partitionKey.name]: partition[partitionKey.name] }) };
}

for (const { id, resource } of paged) {
  const schema = (operations[id].successSchemas as Record<string, string>)['200'] as string;

  test(`${id}: every object is listed exactly once across pages`, async ({ request, objects }) => {
    const { stored, target } = await storeFor(objects, id, resource, 7);
    const ours = new Set(stored.map((object) => keyOf(resource, object)));

    const seen = new Map<string, Stored>();
    let pages = 0;
    let cursor: string | undefined;
    do {
      const response = await request.get(target, { params: { limit: 3, ...(cursor && { cursor }) } });
      expect(response.status(), await response.text()).toBe(200);
      const page = (await response.json()) as Page;
      expectSchema(page, schema);
      expect(page.items.length).toBeLessThanOrEqual(3);
      for (const object of page.items) {
        // Other runs may write concurrently on a shared stage; our own objects never repeat.
        const key = keyOf(resource, object);
        if (ours.has(key)) expect(seen.has(key), `${key} listed twice`).toBe(false);
        seen.set(key, object);
      }
      pages++;
      cursor = page.nextCursor;
    } while (cursor !== undefined);

    expect(pages).toBeGreaterThan(2);
    for (const key of ours) expect(seen.has(key), `${key} missing from the listing`).toBe(true);
  });

  test(`${id}: a limit of 1 pages one object at a time`, async ({ request, objects }) => {
    const { target } = await storeFor(objects, id, resource, 2);
    const first = (await (await request.get(target, { params: { limit: 1 } })).json()) as Page;
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toBeTruthy();
    const second = (await (
      await request.get(target, { params: { limit: 1, cursor: first.nextCursor as string } })
    ).json()) as Page;
    expect(second.items.length).toBeLessThanOrEqual(1);
    const [one, two] = [first.items[0], second.items[0]];
    if (one && two) expect(keyOf(resource, two)).not.toBe(keyOf(resource, one));
  });
}
