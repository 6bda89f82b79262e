/**
 * `x-resources` and each operation's `x-resource`: what the API stores and which operation does what to it.
 *
 * A resource is one DynamoDB table: its `schema` (a component schema: what the table holds and the API answers
 * with), its `partitionKey` and optional `sortKey` (required properties of that schema; the DynamoDB type follows
 * the property's type, string → S, number or integer → N) and who chooses each key value (`server`: a UUID on
 * create; `client`: sent in the path). An operation names its resource and, for the behaviour every resource
 * shares, its `action`; an operation with a resource but no action is the resource's own business rule, written
 * by hand. Every failure names its place in the contract.
 */
import {
  ContractError,
  deref,
  describeOperation,
  isObject,
  type ContractOperation,
  type DynamoDbKeyType,
  type JsonObject,
} from './contract.ts';
import type { DynamoDbAction } from './dynamodb-actions.ts';

/** The behaviour every resource can have, and the one DynamoDB action each is served with. */
export const resourceActions = {
  list: 'Scan',
  query: 'Query',
  create: 'PutItem',
  read: 'GetItem',
  replace: 'UpdateItem',
  patch: 'UpdateItem',
  delete: 'DeleteItem',
} as const satisfies Record<string, DynamoDbAction>;

export type ResourceAction = keyof typeof resourceActions;

/** Whether an action addresses one stored object by its whole key (in the path) or a collection. */
const addressesOne: Record<ResourceAction, boolean> = {
  list: false,
  query: false,
  create: false,
  read: true,
  replace: true,
  patch: true,
  delete: true,
};

export interface KeyDeclaration {
  name: string;
  type: DynamoDbKeyType;
  /** `server`: the API generates it (a UUID) on create; `client`: the client sends it in the path. */
  chosenBy: 'server' | 'client';
}

export interface ResourceDeclaration {
  /** The component schema of a stored object, as the API answers it. */
  schema: string;
  partitionKey: KeyDeclaration;
  sortKey?: KeyDeclaration;
}

/** An operation's `x-resource`: the resource it works on and, unless it is a business rule, its shared action. */
export interface OperationResource {
  name: string;
  action: ResourceAction | null;
}

const resourceNamePattern = /^[a-z][a-zA-Z0-9]*$/;

/** DynamoDB key types by the JSON Schema type of the key property. */
const keyTypes: Record<string, DynamoDbKeyType> = { string: 'S', number: 'N', integer: 'N' };

function readKey(
  document: JsonObject,
  raw: unknown,
  where: string,
  schemaName: string,
  stored: JsonObject,
): KeyDeclaration {
  if (!isObject(raw)) throw new ContractError(`${where} must be { name, chosenBy }`);
  const { name, chosenBy, ...rest } = raw;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new ContractError(`${where} has unknown fields: ${unknown.join(', ')}`);
  if (typeof name !== 'string' || name === '') {
    throw new ContractError(`${where}.name must be the name of a property of components.schemas.${schemaName}`);
  }
  const schemaPath = `components.schemas.${schemaName}`;
  const properties = isObject(stored.properties) ? stored.properties : {};
  if (!Object.hasOwn(properties, name))
    throw new ContractError(`${where}.name "${name}" is not a property of ${schemaPath}`);
  if (!Array.isArray(stored.required) || !stored.required.includes(name)) {
    throw new ContractError(
      `${where}.name "${name}" must be required in ${schemaPath}: every stored object has its key`,
    );
  }
  const schemaType = deref(document, properties[name]).type;
  const type = typeof schemaType === 'string' && Object.hasOwn(keyTypes, schemaType) ? keyTypes[schemaType] : undefined;
  if (type === undefined) {
    throw new ContractError(
      `${where}.name "${name}" has type ${JSON.stringify(schemaType) ?? '(none)'}; a DynamoDB key is a string (S) or a number (N)`,
    );
  }
  if (chosenBy !== 'server' && chosenBy !== 'client') {
    throw new ContractError(
      `${where}.chosenBy must be "server" (a UUID the API generates) or "client" (sent in the path)`,
    );
  }
  if (chosenBy === 'server' && type !== 'S') {
    throw new ContractError(`${where}: a key the server chooses is a UUID, so "${name}" must be a string`);
  }
  return { name, type, chosenBy };
}

/** `x-resources`, every declaration checked against the schemas it names. An empty map is an API that stores nothing. */
export function readResources(document: JsonObject): Record<string, ResourceDeclaration> {
  const raw = document['x-resources'];
  if (raw === undefined) return {};
  if (!isObject(raw)) throw new ContractError('#.x-resources must be a map of resource name to declaration');
  const schemas =
    isObject(document.components) && isObject(document.components.schemas) ? document.components.schemas : {};
  const resources: Record<string, ResourceDeclaration> = {};
  for (const [name, declaration] of Object.entries(raw)) {
    const where = `#.x-resources.${name}`;
    if (!resourceNamePattern.test(name)) {
      throw new ContractError(
        `${where}: a resource name starts with a lower-case letter and holds only letters and digits`,
      );
    }
    if (!isObject(declaration)) throw new ContractError(`${where} must be { schema, partitionKey, sortKey? }`);
    const { schema, partitionKey, sortKey, ...rest } = declaration;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) throw new ContractError(`${where} has unknown fields: ${unknown.join(', ')}`);
    if (typeof schema !== 'string' || !Object.hasOwn(schemas, schema)) {
      throw new ContractError(
        `${where}.schema must name a schema of components.schemas (found ${JSON.stringify(schema)})`,
      );
    }
    const stored = deref(document, schemas[schema]);
    const partition = readKey(document, partitionKey, `${where}.partitionKey`, schema, stored);
    const resource: ResourceDeclaration = { schema, partitionKey: partition };
    if (sortKey !== undefined) {
      const sort = readKey(document, sortKey, `${where}.sortKey`, schema, stored);
      if (sort.name === partition.name)
        throw new ContractError(`${where}: the sort key and the partition key are one property`);
      if (sort.chosenBy !== 'client') throw new ContractError(`${where}.sortKey.chosenBy must be "client"`);
      resource.sortKey = sort;
    }
    resources[name] = resource;
  }
  return resources;
}

/** An operation's `x-resource`, checked against `x-resources` and the operation's path and DynamoDB actions. */
export function readOperationResource(
  resources: Record<string, ResourceDeclaration>,
  operation: ContractOperation,
  dynamodbActions: readonly DynamoDbAction[],
): OperationResource | null {
  const where = `${describeOperation(operation)}: x-resource`;
  const raw = operation.operation['x-resource'];
  if (raw === undefined) {
    if (dynamodbActions.length > 0) {
      throw new ContractError(
        `${where} is missing: an operation that calls DynamoDB names the resource whose table it uses`,
      );
    }
    return null;
  }
  if (!isObject(raw)) throw new ContractError(`${where} must be { name, action? }`);
  const { name, action, ...rest } = raw;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new ContractError(`${where} has unknown fields: ${unknown.join(', ')}`);
  if (typeof name !== 'string' || !Object.hasOwn(resources, name)) {
    throw new ContractError(
      `${where}.name ${JSON.stringify(name)} is not a resource of #.x-resources (${Object.keys(resources).join(', ') || 'none declared'})`,
    );
  }
  const resource = resources[name] as ResourceDeclaration;
  if (action === undefined || action === null) return { name, action: null };
  if (typeof action !== 'string' || !Object.hasOwn(resourceActions, action)) {
    throw new ContractError(
      `${where}.action ${JSON.stringify(action)} is not one of: ${Object.keys(resourceActions).join(', ')} (leave it out for a business rule written by hand)`,
    );
  }
  const shared = action as ResourceAction;
  const expected = resourceActions[shared];
  if (dynamodbActions.length !== 1 || dynamodbActions[0] !== expected) {
    throw new ContractError(
      `${where}.action ${shared} is served with DynamoDB's ${expected}: x-integration.dynamodbActions must be [${expected}] (declared: [${dynamodbActions.join(', ')}])`,
    );
  }
  if (shared === 'query' && !resource.sortKey) {
    throw new ContractError(
      `${where}.action query reads by partition key a resource with a sort key; ${name} has none`,
    );
  }
  if (shared === 'create' && resource.partitionKey.chosenBy !== 'server') {
    throw new ContractError(
      `${where}.action create generates the key, but ${name}'s partition key is chosen by the client: create with replace (PUT) instead`,
    );
  }
  const keyNames = [resource.partitionKey.name, ...(resource.sortKey ? [resource.sortKey.name] : [])];
  const pathKeys = keyNames.filter((key) => operation.path.includes(`{${key}}`));
  const wanted = addressesOne[shared] ? keyNames : shared === 'query' ? [resource.partitionKey.name] : [];
  if (pathKeys.join() !== wanted.join() || !operation.path.endsWith(wanted.length > 0 ? `{${wanted.at(-1)}}` : '')) {
    throw new ContractError(
      `${where}.action ${shared} addresses ${wanted.length > 0 ? `the path parameters ${wanted.map((k) => `{${k}}`).join(', ')} at the end of its path` : 'the collection: no key in its path'} (path: ${operation.path})`,
    );
  }
  return { name, action: shared };
}

/** The conditions a query can put on the sort key: DynamoDB takes one key condition on it, so at most one kind. */
export const sortKeyConditionKinds = ['prefix', 'from', 'to'] as const;
export type SortKeyConditionKind = (typeof sortKeyConditionKinds)[number];

/**
 * The query parameters an operation marks with `x-sort-key-condition` (`prefix`: DynamoDB's `begins_with`, for a
 * string sort key; `from`, `to`: inclusive bounds, `>=`, `<=` or `BETWEEN`), by kind: only on a `query` of a
 * resource with a sort key, each kind once, each an optional query parameter whose type is the sort key's.
 */
export function readSortKeyConditions(
  document: JsonObject,
  resources: Record<string, ResourceDeclaration>,
  operation: ContractOperation,
  resource: OperationResource | null,
): Partial<Record<SortKeyConditionKind, string>> | undefined {
  const parameters = Array.isArray(operation.operation.parameters) ? operation.operation.parameters : [];
  const conditions: Partial<Record<SortKeyConditionKind, string>> = {};
  for (const raw of parameters) {
    const parameter = deref(document, raw);
    const kind = parameter['x-sort-key-condition'];
    if (kind === undefined) continue;
    const where = `${describeOperation(operation)}: parameter ${JSON.stringify(parameter.name)}: x-sort-key-condition`;
    const sortKey = resource?.action === 'query' ? resources[resource.name]?.sortKey : undefined;
    if (!sortKey)
      throw new ContractError(`${where} belongs on a query (x-resource action query) of a resource with a sort key`);
    if (typeof kind !== 'string' || !(sortKeyConditionKinds as readonly string[]).includes(kind))
      throw new ContractError(`${where} ${JSON.stringify(kind)} is not one of: ${sortKeyConditionKinds.join(', ')}`);
    const known = kind as SortKeyConditionKind;
    if (conditions[known] !== undefined)
      throw new ContractError(`${where}: ${conditions[known]} is the ${known} condition already`);
    if (parameter.in !== 'query' || parameter.required === true || typeof parameter.name !== 'string')
      throw new ContractError(`${where} marks an optional query parameter`);
    const schemaType = parameter.schema === undefined ? undefined : deref(document, parameter.schema).type;
    const type = typeof schemaType === 'string' ? keyTypes[schemaType] : undefined;
    if (known === 'prefix' && sortKey.type !== 'S')
      throw new ContractError(`${where} prefix (begins_with) takes a string sort key; ${sortKey.name} is a number`);
    if (type !== sortKey.type)
      throw new ContractError(
        `${where}: its schema's type must be the sort key's (${sortKey.type === 'S' ? 'string' : 'number or integer'})`,
      );
    conditions[known] = parameter.name;
  }
  return resource?.action === 'query' ? conditions : undefined;
}
