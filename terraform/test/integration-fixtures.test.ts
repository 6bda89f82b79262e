// The lambda-api tests plan the module against two bodies the generator renders with the integration kinds
// overridden (tests/fixtures/direct: getItem and deleteItem served from DynamoDB; tests/fixtures/all-lambda):
// committed so `tofu test` needs no generator, and held equal to what the contract renders today.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { renderGatewayArtifacts, type IntegrationOverride } from '@items-api/openapi/generate';
import { terraformRoot } from './support/hcl.ts';

const fixtures: Record<string, IntegrationOverride> = {
  direct: { operations: { getItem: 'dynamodb', deleteItem: 'dynamodb' } },
  'all-lambda': { all: 'lambda' },
};

describe('lambda-api integration fixtures', () => {
  for (const [name, override] of Object.entries(fixtures)) {
    it(`${name} is what the contract renders with ${JSON.stringify(override)}`, async () => {
      const rendered = await renderGatewayArtifacts(override);
      const directory = path.join(terraformRoot, 'modules/lambda-api/tests/fixtures', name);
      const hint = `regenerate: npx tsx openapi/src/generate.ts --out DIR ${
        'all' in override
          ? `--all ${override.all}`
          : `--serve ${Object.entries(override.operations)
              .map(([id, kind]) => `${id}=${kind}`)
              .join(',')}`
      } and copy apigateway-body.json and infrastructure.json into ${directory}`;
      assert.equal(readFileSync(path.join(directory, 'apigateway-body.json'), 'utf8'), rendered.apiGatewayBody, hint);
      assert.equal(readFileSync(path.join(directory, 'infrastructure.json'), 'utf8'), rendered.infrastructure, hint);
    });
  }
});
