/**
 * Every `example` in the contract is an instance of the schema next to it (parameters, headers, request and
 * response bodies), so the documentation never shows a value the API would refuse or never send. Whether the
 * handler accepts each request example (its checks beyond the schemas included) is tested in packages/handler.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { deref, isObject, listOperations, loadContract, type Json, type JsonObject } from '../src/contract.ts';

const contract = await loadContract();
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
ajv.addSchema({ $id: 'contract', components: contract.components ?? {} });

/** Every object that holds both an `example` and the `schema` it illustrates, with where it is. */
function examplesWithSchemas(value: Json, where = '#'): { where: string; example: Json; schema: JsonObject }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => examplesWithSchemas(v, `${where}/${i}`));
  if (!isObject(value)) return [];
  const own =
    value.example !== undefined && isObject(value.schema)
      ? [{ where, example: value.example, schema: value.schema }]
      : [];
  return [
    ...own,
    ...Object.entries(value).flatMap(([key, child]) =>
      examplesWithSchemas(child, `${where}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`),
    ),
  ];
}

/** A schema whose local references resolve against the contract registered above. */
function anchored(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(anchored);
  if (!isObject(schema)) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, child]) => [
      key,
      key === '$ref' && typeof child === 'string' ? `contract${child}` : anchored(child),
    ]),
  );
}

describe('examples in the contract', () => {
  const found = examplesWithSchemas(contract);

  it('are found in parameters, headers and bodies', () => {
    const places = new Set(found.map(({ where }) => where.split('/')[2]));
    assert.ok(found.length >= 20, `only ${found.length} examples found`);
    for (const place of ['parameters', 'headers', 'responses'])
      assert.ok(places.has(place), `no example under components/${place}`);
    assert.ok(
      found.some(({ where }) => where.includes('/requestBody/')),
      'no request body example',
    );
  });

  it('each match the schema they illustrate', () => {
    const failures = found.flatMap(({ where, example, schema }) => {
      const validate = ajv.compile(anchored(schema) as JsonObject);
      return validate(example) ? [] : [`${where}: ${ajv.errorsText(validate.errors)}`];
    });
    assert.deepEqual(failures, []);
  });

  it('show no cursor: cursors are signed per deployment, so none could be replayed', () => {
    const cursor = deref(contract, ((contract.components as JsonObject).parameters as JsonObject).Cursor);
    assert.equal(cursor.example, undefined);
    // A page is an object schema with a nextCursor; every list and query documents one with an example.
    const schemas = (contract.components as JsonObject).schemas as JsonObject;
    const pageRefs = Object.keys(schemas)
      .filter((name) => {
        const { properties } = deref(contract, schemas[name]);
        return isObject(properties) && isObject(properties.nextCursor);
      })
      .map((name) => `#/components/schemas/${name}`);
    const pages = found.filter(({ schema }) => typeof schema.$ref === 'string' && pageRefs.includes(schema.$ref));
    const collections = listOperations(contract).filter(({ operation }) => {
      const action = (operation['x-resource'] as JsonObject | undefined)?.action;
      return action === 'list' || action === 'query';
    });
    assert.ok(pages.length >= collections.length, `${pages.length} page examples for ${collections.length} lists`);
    for (const { where, example } of pages) assert.ok(isObject(example) && example.nextCursor === undefined, where);
  });
});
