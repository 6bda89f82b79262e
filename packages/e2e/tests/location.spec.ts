/**
 * `Location` resolves where the client addressed the API: a client that follows it with a GET reads the item it
 * created, whether the API is served at `/` (a custom domain without base path), under a stage (an execute-api
 * URL, `/dev/...`) or under a custom domain's base path. Runs in both local shapes (projects `api` and
 * `api-under-stage`) and against a deployed stage.
 */
import type { APIResponse } from '@playwright/test';
import type { Item } from '@items-api/openapi/schema';
import { expect, json, newItem, path, test, uniqueId } from './support.ts';

/** Follows a response's Location as a client would: resolved against the URL the request went to. */
async function follow(response: APIResponse, get: (url: string) => Promise<APIResponse>): Promise<APIResponse> {
  const location = response.headers()['location'];
  expect(location, `Location on ${response.url()}`).toBeTruthy();
  return get(new URL(location as string, response.url()).toString());
}

test('POST: Location is under the base URL the client used, and a GET of it reads the new item', async ({
  request,
  baseURL,
  items,
}) => {
  const created = await request.post(path('/items'), { data: newItem(), headers: json });
  expect(created.status()).toBe(201);
  const item = (await created.json()) as Item;
  items.track(item.id);
  const base = new URL(baseURL as string);
  expect(created.headers()['location']).toBe(`${base.pathname}items/${item.id}`);
  const followed = await follow(created, (url) => request.get(url));
  expect(followed.status()).toBe(200);
  expect(await followed.json()).toEqual(item);
});

test('PUT that creates: Location is under the base URL the client used, and a GET of it reads the item', async ({
  request,
  baseURL,
  items,
}) => {
  const id = uniqueId('located');
  items.track(id);
  const created = await request.put(path(`/items/${id}`), { data: newItem(), headers: json });
  expect(created.status()).toBe(201);
  expect(created.headers()['location']).toBe(`${new URL(baseURL as string).pathname}items/${id}`);
  const followed = await follow(created, (url) => request.get(url));
  expect(followed.status()).toBe(200);
  expect(await followed.json()).toEqual(await created.json());
});
