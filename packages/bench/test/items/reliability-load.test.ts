/**
 * Load without loss: N virtual users mix create / get / patch / delete on the local stage (the real gateway,
 * handler bundle and DynamoDB Local) for a while; every answer must be a non-5xx, and afterwards every
 * acknowledged write must be there with the acknowledged version and content, every acknowledged delete gone,
 * and the listing must hold exactly the live items.
 *
 * Short form (npm test): 5 s at concurrency 8. Long form (RELIABILITY_LONG=1): 60 s at concurrency 32.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LocalStage } from '@items-api/local-stage';
import { json, long, problemDefect, send, startQuietStage, apiOf, type Answer } from '../support/reliability.ts';

const seconds = Number(process.env.RELIABILITY_LOAD_SECONDS ?? (long ? 60 : 5));
const concurrency = Number(process.env.RELIABILITY_LOAD_CONCURRENCY ?? (long ? 32 : 8));

interface Acked {
  name: string;
  version: number;
  deleted: boolean;
}

interface Item {
  id: string;
  name: string;
  version: number;
}

describe(`load: ${seconds} s at concurrency ${concurrency}, create/get/patch/delete`, () => {
  let stage: LocalStage;
  before(async () => {
    stage = await startQuietStage();
  });
  after(async () => {
    await stage?.stop();
  });

  it('answers no 5xx and loses no acknowledged write', async (t) => {
    const api = await apiOf(stage);
    const acked = new Map<string, Acked>();
    const serverErrors: string[] = [];
    const transportErrors: string[] = [];
    const unexpected: string[] = [];
    const counts = { create: 0, get: 0, patch: 0, delete: 0 };
    const deadline = performance.now() + seconds * 1000;
    const check = (what: string, answer: Answer, expected: number[]) => {
      if (answer.error) transportErrors.push(`${what}: ${answer.error} ${answer.errorMessage ?? ''}`);
      else if (answer.status >= 500) serverErrors.push(`${what}: ${answer.status} ${answer.text.slice(0, 300)}`);
      else if (!expected.includes(answer.status))
        unexpected.push(`${what}: ${answer.status} ${answer.text.slice(0, 300)}`);
      else if (answer.status >= 400 && problemDefect(answer)) unexpected.push(`${what}: ${problemDefect(answer)}`);
      return !answer.error && expected.includes(answer.status);
    };

    await Promise.all(
      Array.from({ length: concurrency }, async (_, user) => {
        // Each user owns its items, so it knows the exact version every one of them must have.
        const mine: string[] = [];
        let step = 0;
        while (performance.now() < deadline) {
          step++;
          const roll = Math.random();
          if (mine.length === 0 || roll < 0.3) {
            counts.create++;
            const name = `u${user}-s${step}`;
            const answer = await send(api, {
              method: 'POST',
              path: '/items',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ name, tags: ['load'], attributes: { user, step } }),
            });
            if (check('POST /items', answer, [201])) {
              const item = json<Item>(answer);
              acked.set(item.id, { name, version: item.version, deleted: false });
              mine.push(item.id);
            }
            continue;
          }
          const id = mine[Math.floor(Math.random() * mine.length)] as string;
          const state = acked.get(id) as Acked;
          if (roll < 0.6) {
            counts.get++;
            const answer = await send(api, { method: 'GET', path: `/items/${id}` });
            if (check(`GET ${id}`, answer, [200])) {
              const item = json<Item>(answer);
              if (item.version !== state.version || item.name !== state.name)
                unexpected.push(
                  `GET ${id}: read v${item.version} "${item.name}", acknowledged v${state.version} "${state.name}"`,
                );
            }
          } else if (roll < 0.9) {
            counts.patch++;
            const name = `u${user}-s${step}-patched`;
            const answer = await send(api, {
              method: 'PATCH',
              path: `/items/${id}`,
              headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': `"${state.version}"` },
              body: JSON.stringify({ name, attributes: { step } }),
            });
            if (check(`PATCH ${id}`, answer, [200])) {
              const item = json<Item>(answer);
              if (item.version !== state.version + 1)
                unexpected.push(`PATCH ${id}: version ${item.version} after v${state.version}`);
              acked.set(id, { name, version: item.version, deleted: false });
            }
          } else {
            counts.delete++;
            const answer = await send(api, {
              method: 'DELETE',
              path: `/items/${id}`,
              headers: { 'If-Match': `"${state.version}"` },
            });
            if (check(`DELETE ${id}`, answer, [204])) {
              acked.set(id, { ...state, deleted: true });
              mine.splice(mine.indexOf(id), 1);
            }
          }
        }
      }),
    );

    assert.deepEqual(serverErrors, [], `${serverErrors.length} 5xx answers`);
    assert.deepEqual(transportErrors, [], 'dropped or hung requests');
    assert.deepEqual(unexpected, [], 'unexpected answers');
    assert.ok(
      counts.create > concurrency && counts.get + counts.patch + counts.delete > 0,
      `too little load to mean anything: ${JSON.stringify(counts)}`,
    );

    // Afterwards: every acknowledged write is there, at the acknowledged version; every delete is gone.
    const lost: string[] = [];
    for (const [id, state] of acked) {
      const answer = await send(api, { method: 'GET', path: `/items/${id}` });
      if (state.deleted) {
        if (answer.status !== 404) lost.push(`${id}: deleted, but GET answers ${answer.status}`);
      } else if (answer.status !== 200)
        lost.push(`${id}: acknowledged v${state.version}, GET answers ${answer.status}`);
      else {
        const item = json<Item>(answer);
        if (item.version !== state.version || item.name !== state.name)
          lost.push(`${id}: acknowledged v${state.version} "${state.name}", stored v${item.version} "${item.name}"`);
      }
    }
    assert.deepEqual(lost, [], `${lost.length} lost or stale writes out of ${acked.size} items`);

    // And the listing holds exactly the live items, each once.
    const listed = new Set<string>();
    let cursor: string | undefined;
    do {
      const answer = await send(api, { method: 'GET', path: `/items?limit=100${cursor ? `&cursor=${cursor}` : ''}` });
      assert.equal(answer.status, 200, answer.text);
      const page = json<{ items: Item[]; nextCursor?: string }>(answer);
      for (const item of page.items) {
        assert.ok(!listed.has(item.id), `${item.id} listed twice`);
        listed.add(item.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    const live = [...acked]
      .filter(([, s]) => !s.deleted)
      .map(([id]) => id)
      .sort();
    assert.deepEqual([...listed].sort(), live);
    t.diagnostic(
      `load: ${JSON.stringify(counts)} requests, ${acked.size} items, ${live.length} live; 0 5xx, 0 lost writes`,
    );
  });
});
