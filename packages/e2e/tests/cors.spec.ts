/** CORS: preflight answers and headers on every kind of answer, as the contract's `cors` policy states. */
import { allowedMethods, cors, resources, type ResourceName } from '@items-api/openapi/operations';
import { expect, expectProblem, path, test } from './support.ts';

const origin = 'https://app.example.com';

for (const [template, methods] of Object.entries(allowedMethods)) {
  // Browsers send preflights without credentials: they are public.
  test(`preflight on ${template} allows ${methods.join(', ')}`, async ({ anonymous }) => {
    const response = await anonymous.fetch(path(template.replace(/\{[^}]+\}/g, 'any-key')), {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': methods[0],
        'Access-Control-Request-Headers': 'authorization,content-type,if-match,x-api-key',
      },
    });
    expect(response.status()).toBe(204);
    const headers = response.headers();
    expect(headers['access-control-allow-origin']).toBe(cors.allowOrigin);
    expect(
      headers['access-control-allow-methods']
        ?.split(',')
        .map((m) => m.trim())
        .sort(),
    ).toEqual([...methods].sort());
    expect(
      headers['access-control-allow-headers']
        ?.split(',')
        .map((h) => h.trim().toLowerCase())
        .sort(),
    ).toEqual(cors.allowHeaders.map((h) => h.toLowerCase()).sort());
    expect(headers['access-control-max-age']).toBe(String(cors.maxAgeSeconds));
  });
}

// A store (a create or a replace) is the function's answer on any stage, and the one that sets Location and ETag.
for (const resource of Object.keys(resources) as ResourceName[]) {
  test(`${resource}: answers of the function carry the CORS headers and expose ETag and Location`, async ({
    objects,
  }) => {
    const { response } = await objects.store(resource, { headers: { Origin: origin } });
    expect(response.headers()['access-control-allow-origin']).toBe(cors.allowOrigin);
    const exposed =
      response
        .headers()
        ['access-control-expose-headers']?.split(',')
        .map((h) => h.trim().toLowerCase()) ?? [];
    for (const header of cors.exposeHeaders) expect(exposed).toContain(header.toLowerCase());
  });
}

test('answers of the gateway itself carry the CORS headers too', async ({ request }) => {
  const response = await request.get(path('/no-such-route'), { headers: { Origin: origin } });
  await expectProblem(response, 'not-found');
  expect(response.headers()['access-control-expose-headers']?.toLowerCase()).toContain('etag');
});
