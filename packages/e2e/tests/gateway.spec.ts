/** What the gateway answers before the function runs: unknown routes and methods, bad bodies, wrong types. */
import { expect, expectProblem, json, mergePatch, path, test } from './support.ts';

test('an unknown route is a 404 problem', async ({ request }) => {
  for (const route of ['/no-such-route', '/items/some-id/children', '/healthz']) {
    const problem = await expectProblem(await request.get(path(route)), 'not-found');
    expect(problem.detail).toContain(route);
  }
});

test('an unknown method on a known route is a 404 problem', async ({ request }) => {
  await expectProblem(await request.delete(path('/items')), 'not-found');
  await expectProblem(await request.post(path('/health'), { data: {}, headers: json }), 'not-found');
  await expectProblem(await request.post(path('/items/some-id'), { data: {}, headers: json }), 'not-found');
});

test('malformed JSON is a 400 malformed-json problem, as the contract says', async ({ request }) => {
  // Buffers: Playwright would JSON-encode a string that is not JSON (and so send valid JSON).
  for (const data of [Buffer.from('{"name": '), Buffer.from('not json'), Buffer.from('{"name":"x",}')]) {
    await expectProblem(await request.post(path('/items'), { data, headers: json }), 'malformed-json');
    await expectProblem(await request.put(path('/items/malformed'), { data, headers: json }), 'malformed-json');
    await expectProblem(await request.patch(path('/items/malformed'), { data, headers: mergePatch }), 'malformed-json');
  }
});

test('a missing body or one that breaks the model is a 400 validation-failed problem naming the place', async ({
  request,
}) => {
  const cases = [
    { response: await request.post(path('/items'), { headers: json }), place: '/body' },
    { response: await request.post(path('/items'), { data: '"a JSON string"', headers: json }), place: '/body' },
    {
      response: await request.post(path('/items'), { data: { name: 'x'.repeat(201) }, headers: json }),
      place: '/body/name',
    },
    { response: await request.post(path('/items'), { data: [{ name: 'array' }], headers: json }), place: '/body' },
    {
      response: await request.post(path('/items'), { data: { name: 'a', attributes: { '': 1 } }, headers: json }),
      place: '/body/attributes/',
    },
  ];
  for (const { response, place } of cases) {
    const problem = await expectProblem(response, 'validation-failed');
    expect((problem.errors as { path: string }[]).map((e) => e.path)).toContain(place);
  }
});

test('a content type the operation does not take is a 415 problem', async ({ request, items }) => {
  const { item } = await items.create();
  await expectProblem(
    await request.post(path('/items'), { data: '<item/>', headers: { 'Content-Type': 'application/xml' } }),
    'unsupported-media-type',
  );
  await expectProblem(
    await request.patch(path(`/items/${item.id}`), { data: '{"name":"x"}', headers: { 'Content-Type': 'text/plain' } }),
    'unsupported-media-type',
  );
});
