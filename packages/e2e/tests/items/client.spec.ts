/**
 * The typed client (packages/client) against a real server: proves it, and the server, end to end, with the
 * credentials a user has (client credentials at the stage's token URL and an API key).
 */
import { createItemsClient, etagOf, ifMatch, ItemsApiError, unwrap, type Schema } from '@items-api/client';
import { expect, newItem, test, uniqueId } from './support.ts';

test.describe('@items-api/client', () => {
  test('CRUD with conditional headers', async ({ access, items }) => {
    const api = createItemsClient(access.connection());
    const created = await api.POST('/items', { body: newItem() });
    expect(created.response.status).toBe(201);
    const item = created.data as Schema<'Item'>;
    items.track(item.id);
    expect(etagOf(created.response)).toBe('"1"');

    const read = await api.GET('/items/{id}', { params: { path: { id: item.id } } });
    expect(read.data).toEqual(item);

    const patched = await api.PATCH('/items/{id}', {
      params: { path: { id: item.id }, header: ifMatch(1) },
      body: { name: 'patched by the client' },
    });
    expect(patched.response.status).toBe(200);
    expect(patched.data?.name).toBe('patched by the client');

    const stale = await api.PATCH('/items/{id}', {
      params: { path: { id: item.id }, header: ifMatch(1) },
      body: { name: 'lost' },
    });
    expect(stale.response.status).toBe(412);
    expect(stale.error?.type).toMatch(/precondition-failed$/);

    const id = uniqueId('client-put');
    items.track(id);
    const put = await api.PUT('/items/{id}', { params: { path: { id } }, body: newItem() });
    expect(put.response.status).toBe(201);

    const deleted = await api.DELETE('/items/{id}', {
      params: { path: { id: item.id }, header: ifMatch(etagOf(patched.response) as string) },
    });
    expect(deleted.response.status).toBe(204);
    const gone = await api.GET('/items/{id}', { params: { path: { id: item.id } } });
    expect(gone.response.status).toBe(404);
    expect(() => unwrap(gone)).toThrow(ItemsApiError);
  });

  test('listAll walks every page', async ({ access, items }) => {
    const ours = new Set<string>();
    for (let i = 0; i < 5; i++) ours.add((await items.create()).item.id);
    const api = createItemsClient(access.connection());
    const found = new Set<string>();
    let pages = 0;
    for await (const page of api.pages('/items', { limit: 2 })) {
      pages++;
      for (const item of page.items) if (ours.has(item.id)) found.add(item.id);
    }
    expect(pages).toBeGreaterThan(2);
    expect(found).toEqual(ours);
    const all: Schema<'Item'>[] = [];
    for await (const item of api.listAll('/items', { limit: 2 })) all.push(item);
    for (const id of ours) expect(all.some((item) => item.id === id)).toBe(true);
  });

  test('the read-only client reads, and its writes are refused with 401 as ItemsApiError', async ({
    access,
    items,
  }) => {
    const { item } = await items.create();
    const reader = createItemsClient(access.connection('reader'));
    expect(unwrap(await reader.GET('/items/{id}', { params: { path: { id: item.id } } }))).toEqual(item);
    const refused = await reader.PATCH('/items/{id}', { params: { path: { id: item.id } }, body: { name: 'no' } });
    expect(refused.response.status).toBe(401);
    expect(() => unwrap(refused)).toThrow(ItemsApiError);
    expect(refused.error?.type).toMatch(/unauthorized$/);
  });
});
