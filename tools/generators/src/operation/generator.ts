/**
 * `npx nx g @items-api/generators:operation <operationId> --method <method> --path <path>`: one new operation in
 * every place it touches. Writes the contract stub (with its x-items-integration, its security and the responses
 * the operations secured the same way share, all taken from the contract itself), a handler stub in the handler's
 * operations map and a test skeleton, then regenerates openapi/generated/, so `tsc` and the tests list what is
 * left to write.
 *
 * The stub's `security` is the one the contract's other secured operations of its kind state: a GET like the
 * secured reads (GET), anything else like the secured writes. So a new operation is never public by accident, and
 * a public one is a deliberate edit (`security: []`) of the stub.
 */
import { execFileSync } from 'node:child_process';
import { formatFiles, type GeneratorCallback, type Tree } from '@nx/devkit';
import { isMap, isScalar, parseDocument, type Document, type YAMLMap } from 'yaml';

export interface OperationSchema {
  operationId: string;
  method: 'get' | 'put' | 'post' | 'delete' | 'patch';
  path: string;
}

const contractFile = 'openapi/openapi.yaml';
const operationsFile = 'packages/handler/src/operations.ts';
const httpMethods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

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

/** Each operation object of the contract. */
function operationsOf(contract: Document): YAMLMap[] {
  const paths = contract.get('paths');
  if (!isMap(paths)) fail(`${contractFile} has no paths`);
  const operations: YAMLMap[] = [];
  for (const item of paths.items) {
    if (!isMap(item.value)) continue;
    for (const entry of item.value.items)
      if (isScalar(entry.key) && httpMethods.includes(String(entry.key.value)) && isMap(entry.value))
        operations.push(entry.value);
  }
  return operations;
}

/** The operation's `security` as plain data (`undefined` when it states none). */
function securityOf(operation: YAMLMap): unknown[] | undefined {
  const { security } = operation.toJSON() as { security?: unknown[] };
  return security;
}

/** Reads are GETs; everything else writes. */
const isRead = (method: string) => method === 'get' || method === 'head';

/** The one `security` the contract's secured operations of this method's kind (read or write) all state. */
function securityOfKind(contract: Document, method: string): unknown[] {
  const entries: { method: string; security: unknown[] }[] = [];
  const paths = contract.get('paths');
  if (isMap(paths))
    for (const item of paths.items)
      if (isMap(item.value))
        for (const entry of item.value.items) {
          const name = isScalar(entry.key) ? String(entry.key.value) : '';
          const security = isMap(entry.value) ? securityOf(entry.value) : undefined;
          if (httpMethods.includes(name) && security && security.length > 0) entries.push({ method: name, security });
        }
  const kind = isRead(method) ? 'read' : 'write';
  const distinct = [
    ...new Set(entries.filter((e) => isRead(e.method) === isRead(method)).map((e) => JSON.stringify(e.security))),
  ];
  if (distinct.length !== 1)
    fail(
      `cannot tell the security of a new ${kind} operation: the contract's secured ${kind} operations state ${distinct.length === 0 ? 'none' : `${distinct.length} different ones (${distinct.join(', ')})`}`,
    );
  return JSON.parse(distinct[0] as string) as unknown[];
}

/** The responses (status → $ref) that every one of `operations` documents the same way. */
function sharedResponses(operations: YAMLMap[]): Record<string, string> {
  const refsOf = (operation: YAMLMap): [string, string][] => {
    const responses = (operation.toJSON() as { responses?: Record<string, { $ref?: string }> }).responses ?? {};
    return Object.entries(responses).flatMap(([status, response]): [string, string][] =>
      response.$ref ? [[status, response.$ref]] : [],
    );
  };
  const [first, ...rest] = operations;
  if (!first) return {};
  return Object.fromEntries(
    refsOf(first).filter(([status, ref]) =>
      rest.every((operation) => refsOf(operation).some(([s, r]) => s === status && r === ref)),
    ),
  );
}

/** A path parameter: the shared component of that name when the contract has one, else an inline string. */
function pathParameter(contract: Document, name: string): unknown {
  const components =
    (contract.toJSON() as { components?: { parameters?: Record<string, { name?: string; in?: string }> } }).components
      ?.parameters ?? {};
  const shared = Object.entries(components).find(([, p]) => p.name === name && p.in === 'path');
  return shared
    ? { $ref: `#/components/parameters/${shared[0]}` }
    : { name, in: 'path', required: true, description: `TODO: describe ${name}.`, schema: { type: 'string' } };
}

function addToContract(tree: Tree, options: OperationSchema): void {
  const text = tree.read(contractFile, 'utf-8') ?? fail(`${contractFile} not found`);
  const contract = parseDocument(text);
  const operations = operationsOf(contract);
  if (operations.some((operation) => operation.get('operationId') === options.operationId))
    fail(`${options.operationId} is already an operation of the contract`);
  if (contract.hasIn(['paths', options.path, options.method]))
    fail(`${options.method.toUpperCase()} ${options.path} is already in the contract`);
  if (!contract.hasIn(['paths', options.path])) {
    const names = [...options.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
    contract.setIn(
      ['paths', options.path],
      contract.createNode(names.length ? { parameters: names.map((n) => pathParameter(contract, n)) } : {}),
    );
  }
  const security = securityOfKind(contract, options.method);
  const securedAlike = operations.filter(
    (operation) => JSON.stringify(securityOf(operation)) === JSON.stringify(security),
  );
  const stub = {
    operationId: options.operationId,
    summary: `TODO: ${options.operationId}`,
    description: 'TODO: what it does, and each documented response.',
    'x-items-integration': { type: 'lambda', dynamodbActions: [] },
    security,
    responses: {
      '200': { description: 'TODO: the result.' },
      ...Object.fromEntries(Object.entries(sharedResponses(securedAlike)).map(([status, $ref]) => [status, { $ref }])),
    },
  };
  contract.setIn(['paths', options.path, options.method], contract.createNode(stub));
  tree.write(contractFile, contract.toString({ lineWidth: 0 }));
}

function addHandlerStub(tree: Tree, { operationId, method, path }: OperationSchema): void {
  const text = tree.read(operationsFile, 'utf-8') ?? fail(`${operationsFile} not found`);
  const end = text.lastIndexOf('  };\n}');
  if (end < 0) fail(`${operationsFile}: the end of createOperations' map was not found`);
  const stub = `
    // TODO(${operationId}): ${method.toUpperCase()} ${path}; answer each response the contract documents.
    ${operationId}: () =>
      Promise.reject(new HttpProblem('internal-error', '${operationId} is not implemented yet')),
`;
  tree.write(operationsFile, text.slice(0, end) + stub + text.slice(end));
}

function addTestSkeleton(tree: Tree, { operationId, method, path }: OperationSchema): void {
  const file = `packages/handler/test/${operationId}.test.ts`;
  if (tree.exists(file)) fail(`${file} already exists`);
  tree.write(
    file,
    `/** ${operationId} (${method.toUpperCase()} ${path}): one test per response the contract documents. */
import { describe, it } from 'node:test';

describe('${operationId} (${method.toUpperCase()} ${path})', () => {
  it.todo('answers 200 with the documented body');
  it.todo('answers each documented error with its problem type');
});
`,
  );
}

export async function operationGenerator(tree: Tree, options: OperationSchema): Promise<GeneratorCallback> {
  checkOptions(options);
  addToContract(tree, options);
  addHandlerStub(tree, options);
  addTestSkeleton(tree, options);
  await formatFiles(tree);
  // After the files are written: the generated artifacts come from the new contract.
  return () => {
    execFileSync(process.execPath, ['--import', 'tsx', 'openapi/src/generate.ts'], {
      cwd: tree.root,
      stdio: 'inherit',
    });
    console.log(
      `\nNext: \`npx tsc -b packages/handler/tsconfig.json\` and the todo tests list what is left to write for ${options.operationId}.`,
    );
  };
}

export default operationGenerator;
