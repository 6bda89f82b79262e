/**
 * The dynamodb integration kind and the integration override: which operations the kind serves (and the clear
 * error for the others), what it renders into the body and infrastructure.json, and the override API the local
 * stage and CI's all-Lambda run use.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ContractError,
  isObject,
  listOperations,
  loadContract,
  readProblemTypes,
  stringAt,
  type JsonObject,
} from '../src/contract.ts';
import { generate, generatedDir, renderGatewayArtifacts } from '../src/generate.ts';
import { renderApiGatewayBody, withoutTemplateVariables } from '../src/generators/apigateway-body.ts';
import type { Infrastructure } from '../src/generators/infrastructure.ts';
import { overrideIntegrations } from '../src/integration-override.ts';
import { integrationKinds, readIntegration } from '../src/integrations/index.ts';

const contract = await loadContract();
const direct = { operations: { getItem: 'dynamodb', deleteItem: 'dynamodb' } } as const;
const served = overrideIntegrations(contract, direct);

/** The served contract with `edit` applied to a copy of getItem's or deleteItem's operation object. */
function editedOperation(operationId: string, edit: (operation: JsonObject, document: JsonObject) => void) {
  const document = structuredClone(served);
  const found = listOperations(document).find((o) => o.operationId === operationId);
  assert.ok(found);
  const item = (document.paths as JsonObject)[found.path] as JsonObject;
  edit(item[found.method] as JsonObject, document);
  return document;
}

describe('integration override', () => {
  it('replaces only the named operations’ kinds, keeps their actions and leaves the contract as it was', () => {
    const before = JSON.stringify(contract);
    for (const operation of listOperations(served)) {
      const declared = readIntegration(operation);
      const original = readIntegration(listOperations(contract).find((o) => o.operationId === operation.operationId)!);
      assert.equal(declared.type, operation.operationId in direct.operations ? 'dynamodb' : original.type);
      assert.deepEqual(declared.dynamodbActions, original.dynamodbActions);
    }
    assert.equal(JSON.stringify(contract), before);
    for (const operation of listOperations(overrideIntegrations(served, { all: 'lambda' })))
      assert.equal(readIntegration(operation).type, 'lambda');
  });

  it('refuses an unknown operation or kind, and writing over the contract’s own artifacts', async () => {
    assert.throws(
      () => overrideIntegrations(contract, { operations: { getItems: 'lambda' } }),
      /no operation "getItems"/,
    );
    assert.throws(
      () => overrideIntegrations(contract, { operations: { getItem: 'lamda' as 'lambda' } }),
      /getItem: "lamda" is not one of: lambda, dynamodb/,
    );
    await assert.rejects(generate(generatedDir, undefined, { all: 'lambda' }), /write an overridden API elsewhere/);
  });

  it('renders infrastructure.json with the dynamodb kind’s operations and actions, taken off the Lambda’s', async () => {
    const { infrastructure } = await renderGatewayArtifacts(direct);
    const facts = JSON.parse(infrastructure) as Infrastructure;
    // getItem and deleteItem, and the operations the contract itself serves directly (another resource's).
    const servedDirectly = listOperations(served)
      .filter((operation) => readIntegration(operation).type === 'dynamodb')
      .map((operation) => operation.operationId);
    assert.deepEqual(servedDirectly.slice(0, 2), ['getItem', 'deleteItem']);
    assert.deepEqual(facts.integrations.dynamodb?.operations, servedDirectly);
    assert.deepEqual(facts.integrations.dynamodb?.dynamodbActions, ['dynamodb:DeleteItem', 'dynamodb:GetItem']);
    assert.deepEqual(facts.integrations.dynamodb?.tables.items, ['dynamodb:DeleteItem', 'dynamodb:GetItem']);
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

  for (const { operationId, method, action, success } of [
    { operationId: 'getItem', method: 'get', action: 'GetItem', success: '200' },
    { operationId: 'deleteItem', method: 'delete', action: 'DeleteItem', success: '204' },
  ]) {
    const operation = body.paths['/items/{id}']![method]!;
    const integration = operation['x-amazon-apigateway-integration'] as JsonObject;

    it(`${operationId}: an aws integration calling ${action} with the role and Region Terraform fills in`, () => {
      assert.equal(integration.type, 'aws');
      assert.equal(integration.httpMethod, 'POST');
      assert.equal(integration.uri, `arn:aws:apigateway:\${dynamodb_region}:dynamodb:action/${action}`);
      assert.equal(integration.credentials, '${dynamodb_integration_role_arn}');
      assert.equal(integration.passthroughBehavior, 'never', 'no client body may reach DynamoDB unmapped');
      assert.equal(integration.timeoutInMillis, integrationKinds.dynamodb.timeoutMillis);
      assert.match(JSON.stringify(integration.requestTemplates), /\$\{dynamodb_table_names\.items\}/);
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
    for (const operationId of ['listItems', 'createItem', 'putItem', 'patchItem', 'getHealth']) {
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
    const document = editedOperation('getItem', (operation, edited) => {
      operation['x-resource'] = { name: 'items' };
      ((edited['x-resources'] as JsonObject).items as JsonObject).sortKey = { name: 'name', chosenBy: 'client' };
    });
    refused(
      document,
      /\(getItem\): the dynamodb integration serves resources keyed by a partition key alone; items has a sort key: serve it with the lambda integration/,
    );
  });

  it('a conditional delete without an If-Match parameter', () => {
    const document = editedOperation('deleteItem', (operation) => {
      operation.parameters = [];
    });
    refused(
      document,
      /\(deleteItem\): the dynamodb integration deletes conditionally on the If-Match header parameter/,
    );
  });

  it('an answer the operation does not document', () => {
    const document = editedOperation('deleteItem', (operation) => {
      delete (operation.responses as JsonObject)['412'];
    });
    refused(document, /\(deleteItem\): the dynamodb integration can answer 412, which the operation does not document/);
  });

  it('an operation that does not document the 415 API Gateway answers a Content-Type other than JSON with', () => {
    for (const operationId of ['getItem', 'deleteItem']) {
      const document = editedOperation(operationId, (operation) => {
        delete (operation.responses as JsonObject)['415'];
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
    const document = editedOperation('getItem', (operation) => {
      operation.parameters = [
        { name: 'verbose', in: 'query', required: false, schema: { type: 'string', enum: ['yes'] } },
      ];
    });
    refused(
      document,
      /\(getItem\): the dynamodb integration checks string parameters by maxLength, minLength and pattern only; "verbose" has \["enum"\]/,
    );
  });

  it('options, which it takes none of', () => {
    const document = editedOperation('getItem', (operation) => {
      operation['x-integration'] = { type: 'dynamodb', dynamodbActions: ['GetItem'], consistent: true };
    });
    refused(document, /"consistent" is not an option of the dynamodb integration \(it takes none\)/);
  });

  it('an Item property it cannot render', () => {
    const document = structuredClone(served);
    const item = ((document.components as JsonObject).schemas as JsonObject).Item as JsonObject;
    (item.properties as JsonObject).dimensions = { type: 'array', items: { type: 'number' } };
    refused(document, /cannot render Item\.dimensions/);
  });
});
