/**
 * Conditional requests, for every resource through the operations it declares: the ETag is the object's version;
 * If-Match and If-None-Match guard writes. Bodies are the contract's examples.
 */
import type { APIRequestContext } from '@playwright/test';
import { operations, resources, type OperationId, type ResourceName } from '@items-api/openapi/operations';
import {
  contentTypeOf,
  etag,
  exampleOf,
  expect,
  expectProblem,
  freshKey,
  operationFor,
  pathTo,
  test,
  type Stored,
} from './support.ts';

/** Operation `id` on `object` (its example body, none for a bodiless one) with further `headers`. */
const send = (request: APIRequestContext, id: OperationId, object: Stored, headers: Record<string, string> = {}) =>
  request.fetch(pathTo(id, object), {
    method: operations[id].method,
    ...(operations[id].requestBody && { data: exampleOf(id) }),
    headers: { ...(operations[id].requestBody && contentTypeOf(id)), ...headers },
  });

for (const resource of Object.keys(resources) as ResourceName[]) {
  const read = operationFor(resource, 'read');
  const replace = operationFor(resource, 'replace');
  const patch = operationFor(resource, 'patch');
  const remove = operationFor(resource, 'delete');
  if (!read) continue; // Nothing to observe a write by.

  if (replace && patch)
    test(`${resource}: the ETag follows the version through every write`, async ({ request, objects }) => {
      const { object, response } = await objects.store(resource);
      expect(etag(response)).toBe(`"${String(object.version)}"`);
      const patched = await send(request, patch, object, { 'If-Match': etag(response) });
      expect(patched.status(), await patched.text()).toBe(200);
      expect(etag(patched)).toBe('"2"');
      const replaced = await send(request, replace, object, { 'If-Match': '"2"' });
      expect(replaced.status(), await replaced.text()).toBe(200);
      expect(etag(replaced)).toBe('"3"');
      const after = await request.get(pathTo(read, object));
      expect(etag(after)).toBe('"3"');
      expect(((await after.json()) as Stored).version).toBe(3);
    });

  if (replace && patch && remove)
    test(`${resource}: If-Match with a stale ETag refuses PUT, PATCH and DELETE`, async ({ request, objects }) => {
      const { object } = await objects.store(resource);
      const moved = await send(request, patch, object);
      expect(etag(moved)).toBe('"2"');
      const stale = { 'If-Match': '"1"' };
      for (const id of [replace, patch, remove])
        await expectProblem(await send(request, id, object, stale), 'precondition-failed');
      expect(await (await request.get(pathTo(read, object))).json()).toEqual(await moved.json());
    });

  if (remove)
    test(`${resource}: DELETE with the current ETag deletes`, async ({ request, objects }) => {
      const { object, response } = await objects.store(resource);
      expect((await send(request, remove, object, { 'If-Match': etag(response) })).status()).toBe(204);
      expect((await request.get(pathTo(read, object))).status()).toBe(404);
    });

  if (replace) {
    test(`${resource}: PUT with If-None-Match: * creates once, then refuses`, async ({ request, objects }) => {
      const key = freshKey(resource, 'create-only');
      objects.track(resource, key);
      const first = await send(request, replace, key, { 'If-None-Match': '*' });
      expect(first.status(), await first.text()).toBe(201);
      const created = (await first.json()) as Stored;
      await expectProblem(await send(request, replace, key, { 'If-None-Match': '*' }), 'precondition-failed');
      const after = await request.get(pathTo(read, key));
      expect(await after.json()).toEqual(created);
      expect(etag(after)).toBe('"1"');
    });

    test(`${resource}: PUT with If-Match on a missing object does not create it`, async ({ request }) => {
      const key = freshKey(resource, 'never');
      await expectProblem(await send(request, replace, key, { 'If-Match': '"1"' }), 'precondition-failed');
      expect((await request.get(pathTo(read, key))).status()).toBe(404);
    });
  }
}
