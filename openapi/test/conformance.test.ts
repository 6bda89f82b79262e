/**
 * The conformance property's schedule and coverage (src/testing/conformance.ts): an operation's requests do not
 * depend on the other operations (issue 23: a new operation shifted every draw and patchItem lost its success on
 * the fixed seed), and a run that never reached an operation's success says which operation and what it got.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deref, listOperations, loadContract, type JsonObject } from '../src/contract.ts';
import { requestSchedule, unreachedCases, type ConformanceReport } from '../src/testing/conformance.ts';
import { pathPool, poolFillingRequests } from '../src/testing/requests.ts';

const contract = await loadContract();

/**
 * The contract with one more operation (a name no contract has), as the generator would add it: a copy of its last
 * operation, on a path of its own under the last one's.
 */
function withOneMore(): JsonObject {
  const copy = structuredClone(contract);
  const last = listOperations(copy).at(-1) ?? assert.fail('the contract has no operation');
  const paths = copy.paths as JsonObject;
  const item = paths[last.path] as JsonObject;
  const operation = structuredClone(item[last.method]) as JsonObject;
  operation.operationId = 'oneMore';
  paths[`${last.path}/one-more`] = { parameters: item.parameters ?? [], post: operation };
  return copy;
}

const requestsOf = (schedule: { operationId: string }[], operationId: string) =>
  schedule.filter((request) => request.operationId === operationId);

describe('the conformance schedule', () => {
  it("draws each operation's requests from its own seed: a new operation leaves the others' as they were", () => {
    const operations = listOperations(contract).map((o) => o.operationId);
    const before = requestSchedule(contract, 10 * operations.length, 20261129);
    const after = requestSchedule(withOneMore(), 10 * (operations.length + 1), 20261129);
    assert.equal(requestsOf(after, 'oneMore').length, 10);
    for (const operationId of operations)
      assert.deepEqual(requestsOf(after, operationId), requestsOf(before, operationId), operationId);
  });

  it('gives every operation its turn, in contract order', () => {
    const operations = listOperations(contract).map((o) => o.operationId);
    const schedule = requestSchedule(contract, 2 * operations.length, 1);
    assert.deepEqual(
      schedule.map((request) => request.operationId),
      [...operations, ...operations],
    );
  });
});

describe('unreachedCases', () => {
  const report = (statuses: ConformanceReport['statuses']): ConformanceReport => ({
    runs: 0,
    seed: 20261129,
    statuses,
    refusals: {},
  });
  const covered: ConformanceReport['statuses'] = Object.fromEntries(
    listOperations(contract).map((o): [string, Record<number, number>] => [
      o.operationId,
      o.operation.requestBody ? { 200: 1, 400: 1 } : { 200: 1 },
    ]),
  );

  it('is empty when every operation reached its success, and a refusal of its body', () => {
    assert.deepEqual(unreachedCases(report(covered)), []);
  });

  it('names the operation that never answered a success, with its statuses and the seed that replays the run', () => {
    // An operation with a body: it must reach both its success and a refusal of its body.
    const withBody = (
      listOperations(contract).find((o) => o.operation.requestBody) ?? assert.fail('no operation takes a body')
    ).operationId;
    assert.deepEqual(unreachedCases(report({ ...covered, [withBody]: { 400: 16, 404: 22 } })), [
      `${withBody} never answered a success (2xx) in its 38 requests (statuses {"400":16,"404":22}); its requests come from its own seed, so it is what the operation's requests or the items the others left met: PROPERTY_SEED=20261129 replays the run`,
    ]);
    assert.match(
      unreachedCases(report({ ...covered, [withBody]: { 201: 3 } })).join('\n'),
      new RegExp(`^${withBody} never answered a refusal of its body \\(400\\)`),
    );
    const withoutHealth = Object.fromEntries(
      Object.entries(covered).filter(([operationId]) => operationId !== 'getHealth'),
    );
    assert.match(
      unreachedCases(report(withoutHealth)).join('\n'),
      /^getHealth never answered a success \(2xx\) in its 0 requests/,
    );
  });
});

describe('poolFillingRequests', () => {
  it('puts every pool key of every resource with a replace, each with a body the caller admits', () => {
    const replaces = listOperations(contract).filter(
      ({ operation }) => (operation['x-resource'] as JsonObject | undefined)?.action === 'replace',
    );
    const admitted: string[] = [];
    // Admits only bodies whose JSON is short: a body it refuses is never sent.
    const requests = poolFillingRequests(contract, 1, (operationId, body) => {
      const short = JSON.stringify(body).length < 200;
      if (short) admitted.push(JSON.stringify(body));
      return short;
    });
    assert.ok(replaces.length > 0);
    for (const { operationId, operation } of replaces) {
      const pools = (operation.parameters as JsonObject[])
        .map((parameter) => deref(contract, parameter))
        .filter((parameter) => parameter.in === 'path')
        .map((parameter) => [parameter.name as string, pathPool(deref(contract, parameter.schema))] as const);
      const sent = requests.filter((request) => request.operationId === operationId);
      assert.equal(
        sent.length,
        pools.reduce((count, [, pool]) => count * pool.length, 1),
        operationId,
      );
      for (const request of sent) {
        assert.equal(request.method, 'PUT');
        for (const [name, pool] of pools) assert.ok(pool.includes(request.pathParameters[name] ?? ''), name);
        assert.ok(admitted.includes(request.body ?? ''), `${request.body} was not admitted`);
      }
    }
  });
});
