/** The response object is rebuilt from its resource's schema in the contract, whatever fields it has. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { resources, schemaProperties } from '@items-api/openapi/operations';
import { toItem } from '../../src/item.ts';
import { resourceDescriptors } from '../../src/resource.ts';

const items = resourceDescriptors.items;

it("the items resource's fields are its schema's (x-resources)", () => {
  assert.deepEqual(items.fields, schemaProperties[resources.items.schema]);
});

it('toItem keeps every Item field of the contract, in contract order, and nothing else', () => {
  const stored: Record<string, unknown> = { internalOnly: 'never returned', ttl: 1 };
  for (const field of [...schemaProperties.Item].reverse()) stored[field] = `value of ${field}`;
  const item = toItem(items, stored);
  assert.deepEqual(Object.keys(item), schemaProperties.Item);
  for (const field of schemaProperties.Item) assert.equal(item[field], `value of ${field}`);
});

it('toItem leaves out optional fields the stored item does not have', () => {
  const stored = { id: 'a', name: 'A', version: 1, createdAt: 't', updatedAt: 't', description: undefined };
  const item = toItem(items, stored);
  assert.deepEqual(
    Object.keys(item),
    schemaProperties.Item.filter((field) => stored[field as keyof typeof stored] !== undefined),
  );
  assert.ok(!('description' in item));
});
