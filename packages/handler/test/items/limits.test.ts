/**
 * What the contract admits is stored, or refused with the documented answer: the reproducers of issue 11 as
 * regression tests, DynamoDB's limits at and beyond their edges, a round-trip property for numbers and the
 * If-Match syntax shared by the contract and the handler. On a real DynamoDB Local: the 500s these tests guard
 * against came from DynamoDB and the SDK, which a stub would not reproduce.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { DynamoDBLocal } from '@items-api/dynamodb-local';
import type { Item } from '@items-api/openapi/schema';
import { schemaValidators } from '@items-api/openapi/schema-validators';
import { requestValidators } from '@items-api/openapi/validators';
import type { App } from '../../src/app.ts';
import { parseIfMatch } from '../../src/etag.ts';
import { parse as parseLossless } from 'lossless-json';
import {
  attributeNumberTexts,
  decimalValue,
  edgeNumberTexts,
  storableNumberText,
} from '@items-api/openapi/number-texts';
import { maxAttributeNameBytes, minNumberExponent } from '../../src/storage-checks.ts';
import { event, parse, type EventInit } from '../helpers.ts';
import { startLocalApp } from '../local-app.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

let db: DynamoDBLocal;
let app: App;
const tableName = 'items-limits';

before(async () => {
  ({ app, db } = await startLocalApp({ items: tableName }, 'SILENT'));
});

after(async () => {
  await db?.stop();
});

const call = async (method: string, path: string, init: EventInit = {}) => parse(await app(event(method, path, init)));

/** The item a successful answer holds. */
const itemOf = (answer: ReturnType<typeof parse>) => answer.body as Item;

const minNumberMagnitude = Number(`1e${minNumberExponent}`);

/** The same body through POST, PUT and PATCH (PATCH on an item that exists). */
async function writeEverywhere(label: string, body: string): Promise<Record<string, ReturnType<typeof parse>>> {
  await call('PUT', `/items/${label}`, { body: { name: 'exists' } });
  return {
    POST: await call('POST', '/items', { rawBody: body, headers: { 'Content-Type': 'application/json' } }),
    PUT: await call('PUT', `/items/${label}-put`, { rawBody: body, headers: { 'Content-Type': 'application/json' } }),
    PATCH: await call('PATCH', `/items/${label}`, {
      rawBody: body,
      headers: { 'Content-Type': 'application/merge-patch+json' },
    }),
  };
}

function assertRefusedAt(answers: Record<string, ReturnType<typeof parse>>, path: string): void {
  for (const [method, answer] of Object.entries(answers)) {
    assert.equal(answer.status, 400, `${method}: ${JSON.stringify(answer.body)}`);
    assert.ok(schemaValidators.Problem(answer.body));
    assert.equal(answer.body.type, 'urn:items-api:problem:validation-failed', method);
    assert.ok(
      (answer.body.errors ?? []).some((e: { path: string }) => e.path === path),
      `${method}: ${JSON.stringify(answer.body.errors)}`,
    );
  }
}

/** Stores `attributes` with POST and reads the item back with GET. */
async function roundTrip(
  attributes: Record<string, unknown>,
): Promise<{ created: ReturnType<typeof parse>; read: ReturnType<typeof parse> }> {
  const created = await call('POST', '/items', { body: { name: 'round trip', attributes } });
  assert.equal(created.status, 201, JSON.stringify(created.body).slice(0, 300));
  const read = await call('GET', `/items/${itemOf(created).id}`);
  assert.equal(read.status, 200);
  return { created, read };
}

describe('issue 11 reproducers: refused with 400 naming the place, where DynamoDB or the SDK answered 500', () => {
  it('an empty attribute name, {"name":"a","attributes":{"":false}}, through POST, PUT and PATCH', async () => {
    assertRefusedAt(await writeEverywhere('empty-name', '{"name":"a","attributes":{"":false}}'), '/body/attributes/');
  });

  it('an attribute name of 64 KiB or more, in one- and two-byte characters', async () => {
    for (const name of ['k'.repeat(maxAttributeNameBytes + 1), 'é'.repeat((maxAttributeNameBytes + 1) / 2)]) {
      assertRefusedAt(
        await writeEverywhere('long-name', JSON.stringify({ name: 'a', attributes: { [name]: 1 } })),
        `/body/attributes/${name}`,
      );
    }
  });

  it('a number of magnitude below 1e-130, and `__proto__` as a name (both documented)', async () => {
    assertRefusedAt(
      await writeEverywhere('underflow', '{"name":"a","attributes":{"n":9.99e-131}}'),
      '/body/attributes/n',
    );
    assertRefusedAt(
      await writeEverywhere('min-value', '{"name":"a","attributes":{"n":-5e-324}}'),
      '/body/attributes/n',
    );
    assertRefusedAt(
      await writeEverywhere('proto', '{"name":"a","attributes":{"__proto__":1}}'),
      '/body/attributes/__proto__',
    );
  });

  it('text that is not well-formed Unicode (a lone surrogate), anywhere in the body', async () => {
    assertRefusedAt(
      await writeEverywhere('surrogate-value', '{"name":"a","attributes":{"s":"x\\ud800"}}'),
      '/body/attributes/s',
    );
    assertRefusedAt(
      await writeEverywhere('surrogate-name', '{"name":"a","attributes":{"\\udfff":1}}'),
      '/body/attributes/\udfff',
    );
    assertRefusedAt(await writeEverywhere('surrogate-tag', '{"name":"a","tags":["ok","\\ud83d"]}'), '/body/tags/1');
  });
});

describe('at the edges of what DynamoDB holds, the contract admits and the handler stores exactly', () => {
  it("an attribute name of 65,535 bytes (DynamoDB's largest), in one- and two-byte characters", async () => {
    for (const name of ['k'.repeat(maxAttributeNameBytes), `${'é'.repeat((maxAttributeNameBytes - 1) / 2)}k`]) {
      assert.equal(Buffer.byteLength(name), maxAttributeNameBytes);
      const { read } = await roundTrip({ [name]: true });
      assert.deepEqual(itemOf(read).attributes, { [name]: true });
    }
  });

  it('names like Object.prototype members are plain names: stored, read back and returned', async () => {
    const attributes = JSON.parse(
      '{"constructor":"c","prototype":true,"toString":1,"hasOwnProperty":false,"valueOf":"v","__defineGetter__":"g"}',
    ) as Record<string, unknown>;
    const { created, read } = await roundTrip(attributes);
    assert.deepEqual(itemOf(created).attributes, attributes);
    assert.deepEqual(itemOf(read).attributes, attributes);
    const replaced = await call('PUT', `/items/${itemOf(created).id}`, { body: { name: 'again', attributes } });
    assert.deepEqual(itemOf(replaced).attributes, attributes);
    const patched = await call('PATCH', `/items/${itemOf(created).id}`, {
      body: { attributes: { constructor: 'only' } },
    });
    assert.deepEqual(itemOf(patched).attributes, { constructor: 'only' });
  });

  it('every number of the documented range round-trips exactly, boundaries included (property)', async () => {
    const boundaries = [
      0,
      minNumberMagnitude,
      -minNumberMagnitude,
      1e20,
      Number.MAX_SAFE_INTEGER + 1,
      Number.MAX_SAFE_INTEGER,
      Number.MIN_SAFE_INTEGER,
      0.1 + 0.2,
      1.0000000000000002,
      5e-130 * 3,
      2 ** -400,
    ];
    const storable = fc.oneof(
      fc.constantFrom(...boundaries),
      fc
        .double({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, noNaN: true })
        .filter((n) => n === 0 || Math.abs(n) >= minNumberMagnitude),
      fc
        .integer({ min: -1000, max: 1000 })
        .map((exponent) => Number(`1.2345678901234567e${exponent}`))
        .filter((n) => Math.abs(n) >= minNumberMagnitude && Math.abs(n) <= Number.MAX_SAFE_INTEGER),
    );
    let numbers = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(storable, { minLength: 1, maxLength: 50 }), async (values) => {
        const attributes = Object.fromEntries(values.map((value, index) => [`n${index}`, value]));
        const { read } = await roundTrip(attributes);
        numbers += values.length;
        for (const [name, value] of Object.entries(attributes)) {
          // -0 has no JSON spelling of its own: it is sent as 0.
          assert.ok(
            Object.is(itemOf(read).attributes?.[name], value === 0 ? 0 : value),
            `${value} came back as ${itemOf(read).attributes?.[name]}`,
          );
        }
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 60) },
    );
    assert.ok(numbers > 0);
  });

  it('an item over 400 KB, its names counted, is a 413 and stores nothing', async () => {
    const attributes = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`${i}`.padEnd(60_000, 'n'), i]));
    const before = await call('GET', '/items', { query: { limit: '100' } });
    const refused = await call('POST', '/items', { body: { name: 'heavy', attributes } });
    assert.equal(refused.status, 413);
    assert.deepEqual((await call('GET', '/items', { query: { limit: '100' } })).body, before.body);
  });
});

/** POSTs the raw body and reads the item back with GET; the raw answers, numbers as written. */
async function roundTripText(
  body: string,
): Promise<{ created: Record<string, string>; read: Record<string, string>; id: string }> {
  const created = await app(
    event('POST', '/items', { rawBody: body, headers: { 'Content-Type': 'application/json' } }),
  );
  assert.equal(created.statusCode, 201, created.body.slice(0, 300));
  const id = (JSON.parse(created.body) as Item).id;
  const read = await app(event('GET', `/items/${id}`));
  assert.equal(read.statusCode, 200);
  return { created: attributeNumberTexts(created.body), read: attributeNumberTexts(read.body), id };
}

describe('numbers are stored digit for digit, or refused with 400 naming them: never changed without a word', () => {
  it('1.00000000000000000001 is stored as sent and answered so by POST, GET and the list', async () => {
    const sent = '1.00000000000000000001';
    const { created, read, id } = await roundTripText(`{"name":"digits","attributes":{"n":${sent}}}`);
    assert.equal(decimalValue(created.n ?? ''), decimalValue(sent));
    assert.equal(decimalValue(read.n ?? ''), decimalValue(sent));
    let cursor: string | undefined;
    let listed: string | undefined;
    do {
      const page = await app(event('GET', '/items', { query: { limit: '100', ...(cursor ? { cursor } : {}) } }));
      const items = (parseLossless(page.body) as { items: { id: string; attributes?: { n?: unknown } }[] }).items;
      listed ??= items.find((item) => item.id === id)?.attributes?.n?.toString();
      cursor = (JSON.parse(page.body) as { nextCursor?: string }).nextCursor;
    } while (listed === undefined && cursor !== undefined);
    assert.equal(decimalValue(listed ?? ''), decimalValue(sent));
  });

  it('a number DynamoDB cannot hold as sent is a 400 naming it through POST, PUT and PATCH: 39+ digits, -0, out of range', async () => {
    for (const number of [
      '3.141592653589793238462643383279502884197',
      '-0',
      '-0.0',
      '-0e5',
      '1e126',
      '-9.99999999999999999999999999999999999999e125',
      '9.9e-131',
    ]) {
      assertRefusedAt(
        await writeEverywhere('unholdable', `{"name":"a","attributes":{"n":${number}}}`),
        '/body/attributes/n',
      );
    }
  });

  it("every number of up to 38 digits in DynamoDB's range round-trips with its value through POST and GET (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constantFrom(...edgeNumberTexts), storableNumberText), { minLength: 1, maxLength: 20 }),
        async (texts) => {
          const members = texts.map((text, index) => `"n${index}":${text}`).join(',');
          const { created, read } = await roundTripText(`{"name":"digits","attributes":{${members}}}`);
          texts.forEach((text, index) => {
            const [fromPost = '', fromGet = ''] = [created[`n${index}`], read[`n${index}`]];
            assert.equal(decimalValue(fromPost), decimalValue(text), `POST answered ${text} as ${fromPost}`);
            assert.equal(decimalValue(fromGet), decimalValue(text), `GET answered ${text} as ${fromGet}`);
          });
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 60) },
    );
  });
});

describe("If-Match: the contract's pattern and the handler's parser accept the same syntax (property)", () => {
  /** What the contract's parameters validator says of an If-Match value (pattern and length). */
  const contractAccepts = (value: string) =>
    requestValidators.putItem.parameters({ path: { id: 'x' }, query: {}, headers: { 'if-match': value } });
  const tag = fc
    .tuple(
      fc.boolean(),
      fc.string({ unit: fc.constantFrom('1', '2', '0', 'a', ',', '!', '~', '\u0080', '\u00ff', 'é'), maxLength: 4 }),
    )
    .map(([weak, opaque]) => `${weak ? 'W/' : ''}"${opaque}"`);
  const separator = fc.constantFrom(',', ', ', ' ,', '\t,\t', ' , ');
  const valid = fc.oneof(
    fc.constant('*'),
    fc
      .tuple(tag, fc.array(fc.tuple(separator, tag), { maxLength: 3 }))
      .map(([first, rest]) => first + rest.map(([s, t]) => s + t).join('')),
  );
  /** One character inserted, removed or replaced: quotes, separators, spaces and characters outside the syntax. */
  const nearMiss = fc
    .tuple(valid, fc.nat(), fc.constantFrom('', '"', ',', ' ', 'W', '/', '*', '\u0100', '\u007f', '\u0000', 'w/'))
    .map(([value, at, insert]) => {
      const i = at % (value.length + 1);
      return [value.slice(0, i) + insert + value.slice(i + 1), value.slice(0, i) + insert + value.slice(i)];
    });

  it('for generated values and their near misses', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          valid.map((v) => [v]),
          nearMiss,
        ),
        (values) => {
          for (const value of values.filter((v) => v.length <= 32)) {
            assert.equal(parseIfMatch(value) !== undefined, contractAccepts(value), JSON.stringify(value));
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('Location resolves wherever the client addressed the API', () => {
  for (const [shape, basePath] of [
    ['an execute-api URL (stage /dev)', '/dev'],
    ['a custom domain with base path /api/v1', '/api/v1'],
    ['a custom domain without base path', ''],
  ] as const) {
    it(`on ${shape}: POST and PUT answer a Location that a GET under the same base path reads`, async () => {
      const created = await call('POST', '/items', { body: { name: 'located' }, basePath });
      const put = await call('PUT', `/items/located-${basePath.replace(/\//g, '_') || 'root'}`, {
        body: { name: 'located' },
        basePath,
      });
      for (const answer of [created, put]) {
        assert.equal(answer.status, 201);
        const location: string = answer.headers.Location as string;
        assert.equal(location, `${basePath}/items/${itemOf(answer).id}`);
        // The client follows it: the same prefix, then the API's own path.
        const read = await call('GET', location.slice(basePath.length), { basePath });
        assert.equal(read.status, 200);
        assert.deepEqual(read.body, answer.body);
      }
    });
  }
});
