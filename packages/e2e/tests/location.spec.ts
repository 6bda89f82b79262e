/**
 * `Location` resolves where the client addressed the API: a client that follows it with a GET reads the object it
 * created, whether the API is served at `/` (a custom domain without base path), under a stage (an execute-api
 * URL, `/dev/...`) or under a custom domain's base path. Every create (POST) and every replace (PUT that creates) of
 * the contract. Runs in both local shapes (projects `api` and `api-under-stage`) and against a deployed stage.
 */
import type { APIRequestContext, APIResponse } from '@playwright/test';
import type { ResourceName } from '@items-api/openapi/operations';
import { expect, freshKey, operationFor, operationsServing, pathTo, test, type Stored } from './support.ts';

/** Follows a response's Location as a client would: resolved against the URL the request went to. */
async function follow(response: APIResponse, get: (url: string) => Promise<APIResponse>): Promise<APIResponse> {
  const location = response.headers()['location'];
  expect(location, `Location on ${response.url()}`).toBeTruthy();
  return get(new URL(location as string, response.url()).toString());
}

/** A store's 201: its Location is the object's path (its resource's read) under the base URL, and reads the object. */
async function expectLocated(
  request: APIRequestContext,
  baseURL: string | undefined,
  resource: ResourceName,
  { object, response }: { object: Stored; response: APIResponse },
): Promise<void> {
  const read = operationFor(resource, 'read');
  if (!read) throw new Error(`${resource} declares no read for a Location to address`);
  expect(response.headers()['location']).toBe(`${new URL(baseURL as string).pathname}${pathTo(read, object)}`);
  const followed = await follow(response, (url) => request.get(url));
  expect(followed.status()).toBe(200);
  expect(await followed.json()).toEqual(object);
}

for (const { id, resource } of operationsServing('create')) {
  test(`${id}: Location is under the base URL the client used, and a GET of it reads the new object`, async ({
    request,
    baseURL,
    objects,
  }) => {
    await expectLocated(request, baseURL, resource, await objects.store(resource));
  });
}

for (const { id, resource } of operationsServing('replace')) {
  test(`${id} that creates: Location is under the base URL the client used, and a GET of it reads the object`, async ({
    request,
    baseURL,
    objects,
  }) => {
    await expectLocated(
      request,
      baseURL,
      resource,
      await objects.store(resource, { key: freshKey(resource, 'located') }),
    );
  });
}
