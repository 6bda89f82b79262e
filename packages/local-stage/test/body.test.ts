/**
 * The API Gateway body as the local stage renders it (templatefile() with the stage's values), and the tables the
 * stage gives each resource of the contract.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import body from '@items-api/openapi/apigateway-body.json' with { type: 'json' };
import { resources } from '@items-api/openapi/operations';
import { localTemplateValues, renderBodyTemplate } from '../src/body.ts';
import { functionEnvironment } from '../src/function.ts';
import { localTableNames } from '../src/table.ts';

const values = { name: 'n', tables: { items: 'items-t', configs: 'configs-t' } };

describe('renderBodyTemplate', () => {
  it('fills string variables, map entries (${map.key}) and the escapes, in every string of the body', () => {
    assert.deepEqual(
      renderBodyTemplate(
        { a: ['${name}', '${ tables.configs }/${tables.items}'], b: { c: '$${literal} %%{directive}' }, n: 1 },
        values,
      ),
      { a: ['n', 'configs-t/items-t'], b: { c: '${literal} %{directive}' }, n: 1 },
    );
  });

  it('refuses a variable, a map entry or a directive it has no value for, naming it', () => {
    const refused = (text: string, message: RegExp) =>
      assert.throws(() => renderBodyTemplate({ text }, values), message);
    refused('${other}', /uses \$\{other\}, a template variable the local stage has no value for/);
    refused(
      '${tables.orders}',
      /uses \$\{tables\.orders\}, but tables has no entry "orders" on the local stage \(it has: items, configs\)/,
    );
    refused('${tables}', /but tables is a map: name one of its entries \(tables\.<key>\)/);
    refused('${tables.items.x}', /but tables is a map/);
    refused('${name.x}', /but name is a string, not a map/);
    refused('%{ if true }', /templatefile\(\) directive/);
  });

  it("renders the contract's body with every resource's table (dynamodb_table_names)", () => {
    const tableNames = localTableNames();
    const rendered = JSON.stringify(renderBodyTemplate(body, localTemplateValues(tableNames)));
    assert.doesNotMatch(rendered, /\$\{/);
    for (const [resource, tableName] of Object.entries(tableNames)) {
      if (JSON.stringify(body).includes(`\${dynamodb_table_names.${resource}}`))
        assert.ok(rendered.includes(tableName), `${resource}'s table ${tableName} is in the rendered body`);
    }
  });
});

describe('the local tables', () => {
  it('are <resource>-local for every resource of the contract, unless named', () => {
    const defaults = localTableNames();
    assert.deepEqual(Object.keys(defaults), Object.keys(resources));
    for (const [resource, tableName] of Object.entries(defaults)) assert.equal(tableName, `${resource}-local`);
    const [first] = Object.keys(resources);
    assert.ok(first, 'the contract declares a resource');
    assert.deepEqual(localTableNames({ [first]: 'mine' }), { ...defaults, [first]: 'mine' });
  });

  it('refuse a table for a resource the contract does not declare', () => {
    assert.throws(
      () => localTableNames({ orders: 'x' }),
      new RegExp(
        `tableNames names orders, which the contract does not declare as resources \\(${Object.keys(resources).join(', ')}\\)`,
      ),
    );
  });

  it('are handed to the function as TABLE_NAMES', () => {
    const environment = functionEnvironment(localTableNames(), 'http://127.0.0.1:9');
    assert.deepEqual(JSON.parse(environment.TABLE_NAMES ?? ''), localTableNames());
    assert.equal(environment.TABLE_NAME, undefined);
  });
});
