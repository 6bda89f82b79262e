/** What the gateway answers before the function runs, for the items resource's fields (../gateway.spec.ts: any body). */
import { expect, expectProblem, json, path, test } from './support.ts';

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
