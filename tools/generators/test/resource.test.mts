/**
 * The resource generator: its options, and on a scratch copy of the contract and what reads it (support/scratch.mts)
 * the resources the issue names — users
 * (the defaults), kv (a key the client chooses), configs (a sort key) — and notes (--direct): what it writes, that
 * the openapi project's tests pass on the result, and that --remove gives back the contract byte for byte.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { GeneratorCallback } from '@nx/devkit';
import { flushChanges, FsTree } from 'nx/src/generators/tree';
import * as prettier from 'prettier';
import { parse, stringify } from 'yaml';
import { operationGenerator } from '../src/operation/generator.ts';
import { resourceGenerator, type ResourceSchema } from '../src/resource/generator.ts';
import { readOptions, schemaNameOf } from '../src/resource/options.ts';
import { createScratch, root } from './support/scratch.mts';

const contractFile = 'openapi/openapi.yaml';

type Operation = Record<string, unknown> & {
  operationId: string;
  security: Record<string, string[]>[];
  tags: string[];
  parameters?: { $ref?: string; name?: string; 'x-sort-key-condition'?: string }[];
  responses: Record<string, { $ref?: string }>;
};
interface Contract {
  'x-resources': Record<string, unknown>;
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }>;
    responses: Record<string, unknown>;
    securitySchemes: Record<string, { flows?: { clientCredentials: { scopes: Record<string, string> } } }>;
  };
}

const resources: ResourceSchema[] = [
  { name: 'users' },
  { name: 'kv', partitionKey: 'key', keyChosenBy: 'client', fields: 'value:string' },
  { name: 'configs', partitionKey: 'id', sortKey: 'range' },
  { name: 'notes', fields: 'text:string,tags:string[],stars:integer,weight:number,pinned:boolean', direct: true },
];

describe('the resource generator reads its options', () => {
  it('into the defaults the issue names: id:S chosen by the server without a sort key, one name:string field', () => {
    assert.deepEqual(readOptions({ name: 'users' }), {
      name: 'users',
      schema: 'User',
      partitionKey: { name: 'id', type: 'S', chosenBy: 'server' },
      fields: [{ name: 'name', type: 'string' }],
      direct: false,
    });
  });

  it('with a sort key or a number key, the client chooses the keys; fields of every type', () => {
    assert.deepEqual(readOptions({ name: 'configs', partitionKey: 'id', sortKey: 'range:N' }), {
      name: 'configs',
      schema: 'Config',
      partitionKey: { name: 'id', type: 'S', chosenBy: 'client' },
      sortKey: { name: 'range', type: 'N', chosenBy: 'client' },
      fields: [{ name: 'name', type: 'string' }],
      direct: false,
    });
    assert.equal(readOptions({ name: 'orders', partitionKey: 'number:N' }).partitionKey.chosenBy, 'client');
    assert.deepEqual(
      readOptions({ name: 'notes', fields: 'a:string, b:integer,c:number,d:boolean,e:string[]', direct: true }).fields,
      [
        { name: 'a', type: 'string' },
        { name: 'b', type: 'integer' },
        { name: 'c', type: 'number' },
        { name: 'd', type: 'boolean' },
        { name: 'e', type: 'string[]' },
      ],
    );
  });

  it('names the schema by the singular', () => {
    const names = ['users', 'configs', 'items', 'kv', 'categories', 'boxes', 'addresses', 'status'];
    assert.deepEqual(names.map(schemaNameOf), ['User', 'Config', 'Item', 'Kv', 'Category', 'Box', 'Address', 'Status']);
  });

  it('refuses each malformed or contradictory option with a message naming it', () => {
    const refusals: [ResourceSchema, string][] = [
      [
        { name: 'Users' },
        'the resource name starts with a lower-case letter and holds only letters and digits, e.g. users; got "Users"',
      ],
      [
        { name: 'user-accounts' },
        'the resource name starts with a lower-case letter and holds only letters and digits, e.g. users; got "user-accounts"',
      ],
      [
        { name: 'users', partitionKey: 'user id' },
        '--partition-key must be a camelCase property name, optionally with :S (string) or :N (number), e.g. id:S; got "user id"',
      ],
      [
        { name: 'users', partitionKey: 'id:B' },
        '--partition-key: the DynamoDB key type is S (string) or N (number); got "B" in "id:B"',
      ],
      [
        { name: 'users', sortKey: 'createdAt' },
        '--sort-key: "createdAt" is written by the API on every object; name the key otherwise',
      ],
      [{ name: 'users', sortKey: 'id' }, '--sort-key and --partition-key are one property ("id")'],
      [
        { name: 'users', keyChosenBy: 'anyone' as 'server' },
        '--key-chosen-by is server (a UUID the API generates on create) or client (sent in the path); got "anyone"',
      ],
      [
        { name: 'users', partitionKey: 'id:N', keyChosenBy: 'server' },
        '--key-chosen-by server generates a UUID, a string: --partition-key must be id:S',
      ],
      [
        { name: 'users', sortKey: 'range', keyChosenBy: 'server' },
        '--key-chosen-by server: with a sort key the client chooses both keys (PUT creates); use --key-chosen-by client',
      ],
      [
        { name: 'users', sortKey: 'range', direct: true },
        '--direct serves resources keyed by a partition key alone (GetItem/DeleteItem by the path); leave out --sort-key or --direct',
      ],
      [
        { name: 'users', partitionKey: 'id:N', direct: true },
        '--direct checks path parameters as strings only: --partition-key must be id:S',
      ],
      [
        { name: 'users', fields: 'name' },
        '--fields: the type of "name" must be one of string, integer, number, boolean, string[]; got ""',
      ],
      [
        { name: 'users', fields: 'name:text' },
        '--fields: the type of "name" must be one of string, integer, number, boolean, string[]; got "text"',
      ],
      [
        { name: 'users', fields: 'Name:string' },
        '--fields takes name:type pairs separated by commas, names camelCase, e.g. name:string,count:integer; got "Name:string"',
      ],
      [
        { name: 'users', fields: 'version:integer' },
        '--fields: "version" is written by the API on every object (version, createdAt, updatedAt)',
      ],
      [{ name: 'users', fields: 'id:string' }, '--fields: "id" is a key of the resource; list only the other fields'],
      [{ name: 'users', fields: 'name:string,name:integer' }, '--fields names "name" twice'],
      [
        { name: 'records' },
        '"records" would name its schema Record, which TypeScript\'s own Record type already names (the generated schema.ts exports each schema as a type); choose another resource name',
      ],
    ];
    for (const [options, message] of refusals)
      assert.throws(() => readOptions(options), { message: `resource generator: ${message}` }, JSON.stringify(options));
  });
});

/** How many blocks of consecutive lines `after` adds to `before`, or -1 when it changes or drops a line of it. */
function insertedBlocks(before: string, after: string): number {
  const old = before.split('\n');
  let next = 0;
  let blocks = 0;
  let inBlock = false;
  for (const line of after.split('\n')) {
    if (next < old.length && line === old[next]) {
      next += 1;
      inBlock = false;
    } else if (!inBlock) {
      blocks += 1;
      inBlock = true;
    }
  }
  return next === old.length ? blocks : -1;
}

const operationsOf = (contract: Contract) =>
  Object.entries(contract.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => method !== 'parameters')
      .map(([method, operation]) => ({ path, method, operation })),
  );

describe('nx g @items-api/generators:resource', () => {
  let scratch: string;
  let original: string;
  const generated = new Map<string, string>();
  const contractOf = async () => parse(await readFile(join(scratch, contractFile), 'utf8')) as Contract;

  before(async () => {
    scratch = await createScratch('resource-generator-test-');
    original = await readFile(join(scratch, contractFile), 'utf8');
    for (const file of await readdir(join(scratch, 'openapi/generated')))
      generated.set(file, await readFile(join(scratch, 'openapi/generated', file), 'utf8'));
    let regenerate: GeneratorCallback = () => {};
    for (const options of resources) {
      const tree = new FsTree(scratch, false);
      regenerate = resourceGenerator(tree, options);
      flushChanges(scratch, tree.listChanges());
    }
    await regenerate(); // Each run regenerates from the contract as it leaves it: the last one is all of them.
  });
  after(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('declares each resource in x-resources: its schema, its keys and who chooses them', async () => {
    const declared = (await contractOf())['x-resources'];
    assert.deepEqual(declared.users, { schema: 'User', partitionKey: { name: 'id', chosenBy: 'server' } });
    assert.deepEqual(declared.kv, { schema: 'Kv', partitionKey: { name: 'key', chosenBy: 'client' } });
    assert.deepEqual(declared.configs, {
      schema: 'Config',
      partitionKey: { name: 'id', chosenBy: 'client' },
      sortKey: { name: 'range', chosenBy: 'client' },
    });
  });

  it('writes the schemas: stored (keys, fields, version, createdAt, updatedAt), writable, merge patch, page, keys', async () => {
    const { schemas } = (await contractOf()).components;
    assert.deepEqual(schemas.User?.required, ['id', 'name', 'version', 'createdAt', 'updatedAt']);
    assert.deepEqual(schemas.Config?.required, ['id', 'range', 'name', 'version', 'createdAt', 'updatedAt']);
    assert.deepEqual(schemas.User?.properties?.version, {
      type: 'integer',
      minimum: 1,
      description: 'Goes up by one with every change; the `ETag` is its strong tag.',
    });
    for (const stamp of ['createdAt', 'updatedAt'])
      assert.equal((schemas.Kv?.properties?.[stamp] as { format?: string }).format, 'date-time');
    assert.deepEqual(Object.keys(schemas.NewKv?.properties ?? {}), ['value']);
    assert.deepEqual(Object.keys(schemas.KvPatch?.properties ?? {}), ['value']);
    assert.deepEqual(Object.keys(schemas.KvPage?.properties ?? {}), ['items', 'nextCursor']);
    assert.deepEqual(Object.keys(schemas.NewNote?.properties ?? {}), ['text', 'tags', 'stars', 'weight', 'pinned']);
    const note = schemas.Note?.properties as Record<string, { minimum?: number; description?: string }>;
    assert.deepEqual([note.stars?.minimum, note.weight?.minimum], [-Number.MAX_SAFE_INTEGER, undefined]);
    assert.match(note.weight?.description ?? '', /38 significant digits, a magnitude from 1e-130 to 9\.9+e125/);
    for (const key of ['UserId', 'KvKey', 'ConfigId', 'ConfigRange', 'NoteId'])
      assert.equal((schemas[key] as { type?: string }).type, 'string', key);
  });

  it('adds a tag and the read and write scopes to the client-credentials flow', async () => {
    const contract = await contractOf();
    assert.deepEqual(
      contract.tags.find((tag) => tag.name === 'Configs'),
      { name: 'Configs', description: 'List, query, read, replace, patch and delete configs.' },
    );
    const scopes = contract.components.securitySchemes.itemsOAuth?.flows?.clientCredentials.scopes ?? {};
    assert.equal(scopes['users:read'], 'List and read users.');
    assert.equal(scopes['users:write'], 'Create, replace, patch and delete users.');
    assert.equal(scopes['configs:read'], 'List, query and read configs.');
  });

  it('writes the paths each action implies: its integration, resource action, scope, parameters and errors', async () => {
    const contract = await contractOf();
    const shape = (resource: string) =>
      operationsOf(contract)
        .filter(({ path }) => path === `/${resource}` || path.startsWith(`/${resource}/`))
        .map(({ path, method, operation }) => [
          `${method.toUpperCase()} ${path}`,
          operation.operationId,
          (operation['x-resource'] as { action: string }).action,
          (operation['x-integration'] as { type: string; dynamodbActions: string[] }).type,
          (operation['x-integration'] as { dynamodbActions: string[] }).dynamodbActions.join(),
          operation.security[0]?.itemsOAuth?.join(),
          (operation.parameters ?? []).map((p) => p.$ref?.split('/').at(-1) ?? p.name).join(),
        ]);
    assert.deepEqual(shape('users'), [
      ['GET /users', 'listUsers', 'list', 'lambda', 'Scan', 'users:read', 'Limit,Cursor'],
      ['POST /users', 'createUser', 'create', 'lambda', 'PutItem', 'users:write', ''],
      ['GET /users/{id}', 'getUser', 'read', 'lambda', 'GetItem', 'users:read', ''],
      ['PUT /users/{id}', 'putUser', 'replace', 'lambda', 'UpdateItem', 'users:write', 'IfMatch,IfNoneMatch'],
      ['PATCH /users/{id}', 'patchUser', 'patch', 'lambda', 'UpdateItem', 'users:write', 'IfMatch'],
      ['DELETE /users/{id}', 'deleteUser', 'delete', 'lambda', 'DeleteItem', 'users:write', 'IfMatch'],
    ]);
    assert.deepEqual(
      shape('kv').map(([route]) => route),
      ['GET /kv', 'GET /kv/{key}', 'PUT /kv/{key}', 'PATCH /kv/{key}', 'DELETE /kv/{key}'],
    );
    assert.deepEqual(
      shape('configs').map(([route, , action]) => `${route} ${action}`),
      [
        'GET /configs list',
        'GET /configs/{id} query',
        'GET /configs/{id}/{range} read',
        'PUT /configs/{id}/{range} replace',
        'PATCH /configs/{id}/{range} patch',
        'DELETE /configs/{id}/{range} delete',
      ],
    );
    // The query's conditions on the sort key: a prefix (a string sort key) and inclusive bounds.
    const query = contract.paths['/configs/{id}']?.get;
    assert.deepEqual(
      (query?.parameters ?? []).map((p) => [p.$ref?.split('/').at(-1) ?? p.name, p['x-sort-key-condition']]),
      [
        ['Limit', undefined],
        ['Cursor', undefined],
        ['rangePrefix', 'prefix'],
        ['rangeFrom', 'from'],
        ['rangeTo', 'to'],
      ],
    );
    assert.deepEqual(
      shape('notes').map(([route, , , type]) => `${route} ${type}`),
      [
        'GET /notes lambda',
        'POST /notes lambda',
        'GET /notes/{id} dynamodb',
        'PUT /notes/{id} lambda',
        'PATCH /notes/{id} lambda',
        'DELETE /notes/{id} dynamodb',
      ],
    );
    // Errors: those items' operations of the same action document, with the direct integration's 415 where direct.
    const items = (path: string, method: string) => contract.paths[path]?.[method]?.responses;
    const errorsOf = (responses: Operation['responses'] | undefined) =>
      Object.fromEntries(Object.entries(responses ?? {}).filter(([status]) => Number(status) >= 400));
    assert.deepEqual(errorsOf(contract.paths['/notes/{id}']?.get?.responses), errorsOf(items('/items/{id}', 'get')));
    assert.deepEqual(
      errorsOf(contract.paths['/notes/{id}']?.delete?.responses),
      errorsOf(items('/items/{id}', 'delete')),
    );
    for (const [path, method] of [
      ['/users', 'get'],
      ['/users', 'post'],
      ['/users/{id}', 'put'],
      ['/users/{id}', 'patch'],
    ] as const)
      assert.deepEqual(
        errorsOf(contract.paths[path]?.[method]?.responses),
        errorsOf(items(path.replace('users', 'items'), method)),
      );
    // Items' read and delete are direct: on the function the same errors but the gateway's 415.
    for (const method of ['get', 'delete']) {
      const { '415': refusal, ...rest } = errorsOf(items('/items/{id}', method));
      assert.deepEqual(refusal, { $ref: '#/components/responses/UnsupportedMediaType' });
      assert.deepEqual(errorsOf(contract.paths['/users/{id}']?.[method]?.responses), rest);
    }
  });

  it("leaves every other byte of the contract as it was (five inserted blocks), in the contract's Prettier style", async () => {
    const text = await readFile(join(scratch, contractFile), 'utf8');
    assert.equal(insertedBlocks(original, text), 5);
    const options = await prettier.resolveConfig(join(root, contractFile));
    assert.ok(await prettier.check(text, { ...options, filepath: contractFile }), 'prettier --check');
  });

  it('regenerates: one table per resource with its keys, and the operations', async () => {
    const infrastructure = JSON.parse(
      await readFile(join(scratch, 'openapi/generated/infrastructure.json'), 'utf8'),
    ) as {
      tables: Record<string, unknown>;
    };
    assert.deepEqual(infrastructure.tables.configs, {
      partitionKey: { name: 'id', type: 'S' },
      sortKey: { name: 'range', type: 'S' },
    });
    assert.deepEqual(Object.keys(infrastructure.tables).sort(), ['configs', 'items', 'kv', 'notes', 'users']);
    assert.match(await readFile(join(scratch, 'openapi/generated/operations.ts'), 'utf8'), /queryConfigs/);
  });

  it("passes the openapi project's tests: lint, examples, every operation's errors, the direct templates, no drift", async () => {
    const tests = (await readdir(join(scratch, 'openapi/test'))).filter((file) => file.endsWith('.test.ts'));
    assert.ok(tests.length > 10, `${tests.length} test files`);
    try {
      execFileSync(
        process.execPath,
        ['--import', 'tsx', '--test', '--test-reporter=spec', ...tests.map((file) => `test/${file}`)],
        {
          cwd: join(scratch, 'openapi'),
          encoding: 'utf8',
          // Without node:test's context a nested `node --test` runs its files instead of skipping them.
          env: Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_TEST_CONTEXT')),
          stdio: 'pipe',
        },
      );
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      assert.fail(`openapi's tests failed on the generated resources:\n${stdout?.slice(-6000)}${stderr?.slice(-2000)}`);
    }
  });

  it('refuses a resource whose names the contract uses, and contracts it cannot add to', () => {
    const refuses = (options: ResourceSchema, message: string, edit: (contract: Contract) => void = () => {}) => {
      const tree = new FsTree(scratch, false);
      const contract = parse(tree.read(contractFile, 'utf-8') ?? '') as Contract;
      edit(contract);
      tree.write(contractFile, stringify(contract));
      assert.throws(() => resourceGenerator(tree, options), { message: `resource generator: ${message}` });
    };
    refuses(
      { name: 'users' },
      '"users" is already a resource of openapi/openapi.yaml (x-resources: items, users, kv, configs, notes)',
    );
    refuses(
      { name: 'health' },
      'openapi/openapi.yaml already has Health in components.schemas, which resource "health" would add',
    );
    refuses(
      { name: 'members', partitionKey: 'patch' },
      "a key would name its schema MemberPatch, a name the resource's other schemas take; name the key otherwise",
    );
    refuses(
      { name: 'members' },
      "the contract has no components.responses.NotFound, which the resource's operations refer to",
      (c) => {
        delete c.components.responses.NotFound;
      },
    );
    refuses(
      { name: 'members' },
      "the contract has no oauth2 security scheme in components.securitySchemes to add the resource's scopes to",
      (c) => {
        delete c.components.securitySchemes.itemsOAuth;
      },
    );
    const scopes = (c: Contract) => c.components.securitySchemes.itemsOAuth!.flows!.clientCredentials.scopes;
    const clashes: [string, (c: Contract) => void][] = [
      ['/members in paths', (c) => (c.paths['/members'] = {})],
      [
        'members:write in components.securitySchemes.itemsOAuth.flows.clientCredentials.scopes',
        (c) => (scopes(c)['members:write'] = 'Another meaning.'),
      ],
      ['Members in tags', (c) => c.tags.push({ name: 'Members', description: 'Taken.' })],
      ['getMember in operationIds', (c) => (c.paths['/items/{id}']!.get!.operationId = 'getMember')],
    ];
    for (const [clash, edit] of clashes)
      refuses(
        { name: 'members' },
        `openapi/openapi.yaml already has ${clash}, which resource "members" would add`,
        edit,
      );
  });

  it('keys a number key as an integer the client chooses', () => {
    const tree = new FsTree(scratch, false);
    resourceGenerator(tree, { name: 'orders', partitionKey: 'number:N' });
    const contract = parse(tree.read(contractFile, 'utf-8') ?? '') as Contract;
    assert.deepEqual(contract['x-resources'].orders, {
      schema: 'Order',
      partitionKey: { name: 'number', chosenBy: 'client' },
    });
    assert.deepEqual(contract.components.schemas.OrderNumber, {
      type: 'integer',
      minimum: -9007199254740991,
      maximum: 9007199254740991,
      description: 'A whole number, chosen by the client.',
    });
    assert.equal(contract.paths['/orders']?.post, undefined, 'no create: PUT creates');
  });

  it("lets the operation generator add to a resource's path, secured with that resource's scope", async () => {
    const tree = new FsTree(scratch, false);
    await operationGenerator(tree, { operationId: 'archiveUser', method: 'post', path: '/users/{id}/archive' });
    const contract = parse(tree.read(contractFile, 'utf-8') ?? '') as Contract;
    assert.deepEqual(contract.paths['/users/{id}/archive']?.post?.security, [
      { itemsOAuth: ['users:write'], apiKey: [] },
    ]);
  });

  it('refuses to remove what the rest of the contract still refers to, or an operation it did not add', async () => {
    const removing =
      (name: string, tree = new FsTree(scratch, false)) =>
      () =>
        resourceGenerator(tree, { name, remove: true });
    assert.throws(removing('nowhere'), {
      message:
        'resource generator: "nowhere" is not a resource of openapi/openapi.yaml (x-resources: items, users, kv, configs, notes)',
    });
    const withArchive = new FsTree(scratch, false);
    await operationGenerator(withArchive, { operationId: 'archiveUser', method: 'post', path: '/users/{id}/archive' });
    assert.throws(removing('users', withArchive), (error: Error) => {
      for (const place of [
        'paths./users/{id}/archive.post.tags (Users)',
        'paths./users/{id}/archive.post.security (users:write)',
        'paths./users/{id}/archive.post.responses.200.content.application/json.schema ($ref #/components/schemas/User)',
      ])
        assert.ok(error.message.includes(place), `${place} in: ${error.message}`);
      return true;
    });
    const onItsPath = new FsTree(scratch, false);
    await operationGenerator(onItsPath, { operationId: 'copyUser', method: 'post', path: '/users/{id}' });
    assert.throws(removing('users', onItsPath), {
      message:
        "resource generator: cannot remove users: paths./users/{id} holds POST (copyUser), which the resource generator did not add (it adds only users's shared actions); remove it first",
    });
    assert.throws(
      () => resourceGenerator(new FsTree(scratch, false), { name: 'users', remove: true, fields: 'a:string' }),
      {
        message: 'resource generator: --remove takes only the resource name; leave out --fields',
      },
    );
  });

  it("--remove deletes the resource's own tests, the folders named after it in a project's test/ or tests/", () => {
    const tree = new FsTree(scratch, false);
    const own = ['openapi/test/kv/kv.test.ts', 'openapi/tests/kv/more/kv.spec.ts'];
    const others = ['openapi/test/items/items.test.ts', 'openapi/test/kv.test.ts', 'kv/test/kv/outside.test.ts'];
    for (const file of [...own, ...others]) tree.write(file, '');
    resourceGenerator(tree, { name: 'kv', remove: true });
    for (const file of own) assert.equal(tree.exists(file), false, file);
    for (const file of others) assert.equal(tree.exists(file), true, `${file} is not a project's test of kv`);
  });

  it('--remove gives back the contract byte for byte, and the generated files', async () => {
    let regenerate: GeneratorCallback = () => {};
    for (const name of ['kv', 'notes', 'users', 'configs']) {
      const tree = new FsTree(scratch, false);
      regenerate = resourceGenerator(tree, { name, remove: true });
      flushChanges(scratch, tree.listChanges());
    }
    assert.equal(await readFile(join(scratch, contractFile), 'utf8'), original);
    await regenerate();
    for (const [file, text] of generated)
      assert.equal(await readFile(join(scratch, 'openapi/generated', file), 'utf8'), text, file);
  });
});
