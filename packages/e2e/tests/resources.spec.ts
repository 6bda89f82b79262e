/**
 * Every resource of the contract (`x-resources`), through the operations it declares, with nothing in this file
 * naming one: a resource added to the contract is covered here without an edit. Each lifecycle stores an object at a
 * fresh key (created by the server, or put by the client at a key it chose), reads it back, finds it by listing or
 * querying, patches it, is refused a write at a stale version, deletes it and no longer finds it; a query whose
 * parameters put conditions on the sort key (`x-sort-key-condition`) reads by prefix and bounds. Request bodies are
 * the contract's own examples; responses are checked against the contract's schemas.
 */
import { operations, resources, type OperationId, type ResourceName } from '@items-api/openapi/operations';
import {
  declarationOf,
  etag,
  expect,
  expectProblem,
  expectSchema,
  freshKeyValue,
  json,
  mergePatch,
  path,
  test,
} from './support.ts';

type Action = 'list' | 'query' | 'create' | 'read' | 'replace' | 'patch' | 'delete';
type Stored = Record<string, unknown>;

/** A resource's operations by the shared action each serves (business rules are left to their own specs). */
function operationsOf(resource: ResourceName): Partial<Record<Action, OperationId>> {
  const found: Partial<Record<Action, OperationId>> = {};
  for (const [id, operation] of Object.entries(operations) as [OperationId, (typeof operations)[OperationId]][]) {
    const declared = operation.resource as { name: string; action: Action | null } | null;
    if (declared?.name === resource && declared.action !== null) found[declared.action] = id;
  }
  return found;
}

/** The operation's path with the stored object's key values in it. */
function pathOf(operationId: OperationId, stored: Stored): string {
  const template = operations[operationId].path as string;
  return path(template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(stored[name]))));
}

/** The example body the contract documents for the operation. */
function exampleBody(operationId: OperationId): Stored {
  const body = operations[operationId].requestBody as { example: unknown } | null;
  expect(body?.example, `${operationId} documents an example request body`).toBeTruthy();
  return structuredClone(body?.example) as Stored;
}

/** The schema the operation answers with on `status`. */
function schemaOf(operationId: OperationId, status: number): string {
  const schemas = operations[operationId].successSchemas as Record<string, string>;
  const name = schemas[String(status)];
  expect(name, `${operationId} answers ${status} with a schema`).toBeTruthy();
  return name as string;
}

const contentTypeOf = (operationId: OperationId) =>
  (operations[operationId].requestBody as { contentTypes: readonly string[] } | null)?.contentTypes[0] ===
  mergePatch['Content-Type']
    ? mergePatch
    : json;

for (const resource of Object.keys(resources) as ResourceName[]) {
  const declaration = declarationOf(resource);
  const ops = operationsOf(resource);
  const keyNames = [declaration.partitionKey.name, ...(declaration.sortKey ? [declaration.sortKey.name] : [])];

  test(`${resource}: stored, read, found, patched, refused at a stale version, deleted`, async ({ request }) => {
    const store = ops.create ?? ops.replace;
    expect(store, `${resource} declares create or replace`).toBeDefined();
    let stored: Stored;
    const cleanup: Stored[] = [];
    try {
      // Store: POST when the server chooses the key, else PUT at a fresh key with If-None-Match: *.
      if (ops.create) {
        const response = await request.post(pathOf(ops.create, {}), {
          data: exampleBody(ops.create),
          headers: contentTypeOf(ops.create),
        });
        expect(response.status(), await response.text()).toBe(201);
        stored = (await response.json()) as Stored;
        cleanup.push(stored);
        expectSchema(stored, schemaOf(ops.create, 201));
        expect(etag(response)).toBe('"1"');
        if (ops.read) expect(response.headers()['location']).toMatch(new RegExp(`${pathOf(ops.read, stored)}$`));
      } else {
        const key: Stored = { [declaration.partitionKey.name]: freshKeyValue(declaration.partitionKey.type, resource) };
        if (declaration.sortKey) key[declaration.sortKey.name] = freshKeyValue(declaration.sortKey.type, 'sort');
        cleanup.push(key);
        const replace = ops.replace as OperationId;
        const response = await request.put(pathOf(replace, key), {
          data: exampleBody(replace),
          headers: { ...contentTypeOf(replace), 'If-None-Match': '*' },
        });
        expect(response.status(), await response.text()).toBe(201);
        stored = (await response.json()) as Stored;
        expectSchema(stored, schemaOf(replace, 201));
        for (const name of keyNames) expect(stored[name]).toBe(key[name]);
        expect(etag(response)).toBe('"1"');
      }
      expect(stored.version).toBe(1);

      if (ops.read) {
        const response = await request.get(pathOf(ops.read, stored));
        expect(response.status(), await response.text()).toBe(200);
        expect(await response.json()).toEqual(stored);
      }

      const finder = ops.query ?? ops.list;
      if (finder) {
        const seen: Stored[] = [];
        let cursor: string | undefined;
        const matches = (candidate: Stored) => keyNames.every((name) => candidate[name] === stored[name]);
        do {
          const response = await request.get(pathOf(finder, stored), {
            params: { limit: 100, ...(cursor && { cursor }) },
          });
          expect(response.status(), await response.text()).toBe(200);
          const page = (await response.json()) as Record<string, unknown>;
          expectSchema(page, schemaOf(finder, 200));
          const list = Object.values(page).find(Array.isArray) as Stored[] | undefined;
          expect(list, `${finder} answers a list`).toBeDefined();
          seen.push(...(list ?? []));
          cursor = page.nextCursor as string | undefined;
        } while (cursor && !seen.some(matches));
        expect(seen.find(matches)).toEqual(stored);
      }

      let current = stored;
      if (ops.patch) {
        const response = await request.patch(pathOf(ops.patch, stored), {
          data: exampleBody(ops.patch),
          headers: { ...contentTypeOf(ops.patch), 'If-Match': '"1"' },
        });
        expect(response.status(), await response.text()).toBe(200);
        current = (await response.json()) as Stored;
        expectSchema(current, schemaOf(ops.patch, 200));
        expect(current.version).toBe(2);
        expect(etag(response)).toBe('"2"');
        for (const name of keyNames) expect(current[name]).toBe(stored[name]);
      }

      if (ops.replace && current.version !== 1) {
        const response = await request.put(pathOf(ops.replace, stored), {
          data: exampleBody(ops.replace),
          headers: { ...contentTypeOf(ops.replace), 'If-Match': '"1"' },
        });
        await expectProblem(response, 'precondition-failed');
      }

      if (ops.delete) {
        const response = await request.delete(pathOf(ops.delete, stored), {
          headers: { 'If-Match': `"${String(current.version)}"` },
        });
        expect(response.status(), await response.text()).toBe(204);
        if (ops.read) await expectProblem(await request.get(pathOf(ops.read, stored)), 'not-found');
      }
    } finally {
      if (ops.delete) {
        for (const key of cleanup) {
          const response = await request.delete(pathOf(ops.delete, key));
          expect([204, 404], `cleanup of ${JSON.stringify(key)}`).toContain(response.status());
        }
      }
    }
  });

  const conditions = ops.query
    ? ((operations[ops.query].resource as { sortKeyConditions?: Partial<Record<'prefix' | 'from' | 'to', string>> })
        .sortKeyConditions ?? {})
    : {};
  if (ops.query && ops.replace && declaration.sortKey && Object.keys(conditions).length > 0) {
    const [query, replace, sortKey] = [ops.query, ops.replace, declaration.sortKey];
    test(`${resource}: a query's conditions on the sort key (${Object.keys(conditions).join(', ')})`, async ({
      request,
    }) => {
      // Three objects in a fresh partition, in sort key order; a string sort key's first two share a prefix.
      const partition = freshKeyValue(declaration.partitionKey.type, resource);
      const base = sortKey.type === 'S' ? String(freshKeyValue('S', 'sort')) : '';
      const sortValues: (string | number)[] =
        sortKey.type === 'S' ? [`${base}-a-1`, `${base}-a-2`, `${base}-b-1`] : [1, 2, 3];
      const keys = sortValues.map((value) => ({ [declaration.partitionKey.name]: partition, [sortKey.name]: value }));
      try {
        for (const key of keys) {
          const response = await request.put(pathOf(replace, key), {
            data: exampleBody(replace),
            headers: { ...contentTypeOf(replace), 'If-None-Match': '*' },
          });
          expect(response.status(), await response.text()).toBe(201);
        }
        const read = async (params: Record<string, string | number>) => {
          const response = await request.get(pathOf(query, keys[0] as Stored), { params });
          expect(response.status(), await response.text()).toBe(200);
          const page = (await response.json()) as { items: Stored[] };
          return page.items.map((object) => object[sortKey.name]);
        };
        const [first, second, third] = sortValues as [string | number, string | number, string | number];
        if (conditions.prefix) expect(await read({ [conditions.prefix]: `${base}-a-` })).toEqual([first, second]);
        if (conditions.from) expect(await read({ [conditions.from]: second })).toEqual([second, third]);
        if (conditions.to) expect(await read({ [conditions.to]: second })).toEqual([first, second]);
        if (conditions.from && conditions.to) {
          expect(await read({ [conditions.from]: second, [conditions.to]: second })).toEqual([second]);
          expect(await read({ [conditions.from]: third, [conditions.to]: first })).toEqual([]);
        }
        if (conditions.prefix && conditions.from) {
          const refused = await request.get(pathOf(query, keys[0] as Stored), {
            params: { [conditions.prefix]: `${base}-a-`, [conditions.from]: second },
          });
          await expectProblem(refused, 'validation-failed');
        }
      } finally {
        if (ops.delete)
          for (const key of keys) {
            const response = await request.delete(pathOf(ops.delete, key));
            expect([204, 404], `cleanup of ${JSON.stringify(key)}`).toContain(response.status());
          }
      }
    });
  }
}
