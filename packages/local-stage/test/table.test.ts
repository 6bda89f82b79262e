/** The local table is created from the handler's definition, which must match Terraform's global table. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTableInput } from '@items-api/handler/table';
import { terraformTable } from './support/terraform.ts';

describe('the local table definition', () => {
  it('has the key schema of the Terraform global-table module', async () => {
    const terraform = await terraformTable();
    const local = createTableInput('items-local');
    const keyOfType = (type: 'HASH' | 'RANGE') => {
      const name = local.KeySchema?.find((key) => key.KeyType === type)?.AttributeName;
      if (name === undefined) return undefined;
      const attribute = local.AttributeDefinitions?.find((a) => a.AttributeName === name);
      return { name, type: attribute?.AttributeType as string };
    };
    assert.deepEqual(keyOfType('HASH'), terraform.hashKey);
    assert.deepEqual(keyOfType('RANGE'), terraform.rangeKey);
    assert.deepEqual(
      (local.AttributeDefinitions ?? []).map((a) => ({ name: a.AttributeName, type: a.AttributeType })),
      terraform.attributes,
    );
    assert.equal(local.BillingMode, terraform.billingMode);
  });
});
