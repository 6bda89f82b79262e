/** `x-resources` and `x-resource`: what each declaration yields, and every way to get one wrong, named by its place. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listOperations, loadContract, type ContractOperation, type Json, type JsonObject } from '../src/contract.ts';
import { renderInfrastructure } from '../src/generators/infrastructure.ts';
import { readIntegration } from '../src/integrations/index.ts';
import { readOperationResource, readResources, readSortKeyConditions, resourceActions } from '../src/resources.ts';
import { assertContractError } from './support/contract-errors.ts';

const contract = await loadContract();

/** A copy of the contract with `x-resources.items` replaced and the Item schema edited. */
function withItems(declaration: Json | undefined, editItem: (item: JsonObject) => void = () => {}): JsonObject {
  const copy = structuredClone(contract);
  const resources = copy['x-resources'] as JsonObject;
  if (declaration === undefined) delete resources.items;
  else resources.items = declaration;
  editItem(((copy.components as JsonObject).schemas as JsonObject).Item as JsonObject);
  return copy;
}
const setIdSchema = (schema: JsonObject) => (item: JsonObject) => {
  (item.properties as JsonObject).id = schema;
};
const serverId = { name: 'id', chosenBy: 'server' };

describe('x-resources', () => {
  it('reads the contract: items keyed by a string id the server chooses, no sort key', () => {
    assert.deepEqual(readResources(contract).items, {
      schema: 'Item',
      partitionKey: { name: 'id', type: 'S', chosenBy: 'server' },
    });
  });

  it('derives each key type from the stored schema (integer and number -> N)', () => {
    const clientId = { name: 'id', chosenBy: 'client' };
    for (const type of ['integer', 'number']) {
      const read = readResources(withItems({ schema: 'Item', partitionKey: clientId }, setIdSchema({ type })));
      assert.equal(read.items?.partitionKey.type, 'N', type);
    }
  });

  it('takes a client-chosen sort key, and an API that stores nothing', () => {
    const read = readResources(
      withItems({ schema: 'Item', partitionKey: serverId, sortKey: { name: 'name', chosenBy: 'client' } }),
    );
    assert.deepEqual(read.items?.sortKey, { name: 'name', type: 'S', chosenBy: 'client' });
    const empty = structuredClone(contract);
    delete empty['x-resources'];
    assert.deepEqual(readResources(empty), {});
  });

  it('refuses a malformed declaration, naming the place', () => {
    const cases: [Json, string][] = [
      [7, '#.x-resources.items must be { schema, partitionKey, sortKey? }'],
      [{ schema: 'Item', partitionKey: serverId, table: 'x' }, '#.x-resources.items has unknown fields: table'],
      [
        { schema: 'Nope', partitionKey: serverId },
        '#.x-resources.items.schema must name a schema of components.schemas (found "Nope")',
      ],
      [{ schema: 'Item' }, '#.x-resources.items.partitionKey must be { name, chosenBy }'],
      [
        { schema: 'Item', partitionKey: { chosenBy: 'server' } },
        '#.x-resources.items.partitionKey.name must be the name of a property of components.schemas.Item',
      ],
      [
        { schema: 'Item', partitionKey: { name: 'sku', chosenBy: 'server' } },
        '#.x-resources.items.partitionKey.name "sku" is not a property of components.schemas.Item',
      ],
      [
        { schema: 'Item', partitionKey: { name: 'constructor', chosenBy: 'server' } },
        '#.x-resources.items.partitionKey.name "constructor" is not a property of components.schemas.Item',
      ],
      [
        { schema: 'Item', partitionKey: { name: 'description', chosenBy: 'server' } },
        '#.x-resources.items.partitionKey.name "description" must be required in components.schemas.Item: every stored object has its key',
      ],
      [
        { schema: 'Item', partitionKey: { name: 'id', chosenBy: 'anyone' } },
        '#.x-resources.items.partitionKey.chosenBy must be "server" (a UUID the API generates) or "client" (sent in the path)',
      ],
      [
        { schema: 'Item', partitionKey: { name: 'version', chosenBy: 'server' } },
        '#.x-resources.items.partitionKey: a key the server chooses is a UUID, so "version" must be a string',
      ],
      [
        { schema: 'Item', partitionKey: serverId, sortKey: serverId },
        '#.x-resources.items: the sort key and the partition key are one property',
      ],
      [
        { schema: 'Item', partitionKey: serverId, sortKey: { name: 'name', chosenBy: 'server' } },
        '#.x-resources.items.sortKey.chosenBy must be "client"',
      ],
    ];
    for (const [declaration, message] of cases)
      assertContractError(() => readResources(withItems(declaration)), message);
    const badName = structuredClone(contract);
    (badName['x-resources'] as JsonObject)['Bad-Name'] = { schema: 'Item', partitionKey: serverId };
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
    for (const [schema, shown] of unkeyable) {
      assertContractError(
        () => readResources(withItems({ schema: 'Item', partitionKey: serverId }, setIdSchema(schema))),
        `#.x-resources.items.partitionKey.name "id" has type ${shown}; a DynamoDB key is a string (S) or a number (N)`,
      );
    }
  });
});

describe('x-resource', () => {
  /** getItem (GET /items/{id}) of `document`, its `x-resource` replaced (undefined removes it). */
  function readGetItem(declaration: Json | undefined, document: JsonObject = contract) {
    const copy = structuredClone(document);
    const operation = ((copy.paths as JsonObject)['/items/{id}'] as JsonObject).get as JsonObject;
    if (declaration === undefined) delete operation['x-resource'];
    else operation['x-resource'] = declaration;
    const found = listOperations(copy).find((o) => o.operationId === 'getItem') ?? assert.fail('getItem');
    return readOperationResource(readResources(copy), found, readIntegration(found).dynamodbActions);
  }
  const where = 'GET /items/{id} (getItem): x-resource';

  it('names each operation that calls DynamoDB with its resource and the action its DynamoDB call serves', () => {
    for (const operation of listOperations(contract)) {
      const { dynamodbActions } = readIntegration(operation);
      const declared = readOperationResource(readResources(contract), operation, dynamodbActions);
      if (dynamodbActions.length === 0) assert.equal(declared, null, operation.operationId);
      else if (declared?.action) assert.deepEqual(dynamodbActions, [resourceActions[declared.action]]);
    }
    assert.deepEqual(readGetItem({ name: 'items' }), { name: 'items', action: null });
  });

  it('refuses an operation that calls DynamoDB without one, or names what does not exist', () => {
    const cases: [Json | undefined, string][] = [
      [undefined, `${where} is missing: an operation that calls DynamoDB names the resource whose table it uses`],
      ['items', `${where} must be { name, action? }`],
      [{ name: 'items', action: 'read', why: 1 }, `${where} has unknown fields: why`],
      [
        { name: 'nowhere', action: 'read' },
        `${where}.name "nowhere" is not a resource of #.x-resources (${Object.keys(readResources(contract)).join(', ')})`,
      ],
      [
        { name: 'items', action: 'fetch' },
        `${where}.action "fetch" is not one of: list, query, create, read, replace, patch, delete (leave it out for a business rule written by hand)`,
      ],
      [
        { name: 'items', action: 'delete' },
        `${where}.action delete is served with DynamoDB's DeleteItem: x-integration.dynamodbActions must be [DeleteItem] (declared: [GetItem])`,
      ],
    ];
    for (const [declaration, message] of cases) assertContractError(() => readGetItem(declaration), message);
  });

  it('holds the action to the shape of its path and key', () => {
    const sorted = withItems({ schema: 'Item', partitionKey: serverId, sortKey: { name: 'name', chosenBy: 'client' } });
    assertContractError(
      () => readGetItem({ name: 'items', action: 'read' }, sorted),
      `${where}.action read addresses the path parameters {id}, {name} at the end of its path (path: /items/{id})`,
    );
    const clientChosen = withItems({ schema: 'Item', partitionKey: { name: 'id', chosenBy: 'client' } });
    const create =
      listOperations(clientChosen).find((o) => o.operationId === 'createItem') ?? assert.fail('createItem');
    assertContractError(
      () => readOperationResource(readResources(clientChosen), create, ['PutItem']),
      "POST /items (createItem): x-resource.action create generates the key, but items's partition key is chosen by the client: create with replace (PUT) instead",
    );
  });

  it('stops the generators', () => {
    const copy = structuredClone(contract);
    delete (((copy.paths as JsonObject)['/items'] as JsonObject).get as JsonObject)['x-resource'];
    assertContractError(() => renderInfrastructure(copy), /^GET \/items \(listItems\): x-resource is missing/);
  });
});

describe('x-sort-key-condition', () => {
  /** items with a sort key `name` (of `type`), and a query of one id whose parameters are `parameters`. */
  function readQuery(parameters: Json[], action: 'query' | 'read' = 'query', type = 'string') {
    const document = withItems(
      {
        schema: 'Item',
        partitionKey: { name: 'id', chosenBy: 'client' },
        sortKey: { name: 'name', chosenBy: 'client' },
      },
      (item) => {
        (item.properties as JsonObject).name = { type };
      },
    );
    ((document.components as JsonObject).parameters as JsonObject).NameFrom = {
      name: 'nameFrom',
      in: 'query',
      schema: { type },
      'x-sort-key-condition': 'from',
    };
    const operation: ContractOperation = {
      operationId: 'queryItems',
      method: 'get',
      path: '/items/{id}',
      operation: { parameters },
    };
    return readSortKeyConditions(document, readResources(document), operation, { name: 'items', action });
  }
  const marked = (name: string, kind: Json, schema: Json = { type: 'string' }, extra: JsonObject = {}) => ({
    name,
    in: 'query',
    schema,
    'x-sort-key-condition': kind,
    ...extra,
  });
  const where = (name: string) => `GET /items/{id} (queryItems): parameter "${name}": x-sort-key-condition`;

  it('reads the parameters a query marks, by kind, a $ref followed; a query without any has none', () => {
    assert.deepEqual(
      readQuery([
        { $ref: '#/components/parameters/Limit' },
        marked('namePrefix', 'prefix'),
        { $ref: '#/components/parameters/NameFrom' },
        marked('nameTo', 'to'),
      ]),
      { prefix: 'namePrefix', from: 'nameFrom', to: 'nameTo' },
    );
    assert.deepEqual(readQuery([{ $ref: '#/components/parameters/Limit' }]), {});
    assert.equal(readQuery([], 'read'), undefined);
    assert.deepEqual(readQuery([marked('nameFrom', 'from', { type: 'number' })], 'query', 'number'), {
      from: 'nameFrom',
    });
  });

  it('refuses a mark that is not on an optional query parameter of a query, of the sort key type, each kind once', () => {
    const cases: [Json[], string, ('query' | 'read')?, string?][] = [
      [
        [marked('namePrefix', 'prefix')],
        `${where('namePrefix')} belongs on a query (x-resource action query) of a resource with a sort key`,
        'read',
      ],
      [[marked('nameAfter', 'after')], `${where('nameAfter')} "after" is not one of: prefix, from, to`],
      [
        [marked('nameFrom', 'from'), marked('nameStart', 'from')],
        `${where('nameStart')}: nameFrom is the from condition already`,
      ],
      [
        [marked('name', 'from', { type: 'string' }, { in: 'path' })],
        `${where('name')} marks an optional query parameter`,
      ],
      [
        [marked('nameFrom', 'from', { type: 'string' }, { required: true })],
        `${where('nameFrom')} marks an optional query parameter`,
      ],
      [
        [marked('nameTo', 'to', { type: 'integer' })],
        `${where('nameTo')}: its schema's type must be the sort key's (string)`,
      ],
      [
        [marked('namePrefix', 'prefix', { type: 'number' })],
        `${where('namePrefix')} prefix (begins_with) takes a string sort key; name is a number`,
        'query',
        'number',
      ],
    ];
    for (const [parameters, message, action, type] of cases)
      assertContractError(() => readQuery(parameters, action, type), message);
  });
});
