/** items' scopes, as the contract describes them (access control itself is tested in ../security.test.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { infrastructure } from '../../generated/operations.ts';
import { loadContract } from '../../src/contract.ts';
import { readAccess } from '../../src/security.ts';

const contract = await loadContract();
const itemsScopes = {
  'items:read': 'List and read items.',
  'items:write': 'Create, replace, patch and delete items.',
};

describe('the contract declares access control', () => {
  it("reads items' scopes: items:read lists and reads items, items:write writes them", () => {
    const { scopes } = readAccess(contract).oauth;
    assert.deepEqual(Object.fromEntries(Object.keys(itemsScopes).map((scope) => [scope, scopes[scope]])), itemsScopes);
  });
});

describe('infrastructure.json and operations.ts', () => {
  it("hold items' scopes in `access`", () => {
    const { scopes } = infrastructure.access;
    assert.deepEqual(
      Object.fromEntries(Object.keys(itemsScopes).map((scope) => [scope, (scopes as Record<string, string>)[scope]])),
      itemsScopes,
    );
  });
});
