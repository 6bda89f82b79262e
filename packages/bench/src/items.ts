/**
 * The resource the benchmarks measure: the example resource `items`, whose getItem and createItem the peer stacks
 * (src/peers/) implement by hand and whose fields the suites send. Suites 1–4 and 6 need it; the development loop
 * (suite 5) measures the stack alone. A user may remove items from the contract
 * (`nx g @items-api/generators:resource items --remove`): it is looked up here by name, not through the generated
 * types, so the bench still typechecks, and its entry point skips the suites that measure items, saying why.
 */
import { operations, resources, type ResourceName } from '@items-api/openapi/operations';

/** A name as the generated types name a resource, whether or not they hold it (see `hasItems`). */
const asResourceName = (name: string) => name as ResourceName;

export const items = asResourceName('items');

export const hasItems = Object.hasOwn(resources, items);

/** Why the suites measuring items are skipped, for the log and the report. */
export const noItems =
  'the contract declares no `items` resource, which they measure (the peer stacks implement its operations by hand)';

/** The path of an items operation the peers implement; an error naming it when the contract has none. */
export function itemsOperationPath(operationId: 'getItem' | 'createItem'): string {
  const operation = (operations as Record<string, { path: string } | undefined>)[operationId];
  if (!operation) throw new Error(`${operationId}: ${noItems}`);
  return operation.path;
}
