import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { Problem } from '../generated/schema.ts';
import {
  ContractError,
  isObject,
  listOperations,
  loadContract,
  readCors,
  readProblemTypes,
  type Json,
  type JsonObject,
} from '../src/contract.ts';
import {
  gatewayResponsesOfEveryOperation,
  renderApiGatewayBody,
  toGatewayModel,
  withoutTemplateVariables,
} from '../src/generators/apigateway-body.ts';
import { integrationKinds, readIntegration } from '../src/integrations/index.ts';
import { named, operationObject } from './support/contract-operations.ts';

const body = JSON.parse(
  await readFile(new URL('../generated/apigateway-body.json', import.meta.url), 'utf8'),
) as JsonObject;
const contract = await loadContract();
const paths = body.paths as Record<string, Record<string, JsonObject>>;

function walk(value: Json, visit: (node: JsonObject, path: string) => void, path = '#'): void {
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, visit, `${path}/${i}`));
  else if (isObject(value)) {
    visit(value, path);
    for (const [k, v] of Object.entries(value)) walk(v, visit, `${path}/${k}`);
  }
}

describe('API Gateway body', () => {
  it('gives every contract operation the integration its declared kind renders, and nothing else but CORS mocks', () => {
    const expected = new Map(listOperations(contract).map((o) => [`${o.method} ${o.path}`, o]));
    const integrated: string[] = [];
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const integration = operation['x-amazon-apigateway-integration'] as JsonObject;
        assert.ok(integration, `${method} ${path} has no integration`);
        if (method === 'options') {
          assert.equal(integration.type, 'mock', `OPTIONS ${path} must be a mock`);
          continue;
        }
        const contractOperation = expected.get(`${method} ${path}`);
        assert.ok(contractOperation, `${method} ${path} is not in the contract`);
        const declared = readIntegration(contractOperation);
        assert.deepEqual(
          integration,
          integrationKinds[declared.type].gatewayIntegration(declared, {
            document: contract,
            operation: contractOperation,
          }),
          `${method} ${path}`,
        );
        integrated.push(`${method} ${path}`);
      }
    }
    assert.deepEqual(integrated.sort(), [...expected.keys()].sort());
  });

  it('answers a CORS preflight on every path, with the methods the path has', () => {
    const cors = readCors(contract);
    for (const item of Object.values(paths)) {
      const integration = item.options?.['x-amazon-apigateway-integration'] as JsonObject;
      const headers = ((integration.responses as JsonObject).default as JsonObject).responseParameters as JsonObject;
      const methods = Object.keys(item)
        .filter((m) => m !== 'options')
        .map((m) => m.toUpperCase());
      assert.equal(
        headers['method.response.header.Access-Control-Allow-Methods'],
        `'${[...methods, 'OPTIONS'].join(',')}'`,
      );
      assert.equal(headers['method.response.header.Access-Control-Allow-Origin'], `'${cors.allowOrigin}'`);
    }
  });

  it('leaves request validation to the function, so a bad body gets the problem type and errors the contract says', () => {
    assert.equal(body['x-amazon-apigateway-request-validators'], undefined);
    assert.equal(body['x-amazon-apigateway-request-validator'], undefined);
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(item)) {
        assert.equal(operation['x-amazon-apigateway-request-validator'], undefined, `${method} ${path}`);
      }
    }
  });

  it('turns every gateway error into problem+json with CORS headers, and an unknown route into 404', () => {
    const problems = readProblemTypes(contract);
    const responses = body['x-amazon-apigateway-gateway-responses'] as Record<string, JsonObject>;
    for (const type of [
      'MISSING_AUTHENTICATION_TOKEN',
      'BAD_REQUEST_BODY',
      'BAD_REQUEST_PARAMETERS',
      'THROTTLED',
      'INTEGRATION_TIMEOUT',
      'INTEGRATION_FAILURE',
      'REQUEST_TOO_LARGE',
      'DEFAULT_4XX',
      'DEFAULT_5XX',
    ]) {
      assert.ok(responses[type], `no gateway response for ${type}`);
    }
    assert.equal(responses.MISSING_AUTHENTICATION_TOKEN?.statusCode, '404');
    for (const [type, response] of Object.entries(responses)) {
      const params = response.responseParameters as JsonObject;
      assert.equal(params['gatewayresponse.header.Content-Type'], "'application/problem+json'", type);
      assert.ok(params['gatewayresponse.header.Access-Control-Allow-Origin'], type);
      // What API Gateway sends once it substitutes $context: valid problem+json with the response's status.
      const template = (response.responseTemplates as JsonObject)['application/json'] as string;
      const rendered = template
        .replaceAll('$context.httpMethod', 'GET')
        .replaceAll('$context.path', '/nope')
        .replaceAll('$context.requestId', 'r-1');
      const problem = JSON.parse(rendered) as Problem;
      assert.equal(String(problem.status), response.statusCode, type);
      const key = problem.type.split(':').pop() ?? '';
      assert.equal(problems[key]?.status, problem.status, `${type} names an unknown problem type`);
    }
  });

  it('has every operation document each status API Gateway itself can answer it with', () => {
    const everyOperation = gatewayResponsesOfEveryOperation(readProblemTypes(contract));
    assert.deepEqual([...new Set(everyOperation.map((r) => r.status))].sort(), [413, 429, 500, 502, 504]);
    const responses = body['x-amazon-apigateway-gateway-responses'] as Record<string, JsonObject>;
    for (const { type, status } of everyOperation) assert.equal(responses[type]?.statusCode, String(status), type);
    for (const { operationId, operation } of listOperations(contract)) {
      const documented = Object.keys(operation.responses as JsonObject);
      for (const { status } of everyOperation)
        assert.ok(documented.includes(String(status)), `${operationId} ${status}`);
    }
  });

  it('refuses a contract where an operation leaves out a status the gateway can answer, naming both', () => {
    // Any operation will do: the last one, as the resource generator appends them.
    const operation = listOperations(contract).at(-1) ?? assert.fail('the contract has no operation');
    const tampered = structuredClone(contract);
    delete (operationObject(tampered, operation).responses as JsonObject)['504'];
    assert.throws(
      () => renderApiGatewayBody(tampered),
      (error: unknown) =>
        error instanceof ContractError &&
        error.message ===
          `${named(operation)} does not document 504, which API Gateway answers any operation with (INTEGRATION_TIMEOUT)`,
    );
  });

  it('holds nothing API Gateway import rejects or warns about', () => {
    const schemas = (body.components as JsonObject).schemas as JsonObject;
    for (const name of Object.keys(schemas)) assert.match(name, /^[A-Za-z0-9]+$/);
    const banned = [
      'example',
      'examples',
      'nullable',
      'discriminator',
      'readOnly',
      'writeOnly',
      'oneOf',
      'anyOf',
      'additionalProperties',
      'exclusiveMinimum',
      'exclusiveMaximum',
      'deprecated',
    ];
    walk(schemas, (node, path) => {
      for (const key of banned) assert.ok(!(key in node), `${path} has ${key}`);
      if (typeof node.format === 'string') assert.ok(!['int32', 'int64', 'decimal'].includes(node.format), path);
    });
    assert.equal(body.servers, undefined);
    assert.equal((body.components as JsonObject).responses, undefined, 'responses must be inlined');
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const p of (operation.parameters ?? []) as JsonObject[]) {
          assert.ok(
            Object.keys(p).every((k) => ['name', 'in', 'required', 'schema', 'description'].includes(k)),
            `${method} ${path}`,
          );
        }
      }
    }
  });

  it('keeps nullable fields open at the gateway (the handler checks them) and drops oneOf', () => {
    assert.deepEqual(toGatewayModel({ type: 'string', nullable: true, maxLength: 3 }), { maxLength: 3 });
    assert.deepEqual(toGatewayModel({ oneOf: [{ type: 'string' }, { type: 'number' }], description: 'x' }), {
      description: 'x',
    });
    assert.deepEqual(toGatewayModel({ type: 'integer', format: 'int64', example: 1 }), { type: 'integer' });
  });

  it("has no template syntax Terraform would interpret except the integration kinds' variables", () => {
    assert.doesNotMatch(withoutTemplateVariables(JSON.stringify(body)), /[$%]\{/);
    const tampered = structuredClone(contract);
    (tampered.info as JsonObject).title = 'Items ${oops}';
    assert.throws(() => renderApiGatewayBody(tampered), /templatefile/);
  });
});
