/**
 * The dynamodb integration kind and the integration override: which operations the kind serves (and the clear
 * error for the others), what it renders into the body and infrastructure.json, and the override API the local
 * stage and CI's all-Lambda run use.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  ContractError,
  isObject,
  listOperations,
  loadContract,
  readProblemTypes,
  stringAt,
  type ContractOperation,
  type JsonObject,
} from '../src/contract.ts';
import { generate, generatedDir, renderGatewayArtifacts } from '../src/generate.ts';
import { renderApiGatewayBody, withoutTemplateVariables } from '../src/generators/apigateway-body.ts';
import type { Infrastructure } from '../src/generators/infrastructure.ts';
import { overrideIntegrations } from '../src/integration-override.ts';
import { integrationKinds, readIntegration } from '../src/integrations/index.ts';
import { readResources } from '../src/resources.ts';
import { directlyServed, operationObject } from './support/contract-operations.ts';

const contract = await loadContract();
/** The first resource the kind can serve, its read and delete served by it: what these tests render and edit. */
const { documented, document: served, override: direct, resource, read, delete: remove } = directlyServed(contract);

/** A required property of the resource's stored schema other than its partition key: one a sort key could be. */
function sortKeyCandidate(document: JsonObject): string {
  const { schema, partitionKey } = readResources(document)[resource] ?? assert.fail(resource);
  const stored = ((document.components as JsonObject).schemas as JsonObject)[schema] as JsonObject;
  const candidate = (stored.required as string[]).find((name) => name !== partitionKey.name);
  assert.ok(candidate, `${schema} has no required property but its key`);
  return candidate;
}

/** The served contract with `edit` applied to a copy of the read's or the delete's operation object. */
function editedOperation(operation: ContractOperation, edit: (operation: JsonObject, document: JsonObject) => void) {
  const document = structuredClone(served);
  edit(operationObject(document, operation), document);
  return document;
}

describe('integration override', () => {
  it('replaces only the named operations’ kinds, keeps their actions and leaves the contract as it was', () => {
    const before = JSON.stringify(contract);
    const overridden = overrideIntegrations(contract, direct);
    for (const operation of listOperations(overridden)) {
      const declared = readIntegration(operation);
      const original = readIntegration(listOperations(contract).find((o) => o.operationId === operation.operationId)!);
      assert.equal(declared.type, operation.operationId in direct.operations ? 'dynamodb' : original.type);
      assert.deepEqual(declared.dynamodbActions, original.dynamodbActions);
    }
    assert.equal(JSON.stringify(contract), before);
    for (const operation of listOperations(overrideIntegrations(overridden, { all: 'lambda' })))
      assert.equal(readIntegration(operation).type, 'lambda');
  });

  it('refuses an unknown operation or kind, and writing over the contract’s own artifacts', async () => {
    assert.throws(
      () => overrideIntegrations(contract, { operations: { [`${read.operationId}s`]: 'lambda' } }),
      new RegExp(`no operation "${read.operationId}s"`),
    );
    assert.throws(
      () => overrideIntegrations(contract, { operations: { [read.operationId]: 'lamda' as 'lambda' } }),
      new RegExp(`${read.operationId}: "lamda" is not one of: lambda, dynamodb`),
    );
    await assert.rejects(generate(generatedDir, undefined, { all: 'lambda' }), /write an overridden API elsewhere/);
  });

  it('renders infrastructure.json with the dynamodb kind’s operations and actions, taken off the Lambda’s', async () => {
    // Rendered from a contract file, as the local stage and the fixtures do: the contract with the 415s documented.
    const dir = await mkdtemp(join(tmpdir(), 'items-api-direct-'));
    const contractFile = join(dir, 'openapi.yaml');
    await writeFile(contractFile, JSON.stringify(documented));
    const { infrastructure } = await renderGatewayArtifacts(direct, contractFile).finally(() =>
      rm(dir, { recursive: true, force: true }),
    );
    const facts = JSON.parse(infrastructure) as Infrastructure;
    // The read and the delete, and the operations the contract itself serves directly (another resource's).
    const servedDirectly = listOperations(served)
      .filter((operation) => readIntegration(operation).type === 'dynamodb')
      .map((operation) => operation.operationId);
    for (const { operationId } of [read, remove]) assert.ok(servedDirectly.includes(operationId), operationId);
    assert.deepEqual(facts.integrations.dynamodb?.operations, servedDirectly);
    assert.deepEqual(facts.integrations.dynamodb?.dynamodbActions, ['dynamodb:DeleteItem', 'dynamodb:GetItem']);
    assert.deepEqual(facts.integrations.dynamodb?.tables[resource], ['dynamodb:DeleteItem', 'dynamodb:GetItem']);
    // The Lambda keeps only what the operations it still serves call (an action both kinds use stays on both).
    const lambdaActions = listOperations(served)
      .map(readIntegration)
      .filter((declared) => declared.type === 'lambda')
      .flatMap((declared) => declared.dynamodbActions.map((action) => `dynamodb:${action}`));
    assert.deepEqual(facts.integrations.lambda?.dynamodbActions, [...new Set(lambdaActions)].sort());
    const allLambda = JSON.parse((await renderGatewayArtifacts({ all: 'lambda' })).infrastructure) as Infrastructure;
    assert.deepEqual(Object.keys(allLambda.integrations), ['lambda']);
  });
});

describe('dynamodb integration in the body', () => {
  const body = JSON.parse(renderApiGatewayBody(served)) as { paths: Record<string, Record<string, JsonObject>> };
  const problems = readProblemTypes(contract);

  for (const { operationId, path, method, action, success } of [
    { ...read, action: 'GetItem', success: '200' },
    { ...remove, action: 'DeleteItem', success: '204' },
  ]) {
    const operation = body.paths[path]![method]!;
    const integration = operation['x-amazon-apigateway-integration'] as JsonObject;

    it(`${operationId}: an aws integration calling ${action} with the role and Region Terraform fills in`, () => {
      assert.equal(integration.type, 'aws');
      assert.equal(integration.httpMethod, 'POST');
      assert.equal(integration.uri, `arn:aws:apigateway:\${dynamodb_region}:dynamodb:action/${action}`);
      assert.equal(integration.credentials, '${dynamodb_integration_role_arn}');
      assert.equal(integration.passthroughBehavior, 'never', 'no client body may reach DynamoDB unmapped');
      assert.equal(integration.timeoutInMillis, integrationKinds.dynamodb.timeoutMillis);
      assert.match(
        JSON.stringify(integration.requestTemplates),
        new RegExp(`\\$\\{dynamodb_table_names\\.${resource}\\}`),
      );
      assert.doesNotMatch(withoutTemplateVariables(JSON.stringify(integration)), /[$%]\{/);
    });

    it(`${operationId}: DynamoDB's 2xx maps to ${success}, its 4xx and 5xx to the problem template`, () => {
      const responses = integration.responses as Record<string, JsonObject>;
      assert.deepEqual(Object.keys(responses), ['default', '[45]\\d{2}']);
      assert.equal(responses.default!.statusCode, success);
      assert.equal(responses['[45]\\d{2}']!.statusCode, String(problems['internal-error']!.status));
      const failure = responses['[45]\\d{2}']!.responseParameters as JsonObject;
      assert.equal(failure['method.response.header.Content-Type'], "'application/problem+json'");
      if (success === '204') {
        assert.ok(!('method.response.header.Content-Type' in (responses.default!.responseParameters as JsonObject)));
      }
    });

    it(`${operationId}: every header a response mapping sets is declared on that method response`, () => {
      const methodResponses = operation.responses as Record<string, JsonObject>;
      for (const response of Object.values(integration.responses as Record<string, JsonObject>)) {
        const status = stringAt(response, 'statusCode', operationId);
        const declared = methodResponses[status]?.headers;
        assert.ok(isObject(declared), `${status} declares no headers`);
        for (const key of Object.keys(response.responseParameters as JsonObject))
          assert.ok(key.replace('method.response.header.', '') in declared, `${key} is not declared`);
      }
    });
  }
});

describe('dynamodb integration: what it refuses to serve', () => {
  const refused = (document: JsonObject, message: RegExp) =>
    assert.throws(
      () => renderApiGatewayBody(document),
      (error: unknown) => {
        assert.ok(error instanceof ContractError, String(error));
        assert.match(error.message, message);
        return true;
      },
    );

  it('any operation but one GetItem on a GET or one DeleteItem on a DELETE, naming it', () => {
    const others = listOperations(contract).filter(({ method, operation }) => {
      const actions = JSON.stringify((operation['x-integration'] as JsonObject).dynamodbActions);
      return !(method === 'get' && actions === '["GetItem"]') && !(method === 'delete' && actions === '["DeleteItem"]');
    });
    assert.ok(others.length > 0);
    for (const { operationId } of others) {
      const document = overrideIntegrations(contract, { operations: { [operationId]: 'dynamodb' } });
      const operation = listOperations(document).find((o) => o.operationId === operationId)!;
      refused(
        document,
        new RegExp(
          `\\(${operationId}\\): the dynamodb integration serves exactly one of GetItem on GET or DeleteItem on DELETE`,
        ),
      );
      assert.ok(operation);
    }
  });

  it('a resource with a sort key (its Query or its composite key is the function’s), naming it', () => {
    const document = editedOperation(read, (operation, edited) => {
      // Not the read action any more: its path would not hold the sort key.
      operation['x-resource'] = { name: resource };
      const declaration = (edited['x-resources'] as JsonObject)[resource] as JsonObject;
      declaration.sortKey = { name: sortKeyCandidate(edited), chosenBy: 'client' };
    });
    refused(
      document,
      new RegExp(
        `\\(${read.operationId}\\): the dynamodb integration serves resources keyed by a partition key alone; ${resource} has a sort key: serve it with the lambda integration`,
      ),
    );
  });

  it('a conditional delete without an If-Match parameter', () => {
    const document = editedOperation(remove, (operation) => {
      operation.parameters = [];
    });
    refused(
      document,
      new RegExp(
        `\\(${remove.operationId}\\): the dynamodb integration deletes conditionally on the If-Match header parameter`,
      ),
    );
  });

  it('an answer the operation does not document', () => {
    const document = editedOperation(remove, (operation) => {
      delete (operation.responses as JsonObject)['412'];
    });
    refused(
      document,
      new RegExp(
        `\\(${remove.operationId}\\): the dynamodb integration can answer 412, which the operation does not document`,
      ),
    );
  });

  it('an operation that does not document the 415 API Gateway answers a Content-Type other than JSON with', () => {
    for (const operation of [read, remove]) {
      const { operationId } = operation;
      const document = editedOperation(operation, (edited) => {
        delete (edited.responses as JsonObject)['415'];
      });
      refused(
        document,
        new RegExp(
          `\\(${operationId}\\): the dynamodb integration can answer 415, which the operation does not document`,
        ),
      );
    }
  });

  it('a parameter rule it cannot check in VTL', () => {
    const document = editedOperation(read, (operation) => {
      operation.parameters = [
        { name: 'verbose', in: 'query', required: false, schema: { type: 'string', enum: ['yes'] } },
      ];
    });
    refused(
      document,
      new RegExp(
        `\\(${read.operationId}\\): the dynamodb integration checks string parameters by maxLength, minLength and pattern only; "verbose" has \\["enum"\\]`,
      ),
    );
  });

  it('options, which it takes none of', () => {
    const document = editedOperation(read, (operation) => {
      operation['x-integration'] = { type: 'dynamodb', dynamodbActions: ['GetItem'], consistent: true };
    });
    refused(document, /"consistent" is not an option of the dynamodb integration \(it takes none\)/);
  });

  it('a stored property it cannot render', () => {
    const document = structuredClone(served);
    const { schema } = readResources(document)[resource] ?? assert.fail(resource);
    const stored = ((document.components as JsonObject).schemas as JsonObject)[schema] as JsonObject;
    (stored.properties as JsonObject).dimensions = { type: 'array', items: { type: 'number' } };
    refused(document, new RegExp(`cannot render ${schema}\\.dimensions`));
  });
});
