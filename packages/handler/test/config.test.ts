import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { infrastructure, resources, type ResourceName } from '@items-api/openapi/operations';
import { ConfigError, loadConfig } from '../src/config.ts';
import { parseIfMatch, etagOf } from '../src/etag.ts';
import { createLogger, parseLogLevel } from '../src/logger.ts';
import { itemBytes, maxItemBytes } from '../src/item-size.ts';
import { createTableInput, createTableInputFor, type TableKeys } from '../src/table.ts';
import { everyTable } from './helpers.ts';

// Any resource would do where a test needs one: the contract's first.
const firstResource = Object.keys(resources)[0] as ResourceName;

describe('loadConfig', () => {
  it("needs TABLE_NAMES: a JSON object naming a table for exactly the contract's resources", () => {
    const refused = (value: string | undefined, message: RegExp) =>
      assert.throws(
        () => loadConfig({ TABLE_NAMES: value, CURSOR_SIGNING_KEY: 'k'.repeat(32) }),
        (e: unknown) => e instanceof ConfigError && /^TABLE_NAMES/.test(e.message) && message.test(e.message),
      );
    for (const missing of [undefined, '', '  ']) refused(missing, /is not set/);
    refused('items-dev', /is not JSON/);
    for (const notAnObject of ['["items"]', '"items"', 'null', '3']) refused(notAnObject, /must be a JSON object/);
    const everyResource = Object.fromEntries(Object.keys(resources).map((resource) => [resource, `${resource}-t`]));
    refused('{}', new RegExp(`no table for the resource\\(s\\) ${Object.keys(resources).join(', ')}`));
    refused(JSON.stringify({ ...everyResource, unknownThing: 't' }), /names unknownThing, which the contract does not/);
    for (const name of ['', ' ', 3, null])
      refused(
        JSON.stringify({ ...everyResource, [firstResource]: name }),
        new RegExp(`TABLE_NAMES.${firstResource} must be a table name`),
      );
  });

  it('has defaults for everything but the tables and the cursor signing key', () => {
    assert.deepEqual(loadConfig({ TABLE_NAMES: JSON.stringify(everyTable), CURSOR_SIGNING_KEY: 'k'.repeat(32) }), {
      tableNames: everyTable,
      endpoint: undefined,
      region: 'local',
      cursorKeySource: { kind: 'value', value: 'k'.repeat(32) },
      logLevel: 'INFO',
      serviceName: 'items-api',
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      TABLE_NAMES: JSON.stringify(everyTable),
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
      AWS_REGION: 'eu-west-1',
      CURSOR_SIGNING_KEY_PARAMETER: '/items-api/dev/cursor-signing-key',
      LOG_LEVEL: 'debug',
      POWERTOOLS_SERVICE_NAME: 'svc',
    });
    assert.equal(config.endpoint, 'http://127.0.0.1:8000');
    assert.equal(config.region, 'eu-west-1');
    assert.deepEqual(config.cursorKeySource, { kind: 'parameter', name: '/items-api/dev/cursor-signing-key' });
    assert.equal(config.logLevel, 'DEBUG');
    assert.equal(config.serviceName, 'svc');
  });

  it('rejects a bad endpoint and an unknown LOG_LEVEL', () => {
    const base = { TABLE_NAMES: JSON.stringify(everyTable), CURSOR_SIGNING_KEY: 'k'.repeat(32) };
    assert.throws(() => loadConfig({ ...base, DYNAMODB_ENDPOINT: 'not a url' }), /DYNAMODB_ENDPOINT/);
    assert.throws(() => loadConfig({ ...base, DYNAMODB_ENDPOINT: 'ftp://x' }), /http\(s\)/);
    assert.throws(() => loadConfig({ ...base, LOG_LEVEL: 'loud' }), /LOG_LEVEL/);
  });

  it('needs exactly one source of the cursor signing key, with no built-in fallback', () => {
    const refused = (env: Record<string, string>, message: RegExp) =>
      assert.throws(
        () => loadConfig({ TABLE_NAMES: JSON.stringify(everyTable), AWS_REGION: 'eu-west-1', ...env }),
        (e: unknown) => e instanceof ConfigError && message.test(e.message),
      );
    refused({}, /Neither CURSOR_SIGNING_KEY_PARAMETER .* nor CURSOR_SIGNING_KEY .* is set/);
    refused({ CURSOR_SIGNING_KEY: '', CURSOR_SIGNING_KEY_PARAMETER: ' ' }, /Neither/);
    refused({ CURSOR_SIGNING_KEY: 'short' }, /CURSOR_SIGNING_KEY must be at least 32 characters/);
    refused(
      { CURSOR_SIGNING_KEY: 'k'.repeat(32), CURSOR_SIGNING_KEY_PARAMETER: '/p' },
      /Both CURSOR_SIGNING_KEY_PARAMETER and CURSOR_SIGNING_KEY are set/,
    );
    assert.throws(
      () => loadConfig({ TABLE_NAMES: JSON.stringify(everyTable), CURSOR_SIGNING_KEY_PARAMETER: '/p' }),
      /AWS_REGION is not set: .* CURSOR_SIGNING_KEY_PARAMETER/,
    );
  });
});

describe('If-Match', () => {
  it('parses strong tags, lists and *; weak and opaque tags match nothing; bad syntax is undefined', () => {
    assert.equal(etagOf(3), '"3"');
    assert.deepEqual(parseIfMatch('"3"'), { kind: 'versions', versions: [3] });
    assert.deepEqual(parseIfMatch('"3" , "4"'), { kind: 'versions', versions: [3, 4] });
    assert.deepEqual(parseIfMatch('"3",\t"4",W/"5"'), { kind: 'versions', versions: [3, 4] });
    // A comma is an entity-tag character (RFC 9110 etagc): one opaque tag, not two broken ones.
    assert.deepEqual(parseIfMatch('"a,b"'), { kind: 'versions', versions: [] });
    assert.deepEqual(parseIfMatch('"a,b", "2"'), { kind: 'versions', versions: [2] });
    assert.deepEqual(parseIfMatch('*'), { kind: 'any' });
    assert.deepEqual(parseIfMatch('W/"3"'), { kind: 'versions', versions: [] });
    assert.deepEqual(parseIfMatch('"abc"'), { kind: 'versions', versions: [] });
    assert.deepEqual(parseIfMatch('"03"'), { kind: 'versions', versions: [] });
    // Field values arrive trimmed, so surrounding whitespace is not the syntax (the contract's pattern agrees).
    for (const bad of [
      '3',
      '"3',
      '',
      'W/3',
      '"3",',
      '"a b"',
      ' "3"',
      '"3" ',
      ',"3"',
      '"3",,"4"',
      'w/"3"',
      '**',
      '"\u0100"',
    ]) {
      assert.equal(parseIfMatch(bad), undefined, bad);
    }
  });
});

describe('logger', () => {
  it('writes JSON lines at or above its level only, with errors serialised', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'WARN', service: 's', write: (l) => lines.push(l) });
    logger.info('hidden');
    logger.error('shown', { error: new Error('boom') });
    assert.equal(lines.length, 1);
    const entry = JSON.parse(lines[0] as string) as {
      level: string;
      service: string;
      error: { message: string; stack: string };
    };
    assert.equal(entry.level, 'ERROR');
    assert.equal(entry.service, 's');
    assert.equal(entry.error.message, 'boom');
    assert.match(entry.error.stack, /boom/);
    assert.equal(parseLogLevel(undefined), 'INFO');
    assert.equal(parseLogLevel('warning'), 'WARN');
  });
});

describe('table definition', () => {
  it("is keyed by each resource's declared keys (x-resources, as infrastructure.json's tables says), on demand", () => {
    for (const resource of Object.keys(resources) as ResourceName[]) {
      const declared: TableKeys = infrastructure.tables[resource];
      const keys = [declared.partitionKey, ...(declared.sortKey ? [declared.sortKey] : [])];
      const input = createTableInput(resource, 't');
      assert.equal(input.TableName, 't');
      assert.equal(input.BillingMode, 'PAY_PER_REQUEST');
      assert.deepEqual(
        input.KeySchema,
        keys.map(({ name }, index) => ({ AttributeName: name, KeyType: index === 0 ? 'HASH' : 'RANGE' })),
      );
      assert.deepEqual(
        input.AttributeDefinitions,
        keys.map(({ name, type }) => ({ AttributeName: name, AttributeType: type })),
      );
    }
  });

  it('has a RANGE key for a resource with a sort key, of its type', () => {
    const input = createTableInputFor(
      { partitionKey: { name: 'tenant', type: 'S' }, sortKey: { name: 'at', type: 'N' } },
      'configs',
    );
    assert.deepEqual(input.KeySchema, [
      { AttributeName: 'tenant', KeyType: 'HASH' },
      { AttributeName: 'at', KeyType: 'RANGE' },
    ]);
    assert.deepEqual(input.AttributeDefinitions, [
      { AttributeName: 'tenant', AttributeType: 'S' },
      { AttributeName: 'at', AttributeType: 'N' },
    ]);
  });

  it('hands out a fresh input each time, so a caller cannot change the definition', () => {
    const declared: TableKeys = infrastructure.tables[firstResource];
    const first = createTableInput(firstResource, 't');
    first.KeySchema?.push({ AttributeName: 'other', KeyType: 'RANGE' });
    const [definition] = first.AttributeDefinitions ?? [];
    if (definition) definition.AttributeType = 'B';
    assert.equal(createTableInput(firstResource, 't').KeySchema?.length, declared.sortKey ? 2 : 1);
    assert.equal(
      createTableInput(firstResource, 't').AttributeDefinitions?.[0]?.AttributeType,
      declared.partitionKey.type,
    );
  });
});

describe('itemBytes', () => {
  it('follows DynamoDB sizing: names + UTF-8 strings, small numbers, containers', () => {
    assert.equal(itemBytes({ id: 'abc' }), 5);
    assert.equal(itemBytes({ n: 'é' }), 3);
    assert.equal(itemBytes({ b: true }), 2);
    assert.equal(itemBytes({ l: ['a'] }), 1 + 3 + 1 + 1);
    assert.equal(itemBytes({ m: { k: 1 } }), 1 + 3 + 1 + 1 + 2);
    assert.ok(itemBytes({ big: 'x'.repeat(maxItemBytes) }) > maxItemBytes);
  });
});
