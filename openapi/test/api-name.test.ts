/** `x-api-name` is the one place the API's name is set: every generated artifact that names the API follows it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadContract, readApiName } from '../src/contract.ts';
import { renderApiGatewayBody } from '../src/generators/apigateway-body.ts';
import { readInfrastructure } from '../src/generators/infrastructure.ts';
import { renderOperations } from '../src/generators/operations.ts';

const contract = await loadContract();
const renamed = structuredClone(contract);
renamed['x-api-name'] = 'orders';
const original = readApiName(contract);

describe('x-api-name', () => {
  it('names the problem types of the gateway responses and the direct integrations', () => {
    const body = renderApiGatewayBody(renamed);
    assert.ok(body.includes('urn:orders:problem:not-found'), 'a direct integration answers urn:orders:problem:…');
    assert.ok(body.includes('urn:orders:problem:unauthorized'), 'a gateway response answers urn:orders:problem:…');
    assert.ok(!body.includes(`urn:${original}:`), `nothing still says urn:${original}:`);
  });

  it('names the handler’s problem types, the resource server and the AWS resources', () => {
    assert.match(renderOperations(renamed), /export const problemTypeUriPrefix = "urn:orders:problem:" as const;/);
    assert.match(renderOperations(renamed), /export const apiName = "orders" as const;/);
    const infrastructure = readInfrastructure(renamed);
    assert.equal(infrastructure.apiName, 'orders');
    assert.equal(infrastructure.access.resourceServer, 'orders');
  });
});
