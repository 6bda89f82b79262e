/**
 * `npx nx g @items-api/generators:operation <operationId> --method <method> --path <path>`: one new operation in
 * every place it touches, so that what is left to write is its contract's facts and its logic. Writes:
 *
 * - the contract stub, inserted as text at the end of `paths` (or of its path item) so every other byte of
 *   openapi.yaml stays as it was: its x-integration, its x-resource (the resource its collection's operations
 *   name, without action: a business rule of that resource), its security, its path parameters as that resource
 *   declares them, and the responses its path and security imply, all taken from the contract itself (the success
 *   response of the resource's GET with its schema, headers and example; the 404 of the operations addressing the
 *   same path parameters; the responses the operations secured alike share: 400, 401/403, the gateway's);
 * - a handler stub in the handler's hand-written operations (rules.ts; answering 500 until implemented) and a todo
 *   test for its business rules (the app with its resource's table, addressing the example of the resource's GET);
 *
 * then regenerates openapi/generated/. The tests that cover every operation read it from the generated table.
 *
 * The stub's `security` is the one the contract's other secured operations of its kind state on the same collection
 * (`/items`: each resource has its own scopes): a GET like the secured reads (GET), anything else like the secured
 * writes. So a new operation is never public by accident, and a public one is a deliberate edit (`security: []`) of
 * the stub.
 */
import { formatFiles, type GeneratorCallback, type Tree } from '@nx/devkit';
import {
  applyEdits,
  contractFile,
  insertion,
  isObject,
  operationsOf,
  readContract,
  responsesOf,
  runGenerateScripts,
  sharedResponses,
  type ContractOperation,
  type Json,
  type JsonObject,
} from '../contract-text.ts';

export interface OperationSchema {
  operationId: string;
  method: 'get' | 'put' | 'post' | 'delete' | 'patch';
  path: string;
}

const operationsFile = 'packages/handler/src/rules.ts';

/** A readable error for the user (Nx prints the message). */
function fail(message: string): never {
  throw new Error(`operation generator: ${message}`);
}

function checkOptions({ operationId, method, path }: OperationSchema): void {
  if (!/^[a-z][A-Za-z0-9]*$/.test(operationId))
    fail(`operationId must be camelCase, e.g. archiveItem; got "${operationId}"`);
  if (!['get', 'put', 'post', 'delete', 'patch'].includes(method))
    fail(`--method must be get, put, post, delete or patch; got "${method}"`);
  if (!/^(\/([A-Za-z0-9_-]+|\{[A-Za-z][A-Za-z0-9_]*\}))+$/.test(path))
    fail(`--path must look like /items/{id}/archive; got "${path}"`);
}

/** Reads are GETs; everything else writes. */
const isRead = (method: string) => method === 'get' || method === 'head';

const securityOf = ({ operation }: ContractOperation) => JSON.stringify(operation.security ?? null);

/** `/items` of `/items/{id}/archive`: the collection a path is under, whose operations are secured alike. */
const collectionOf = (path: string) => `/${path.split('/')[1] ?? ''}`;

/**
 * The one `security` the contract's secured operations of this method's kind (read or write) all state, on the
 * path's collection when the contract has some there (each resource has its own scopes), else on every path.
 */
function securityOfKind(operations: ContractOperation[], method: string, path: string): Json {
  const kind = isRead(method) ? 'read' : 'write';
  const secured = operations
    .filter((o) => Array.isArray(o.operation.security) && o.operation.security.length > 0)
    .filter((o) => isRead(o.method) === isRead(method));
  const collection = collectionOf(path);
  const onCollection = secured.filter((o) => collectionOf(o.path) === collection);
  const alike = onCollection.length > 0 ? onCollection : secured;
  const distinct = [...new Set(alike.map(securityOf))];
  if (distinct.length !== 1)
    fail(
      `cannot tell the security of a new ${kind} operation: the contract's secured ${kind} operations${onCollection.length > 0 ? ` on ${collection}` : ''} state ${distinct.length === 0 ? 'none' : `${distinct.length} different ones (${distinct.join(', ')})`}`,
    );
  return JSON.parse(distinct[0] as string) as Json;
}

/**
 * The resource the operations on the path's collection name in `x-resource`, when they all name one: the new
 * operation is one of its business rules (an `x-resource` without action), so the table it may use is known.
 */
function resourceOfCollection(operations: ContractOperation[], path: string): string | undefined {
  const names = new Set(
    operations
      .filter((o) => collectionOf(o.path) === collectionOf(path))
      .map(({ operation }) => operation['x-resource'])
      .flatMap((declared) => (isObject(declared) && typeof declared.name === 'string' ? [declared.name] : [])),
  );
  return names.size === 1 ? [...names][0] : undefined;
}

const pathParameterNames = (path: string) => [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);

/**
 * The 404 a path with parameters implies: the one the operations addressing a resource by those parameters
 * document (an `{id}` that names no item is not found; those on the path's collection when there are some), when
 * they all document it the same way.
 */
function notFoundResponse(operations: ContractOperation[], path: string): JsonObject {
  const names = pathParameterNames(path);
  if (names.length === 0) return {};
  const addressing = operations.filter((o) => names.every((name) => o.path.includes(`{${name}}`)));
  const ofResource = addressing.filter((o) => collectionOf(o.path) === collectionOf(path));
  const documented = new Set(
    (ofResource.length > 0 ? ofResource : addressing).flatMap((o) =>
      responsesOf(o)['404'] ? [JSON.stringify(responsesOf(o)['404'])] : [],
    ),
  );
  return documented.size === 1 ? { '404': JSON.parse([...documented][0] as string) as Json } : {};
}

/** The GET of the resource the path is under (an operation on `/items/{id}/archive`: `GET /items/{id}`). */
function readOfResource(operations: ContractOperation[], path: string): ContractOperation | undefined {
  const segments = path.split('/');
  for (let length = segments.length; length > 1; length -= 1) {
    const resource = segments.slice(0, length).join('/');
    const read = operations.find((o) => o.method === 'get' && o.path === resource);
    if (read) return read;
  }
  return undefined;
}

/**
 * The success response: what the resource's GET answers (schema, headers, example) until the author says
 * otherwise; without such a GET, a stub the author completes (the conformance test wants a schema).
 */
function successResponse(read: ContractOperation | undefined): JsonObject {
  const ok = read && responsesOf(read)['200'];
  return isObject(ok) && isObject(ok.content)
    ? { '200': ok }
    : { '200': { description: 'TODO: the result, its schema and an example.' } };
}

/** Parameters as declared (inline, or a `$ref` to a shared component), each with what it declares. */
function resolvedParameters(contract: JsonObject, declared: Json[]): { declared: Json; parameter: JsonObject }[] {
  const shared = isObject(contract.components) ? contract.components.parameters : undefined;
  return declared.flatMap((one) => {
    const ref = isObject(one) && typeof one.$ref === 'string' ? one.$ref : undefined;
    const parameter = ref && isObject(shared) ? shared[ref.replace('#/components/parameters/', '')] : one;
    return isObject(parameter) ? [{ declared: one, parameter }] : [];
  });
}

/**
 * A path parameter as the resource the path is under declares it (`{id}` of `/users/{id}/activate`: the one of
 * `/users/{id}`, a user's id, not an item's); else the shared component of that name; else an inline string.
 */
function pathParameter(contract: JsonObject, path: string, name: string): Json {
  const paths = isObject(contract.paths) ? contract.paths : {};
  const ofResource = Object.keys(paths)
    .filter((other) => other.includes(`{${name}}`) && collectionOf(other) === collectionOf(path))
    .sort((a, b) => Number(path.startsWith(b)) - Number(path.startsWith(a)))
    .flatMap((other) => {
      const item = paths[other];
      return isObject(item) && Array.isArray(item.parameters) ? item.parameters : [];
    });
  const shared = isObject(contract.components) ? contract.components.parameters : undefined;
  const sharedRefs = Object.keys(isObject(shared) ? shared : {}).map((key) => ({
    $ref: `#/components/parameters/${key}`,
  }));
  const found = resolvedParameters(contract, [...ofResource, ...sharedRefs]).find(
    ({ parameter }) => parameter.name === name && parameter.in === 'path',
  );
  return found
    ? found.declared
    : { name, in: 'path', required: true, description: `TODO: describe ${name}.`, schema: { type: 'string' } };
}

/**
 * Adds the operation to the contract's text, leaving every other byte as it was: the new path (or method) is
 * inserted at the end of `paths` (or of its path item), rendered on its own.
 */
function addToContract(tree: Tree, options: OperationSchema): void {
  const contractText = readContract(tree);
  const { contract } = contractText;
  const operations = operationsOf(contract);
  if (operations.some(({ operation }) => operation.operationId === options.operationId))
    fail(`${options.operationId} is already an operation of the contract`);
  if (operations.some(({ method, path }) => method === options.method && path === options.path))
    fail(`${options.method.toUpperCase()} ${options.path} is already in the contract`);
  const security = securityOfKind(operations, options.method, options.path);
  const securedAlike = operations.filter((o) => securityOf(o) === JSON.stringify(security));
  const read = readOfResource(operations, options.path);
  const resource = resourceOfCollection(operations, options.path);
  const responses = {
    ...successResponse(read),
    ...notFoundResponse(operations, options.path),
    ...sharedResponses(securedAlike),
  };
  const operation: JsonObject = {
    operationId: options.operationId,
    summary: `TODO: ${options.operationId}`,
    description: 'TODO: what it does, and each documented response.',
    ...(read?.operation.tags !== undefined && { tags: read.operation.tags }),
    'x-integration': { type: 'lambda', dynamodbActions: [] },
    ...(resource !== undefined && { 'x-resource': { name: resource } }),
    security,
    responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b))),
  };
  const edit = contractText.document.hasIn(['paths', options.path])
    ? insertion(contractText, ['paths', options.path], { [options.method]: operation })
    : insertion(contractText, ['paths'], {
        [options.path]: {
          ...(pathParameterNames(options.path).length > 0 && {
            parameters: pathParameterNames(options.path).map((name) => pathParameter(contract, options.path, name)),
          }),
          [options.method]: operation,
        },
      });
  tree.write(contractFile, applyEdits(contractText.text, [edit]));
}

function addHandlerStub(tree: Tree, { operationId, method, path }: OperationSchema): void {
  const text = tree.read(operationsFile, 'utf-8') ?? fail(`${operationsFile} not found`);
  const end = text.lastIndexOf('  };\n}');
  if (end < 0) fail(`${operationsFile}: the end of createHandWrittenOperations' map was not found`);
  const stub = `
    // TODO(${operationId}): ${method.toUpperCase()} ${path}; answer each response the contract documents.
    ${operationId}: () =>
      Promise.reject(new Error('${operationId} is not implemented yet')),
`;
  tree.write(operationsFile, text.slice(0, end) + stub + text.slice(end));
}

/** The example of a GET's success response: an object of the resource as stored, as the contract shows one. */
function exampleOf(read: ContractOperation | undefined): JsonObject | undefined {
  const ok = read && responsesOf(read)['200'];
  const media = isObject(ok) && isObject(ok.content) ? Object.values(ok.content)[0] : undefined;
  return isObject(media) && isObject(media.example) ? media.example : undefined;
}

/** What the test skeleton's app serves: the table of the operation's resource, and that resource's example object. */
interface SkeletonFacts {
  resource: string | undefined;
  stored: JsonObject;
}

function skeletonFacts(tree: Tree, path: string): SkeletonFacts {
  const operations = operationsOf(readContract(tree).contract);
  return {
    resource: resourceOfCollection(operations, path),
    stored: exampleOf(readOfResource(operations, path)) ?? {},
  };
}

function addTestSkeleton(tree: Tree, { operationId, method, path }: OperationSchema, facts: SkeletonFacts): void {
  const file = `packages/handler/test/${operationId}.test.ts`;
  if (tree.exists(file)) fail(`${file} already exists`);
  // The path addresses the example object: its key values fill the path's parameters.
  const request = path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const key = facts.stored[name];
    return encodeURIComponent(typeof key === 'string' || typeof key === 'number' ? String(key) : `${name}-1`);
  });
  const tableNames = facts.resource === undefined ? {} : { [facts.resource]: facts.resource };
  // What the contract states (statuses, schemas, examples, DynamoDB actions) the contract's own tests check for
  // every operation; this file is for the operation's business rules. A todo until its author writes them.
  tree.write(
    file,
    `/** ${operationId} (${method.toUpperCase()} ${path}): its business rules, on a stubbed DynamoDB. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createApp } from '../src/app.ts';
import { createLogger } from '../src/logger.ts';
import { event, parse, testCursorKey } from './helpers.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const app = createApp({
  client: DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  ),
  tableNames: ${JSON.stringify(tableNames)},
  region: 'eu-west-1',
  cursorKey: () => Promise.resolve(testCursorKey),
  logger: createLogger({ level: 'SILENT', service: 'items-api' }),
});
const stored = ${JSON.stringify(facts.stored)};

describe('${operationId} (${method.toUpperCase()} ${path})', () => {
  it.todo('TODO: a business rule of ${operationId}', async () => {
    ddb.reset();
    ddb.on(GetCommand).resolves({ Item: stored });
    const answer = parse(await app(event('${method.toUpperCase()}', '${request}')));
    assert.equal(answer.status, 200);
  });
});
`,
  );
}

export async function operationGenerator(tree: Tree, options: OperationSchema): Promise<GeneratorCallback> {
  checkOptions(options);
  addToContract(tree, options);
  addHandlerStub(tree, options);
  addTestSkeleton(tree, options, skeletonFacts(tree, options.path));
  await formatFiles(tree);
  // After the files are written: the generated artifacts come from the new contract (what `npm run generate` runs).
  return () => {
    runGenerateScripts(tree.root);
    console.log(
      `\nNext for ${options.operationId}: the contract's TODOs (summary, description, its DynamoDB actions, the success example), its handler in ${operationsFile}, and its business rules in its todo test.`,
    );
  };
}

export default operationGenerator;
