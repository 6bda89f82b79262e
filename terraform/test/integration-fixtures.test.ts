// lambda-api's tests plan the module against the bodies the contract renders with the integration kinds of
// tests/fixtures/variants.json overridden: committed so `tofu test` needs no generator, and held equal to what the
// contract renders today (`npm run generate` rewrites them).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fixtureVariants, renderFixture } from '../scripts/integration-fixtures.ts';

describe('lambda-api integration fixtures', () => {
  for (const [name, override] of fixtureVariants()) {
    it(`${name} is what the contract renders with ${JSON.stringify(override)}`, async () => {
      for (const [file, text] of await renderFixture(name, override))
        assert.equal(readFileSync(file, 'utf8'), text, `${file} is stale: npm run generate rewrites it`);
    });
  }
});
