/**
 * What the gateway answers before the function runs: unknown routes and methods, bad bodies, wrong types. Every
 * operation taking a body is sent each bad body, at a fresh key (nothing is stored there: the gateway answers first).
 */
import body from '@items-api/openapi/apigateway-body.json' with { type: 'json' };
import { allowedMethods, operations, type OperationId } from '@items-api/openapi/operations';
import { contentTypeOf, exampleOf, expect, expectProblem, json, nowhere, path, test } from './support.ts';

/** The operations taking a body. */
const withBody = (Object.keys(operations) as OperationId[]).filter((id) => operations[id].requestBody !== null);

/** A path of the contract addressing an object (one with a parameter), if any, at the key `some-id`. */
const objectPath = Object.keys(allowedMethods)
  .find((template) => template.includes('{'))
  ?.replace(/\{[^}]+\}/g, 'some-id');

type SchemaObject = { $ref?: string; type?: string; properties?: Record<string, SchemaObject> };
const schemas = (body as { components: { schemas: Record<string, SchemaObject> } }).components.schemas;
const resolve = (schema: SchemaObject): SchemaObject =>
  schema.$ref ? resolve(schemas[schema.$ref.replace('#/components/schemas/', '')] ?? {}) : schema;

/** A string property of the operation's body schema, if it has one: a number there breaks the model. */
const stringPropertyOf = (id: OperationId): string | undefined => {
  const name = (operations[id].requestBody as { schema: string }).schema;
  return Object.entries(resolve({ $ref: `#/components/schemas/${name}` }).properties ?? {}).find(
    ([, property]) => resolve(property).type === 'string',
  )?.[0];
};

test('an unknown route is a 404 problem', async ({ request }) => {
  for (const route of ['/no-such-route', ...(objectPath ? [`${objectPath}/children`] : []), '/healthz']) {
    const problem = await expectProblem(await request.get(path(route)), 'not-found');
    expect(problem.detail).toContain(route);
  }
});

test('an unknown method on a known route is a 404 problem', async ({ request }) => {
  for (const [template, allowed] of Object.entries(allowedMethods) as [string, readonly string[]][]) {
    const method = ['DELETE', 'POST', 'PUT', 'PATCH'].find((candidate) => !allowed.includes(candidate));
    if (!method) continue;
    const response = await request.fetch(path(template.replace(/\{[^}]+\}/g, 'some-id')), {
      method,
      ...(method !== 'DELETE' && { data: {}, headers: json }),
    });
    await expectProblem(response, 'not-found');
  }
});

for (const id of withBody) {
  test(`${id}: malformed JSON is a 400 malformed-json problem, as the contract says`, async ({ request }) => {
    // Buffers: Playwright would JSON-encode a string that is not JSON (and so send valid JSON).
    for (const data of [Buffer.from('{"name": '), Buffer.from('not json'), Buffer.from('{"name":"x",}')]) {
      const response = await request.fetch(nowhere(id), {
        method: operations[id].method,
        data,
        headers: contentTypeOf(id),
      });
      await expectProblem(response, 'malformed-json');
    }
  });

  test(`${id}: a missing body or one that breaks the model is a 400 validation-failed problem naming the place`, async ({
    request,
  }) => {
    const send = (data?: unknown) =>
      request.fetch(nowhere(id), {
        method: operations[id].method,
        ...(data !== undefined && { data }),
        headers: contentTypeOf(id),
      });
    const property = stringPropertyOf(id);
    const cases = [
      { response: await send(), place: '/body' },
      { response: await send('"a JSON string"'), place: '/body' },
      { response: await send([exampleOf(id)]), place: '/body' },
      ...(property
        ? [{ response: await send({ ...(exampleOf(id) as object), [property]: 42 }), place: `/body/${property}` }]
        : []),
    ];
    for (const { response, place } of cases) {
      const problem = await expectProblem(response, 'validation-failed');
      expect((problem.errors as { path: string }[]).map((e) => e.path)).toContain(place);
    }
  });

  test(`${id}: a content type the operation does not take is a 415 problem`, async ({ request }) => {
    for (const contentType of ['application/xml', 'text/plain']) {
      const response = await request.fetch(nowhere(id), {
        method: operations[id].method,
        data: contentType === 'application/xml' ? '<object/>' : JSON.stringify(exampleOf(id)),
        headers: { 'Content-Type': contentType },
      });
      await expectProblem(response, 'unsupported-media-type');
    }
  });
}
