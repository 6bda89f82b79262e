/** Every operation of the contract, on its success path, with response shapes checked against the contract. */
import { apiVersion, operations, type OperationId } from '@items-api/openapi/operations';
import { expect, expectSchema, nowhere, path, pathTo, resourceOf, test } from './support.ts';

/**
 * The operations with a test of their own below; any other operation of the contract gets the generic success test
 * at the end (on a fresh object of its resource when it serves one), so a new operation is covered without an edit
 * here, except the shared actions of resources, whose lifecycle resources.spec.ts runs (and a resource's own specs,
 * e.g. items/operations.spec.ts, in detail).
 */
const tested = {
  getHealth: 'getHealth: the API is up and says which version answers',
} as const satisfies Partial<Record<OperationId, string>>;

/** An operation serving a resource's shared action (list, read, …): resources.spec.ts runs each resource's lifecycle. */
const servesSharedAction = (operationId: OperationId) => resourceOf(operationId)?.action != null;
const untested = (Object.keys(operations) as OperationId[]).filter(
  (operationId) => !(operationId in tested) && !servesSharedAction(operationId),
);
for (const operationId of untested) {
  const { method, requestBody, successStatuses } = operations[operationId];
  test(`${operationId}: answers a documented success on a fresh object`, async ({ request, objects }) => {
    expect(requestBody, `${operationId} takes a body: give it a test of its own above`).toBeNull();
    const resource = resourceOf(operationId)?.name;
    const target = resource ? pathTo(operationId, (await objects.store(resource)).object) : nowhere(operationId);
    const response = await request.fetch(target, { method });
    expect(successStatuses as readonly number[], await response.text()).toContain(response.status());
  });
}

test(tested.getHealth, async ({ anonymous }) => {
  // Public: no token and no API key.
  const response = await anonymous.get(path('/health'));
  expect(response.status()).toBe(200);
  const health: unknown = await response.json();
  expectSchema(health, 'Health');
  expect(health).toMatchObject({ status: 'ok', version: apiVersion });
});
