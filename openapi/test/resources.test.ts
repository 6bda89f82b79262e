/**
 * `x-resources` and `x-resource`: what each declaration yields, and every way to get one wrong, named by its place.
 * The declarations tested are the contract's first resource's, edited in a copy; each copy's stored schema gains
 * properties of the kinds a declaration can name (a required string, a required integer, an optional string), so
 * every case runs whatever the resource stores. What the contract declares for a resource of its own is tested in
 * that resource's folder.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  deref,
  listOperations,
  loadContract,
  type ContractOperation,
  type Json,
  type JsonObject,
} from '../src/contract.ts';
import { renderInfrastructure } from '../src/generators/infrastructure.ts';
import { readIntegration } from '../src/integrations/index.ts';
import { readOperationResource, readResources, readSortKeyConditions, resourceActions } from '../src/resources.ts';
import { assertContractError } from './support/contract-errors.ts';
import { firstWithAction, named, operationNamed, operationObject } from './support/contract-operations.ts';

const contract = await loadContract();

/** The resource the tests edit: the contract's first (any would do), with its stored schema and partition key. */
const [resource, declared] = Object.entries(readResources(contract))[0] ?? assert.fail('the contract has no resource');
const { schema } = declared;
const key = declared.partitionKey.name;
/** Its own partition key, as declared: a valid one for the cases about something else. */
const ownKey = { name: key, chosenBy: declared.partitionKey.chosenBy };
const at = `#.x-resources.${resource}`;
const schemaPath = `components.schemas.${schema}`;

/** The properties every copy adds to the stored schema. */
const probes = { probeKey: { type: 'string' }, probeCount: { type: 'integer' }, probeNote: { type: 'string' } };
const requiredProbes = ['probeKey', 'probeCount'];

/** A copy of the contract with the resource's declaration replaced and its stored schema edited (probes added). */
function withResource(declaration: Json, editStored: (stored: JsonObject) => void = () => {}): JsonObject {
  const copy = structuredClone(contract);
  (copy['x-resources'] as JsonObject)[resource] = declaration;
  const stored = ((copy.components as JsonObject).schemas as JsonObject)[schema] as JsonObject;
  Object.assign(stored.properties as JsonObject, structuredClone(probes));
  stored.required = [...new Set([...(stored.required as string[]), ...requiredProbes])];
  editStored(stored);
  return copy;
}
const setSchemaOf = (name: string, propertySchema: JsonObject) => (stored: JsonObject) => {
  (stored.properties as JsonObject)[name] = propertySchema;
};

describe('x-resources', () => {
  it('reads the contract: each resource as declared, its key types from the stored schema', () => {
    const read = readResources(contract);
    const raw = contract['x-resources'] as Record<string, JsonObject>;
    assert.deepEqual(Object.keys(read), Object.keys(raw));
    const schemas = (contract.components as JsonObject).schemas as JsonObject;
    const keyType = (schemaName: string, name: string) => {
      const { type } = deref(contract, ((schemas[schemaName] as JsonObject).properties as JsonObject)[name]);
      return type === 'string' ? 'S' : type === 'number' || type === 'integer' ? 'N' : undefined;
    };
    for (const [name, { schema: schemaName, partitionKey, sortKey }] of Object.entries(raw)) {
      const keyOf = (declaration: Json | undefined) => {
        const { name: keyName, chosenBy } = declaration as { name: string; chosenBy: string };
        return { name: keyName, type: keyType(schemaName as string, keyName), chosenBy };
      };
      assert.deepEqual(
        read[name],
        {
          schema: schemaName,
          partitionKey: keyOf(partitionKey),
          ...(sortKey === undefined ? {} : { sortKey: keyOf(sortKey) }),
        },
        name,
      );
    }
  });

  it('derives each key type from the stored schema (integer and number -> N)', () => {
    const clientKey = { name: key, chosenBy: 'client' };
    for (const type of ['integer', 'number']) {
      const read = readResources(withResource({ schema, partitionKey: clientKey }, setSchemaOf(key, { type })));
      assert.equal(read[resource]?.partitionKey.type, 'N', type);
    }
  });

  it('takes a client-chosen sort key, and an API that stores nothing', () => {
    const read = readResources(
      withResource({ schema, partitionKey: ownKey, sortKey: { name: 'probeKey', chosenBy: 'client' } }),
    );
    assert.deepEqual(read[resource]?.sortKey, { name: 'probeKey', type: 'S', chosenBy: 'client' });
    const empty = structuredClone(contract);
    delete empty['x-resources'];
    assert.deepEqual(readResources(empty), {});
  });

  it('refuses a malformed declaration, naming the place', () => {
    const cases: [Json, string][] = [
      [7, `${at} must be { schema, partitionKey, sortKey? }`],
      [{ schema, partitionKey: ownKey, table: 'x' }, `${at} has unknown fields: table`],
      [
        { schema: 'Nope', partitionKey: ownKey },
        `${at}.schema must name a schema of components.schemas (found "Nope")`,
      ],
      [{ schema }, `${at}.partitionKey must be { name, chosenBy }`],
      [
        { schema, partitionKey: { chosenBy: 'server' } },
        `${at}.partitionKey.name must be the name of a property of ${schemaPath}`,
      ],
      [
        { schema, partitionKey: { name: 'noSuchProperty', chosenBy: 'server' } },
        `${at}.partitionKey.name "noSuchProperty" is not a property of ${schemaPath}`,
      ],
      [
        { schema, partitionKey: { name: 'constructor', chosenBy: 'server' } },
        `${at}.partitionKey.name "constructor" is not a property of ${schemaPath}`,
      ],
      [
        { schema, partitionKey: { name: 'probeNote', chosenBy: 'server' } },
        `${at}.partitionKey.name "probeNote" must be required in ${schemaPath}: every stored object has its key`,
      ],
      [
        { schema, partitionKey: { name: key, chosenBy: 'anyone' } },
        `${at}.partitionKey.chosenBy must be "server" (a UUID the API generates) or "client" (sent in the path)`,
      ],
      [
        { schema, partitionKey: { name: 'probeCount', chosenBy: 'server' } },
        `${at}.partitionKey: a key the server chooses is a UUID, so "probeCount" must be a string`,
      ],
      [
        { schema, partitionKey: ownKey, sortKey: { name: key, chosenBy: 'client' } },
        `${at}: the sort key and the partition key are one property`,
      ],
      [
        { schema, partitionKey: ownKey, sortKey: { name: 'probeKey', chosenBy: 'server' } },
        `${at}.sortKey.chosenBy must be "client"`,
      ],
    ];
    for (const [declaration, message] of cases)
      assertContractError(() => readResources(withResource(declaration)), message);
    const badName = structuredClone(contract);
    (badName['x-resources'] as JsonObject)['Bad-Name'] = { schema, partitionKey: ownKey };
    assertContractError(
      () => readResources(badName),
      '#.x-resources.Bad-Name: a resource name starts with a lower-case letter and holds only letters and digits',
    );
  });

  it('refuses a key DynamoDB cannot key on', () => {
    const unkeyable: [JsonObject, string][] = [
      [{ type: 'boolean' }, '"boolean"'],
      [{ type: 'array', items: {} }, '"array"'],
      [{ oneOf: [] }, '(none)'],
    ];
    for (const [keySchema, shown] of unkeyable) {
      assertContractError(
        () => readResources(withResource({ schema, partitionKey: ownKey }, setSchemaOf(key, keySchema))),
        `${at}.partitionKey.name "${key}" has type ${shown}; a DynamoDB key is a string (S) or a number (N)`,
      );
    }
  });
});

describe('x-resource', () => {
  /** The resource's read: the operation whose `x-resource` the tests replace. */
  const readOperation = firstWithAction(contract, 'read', resource);
  /** The read of `document`, its `x-resource` replaced (undefined removes it). */
  function readRead(declaration: Json | undefined, document: JsonObject = contract) {
    const copy = structuredClone(document);
    const operation = operationObject(copy, readOperation);
    if (declaration === undefined) delete operation['x-resource'];
    else operation['x-resource'] = declaration;
    const found = operationNamed(copy, readOperation.operationId);
    return readOperationResource(readResources(copy), found, readIntegration(found).dynamodbActions);
  }
  const where = `${named(readOperation)}: x-resource`;
  const missing = (operation: ContractOperation) =>
    `${named(operation)}: x-resource is missing: an operation that calls DynamoDB names the resource whose table it uses`;

  it('names each operation that calls DynamoDB with its resource and the action its DynamoDB call serves', () => {
    for (const operation of listOperations(contract)) {
      const { dynamodbActions } = readIntegration(operation);
      const declaration = readOperationResource(readResources(contract), operation, dynamodbActions);
      if (dynamodbActions.length === 0) assert.equal(declaration, null, operation.operationId);
      else if (declaration?.action) assert.deepEqual(dynamodbActions, [resourceActions[declaration.action]]);
    }
    assert.deepEqual(readRead({ name: resource }), { name: resource, action: null });
  });

  it('refuses an operation that calls DynamoDB without one, or names what does not exist', () => {
    const cases: [Json | undefined, string][] = [
      [undefined, missing(readOperation)],
      [resource, `${where} must be { name, action? }`],
      [{ name: resource, action: 'read', why: 1 }, `${where} has unknown fields: why`],
      [
        { name: 'nowhere', action: 'read' },
        `${where}.name "nowhere" is not a resource of #.x-resources (${Object.keys(readResources(contract)).join(', ')})`,
      ],
      [
        { name: resource, action: 'fetch' },
        `${where}.action "fetch" is not one of: list, query, create, read, replace, patch, delete (leave it out for a business rule written by hand)`,
      ],
      [
        { name: resource, action: 'delete' },
        `${where}.action delete is served with DynamoDB's DeleteItem: x-integration.dynamodbActions must be [DeleteItem] (declared: [GetItem])`,
      ],
    ];
    for (const [declaration, message] of cases) assertContractError(() => readRead(declaration), message);
  });

  it('holds the action to the shape of its path and key', () => {
    const sorted = withResource({ schema, partitionKey: ownKey, sortKey: { name: 'probeKey', chosenBy: 'client' } });
    assertContractError(
      () => readRead({ name: resource, action: 'read' }, sorted),
      `${where}.action read addresses the path parameters {${key}}, {probeKey} at the end of its path (path: ${readOperation.path})`,
    );
    const clientChosen = withResource({ schema, partitionKey: { name: key, chosenBy: 'client' } });
    const create: ContractOperation = {
      operationId: 'createProbe',
      method: 'post',
      path: `/${resource}`,
      operation: { 'x-resource': { name: resource, action: 'create' } },
    };
    assertContractError(
      () => readOperationResource(readResources(clientChosen), create, ['PutItem']),
      `POST /${resource} (createProbe): x-resource.action create generates the key, but ${resource}'s partition key is chosen by the client: create with replace (PUT) instead`,
    );
  });

  it('stops the generators', () => {
    const first =
      listOperations(contract).find((o) => readIntegration(o).dynamodbActions.length > 0) ??
      assert.fail('no operation calls DynamoDB');
    const copy = structuredClone(contract);
    delete operationObject(copy, first)['x-resource'];
    assertContractError(() => renderInfrastructure(copy), missing(first));
  });
});

describe('x-sort-key-condition', () => {
  /** The resource with the sort key `probeKey` (of `type`), and a query of one partition with `parameters`. */
  function readQuery(parameters: Json[], action: 'query' | 'read' = 'query', type = 'string') {
    const document = withResource(
      { schema, partitionKey: ownKey, sortKey: { name: 'probeKey', chosenBy: 'client' } },
      setSchemaOf('probeKey', { type }),
    );
    ((document.components as JsonObject).parameters as JsonObject).SortFrom = {
      name: 'sortFrom',
      in: 'query',
      schema: { type },
      'x-sort-key-condition': 'from',
    };
    const operation: ContractOperation = {
      operationId: 'queryProbe',
      method: 'get',
      path: `/${resource}/{${key}}`,
      operation: { parameters },
    };
    return readSortKeyConditions(document, readResources(document), operation, { name: resource, action });
  }
  const marked = (name: string, kind: Json, parameterSchema: Json = { type: 'string' }, extra: JsonObject = {}) => ({
    name,
    in: 'query',
    schema: parameterSchema,
    'x-sort-key-condition': kind,
    ...extra,
  });
  const where = (name: string) => `GET /${resource}/{${key}} (queryProbe): parameter "${name}": x-sort-key-condition`;

  it('reads the parameters a query marks, by kind, a $ref followed; a query without any has none', () => {
    assert.deepEqual(
      readQuery([
        { $ref: '#/components/parameters/Limit' },
        marked('sortPrefix', 'prefix'),
        { $ref: '#/components/parameters/SortFrom' },
        marked('sortTo', 'to'),
      ]),
      { prefix: 'sortPrefix', from: 'sortFrom', to: 'sortTo' },
    );
    assert.deepEqual(readQuery([{ $ref: '#/components/parameters/Limit' }]), {});
    assert.equal(readQuery([], 'read'), undefined);
    assert.deepEqual(readQuery([marked('sortFrom', 'from', { type: 'number' })], 'query', 'number'), {
      from: 'sortFrom',
    });
  });

  it('refuses a mark that is not on an optional query parameter of a query, of the sort key type, each kind once', () => {
    const cases: [Json[], string, ('query' | 'read')?, string?][] = [
      [
        [marked('sortPrefix', 'prefix')],
        `${where('sortPrefix')} belongs on a query (x-resource action query) of a resource with a sort key`,
        'read',
      ],
      [[marked('sortAfter', 'after')], `${where('sortAfter')} "after" is not one of: prefix, from, to`],
      [
        [marked('sortFrom', 'from'), marked('sortStart', 'from')],
        `${where('sortStart')}: sortFrom is the from condition already`,
      ],
      [
        [marked('sort', 'from', { type: 'string' }, { in: 'path' })],
        `${where('sort')} marks an optional query parameter`,
      ],
      [
        [marked('sortFrom', 'from', { type: 'string' }, { required: true })],
        `${where('sortFrom')} marks an optional query parameter`,
      ],
      [
        [marked('sortTo', 'to', { type: 'integer' })],
        `${where('sortTo')}: its schema's type must be the sort key's (string)`,
      ],
      [
        [marked('sortPrefix', 'prefix', { type: 'number' })],
        `${where('sortPrefix')} prefix (begins_with) takes a string sort key; probeKey is a number`,
        'query',
        'number',
      ],
    ];
    for (const [parameters, message, action, type] of cases)
      assertContractError(() => readQuery(parameters, action, type), message);
  });
});
