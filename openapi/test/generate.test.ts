import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { artifacts, findDrift, generatedDir } from '../src/generate.ts';
import { lintContract } from '../src/lint.ts';
import { ContractError, deref, listOperations, loadContract, readProblemTypes } from '../src/contract.ts';

describe('generated artifacts', () => {
  it('match openapi.yaml exactly (regenerated into a temp dir)', async () => {
    assert.deepEqual(await findDrift(), [], 'run `npx nx run openapi:generate` and commit the result');
  });

  it('drift detection notices a hand edit', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'items-api-drift-'));
    try {
      await cp(generatedDir, copy, { recursive: true });
      const target = join(copy, 'operations.ts');
      await writeFile(target, `${await readFile(target, 'utf8')}\n// edited by hand\n`);
      assert.deepEqual(await findDrift(copy), ['operations.ts']);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('are all committed files the generator knows about, and no other', async () => {
    const committed = (await readdir(generatedDir, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => relative(generatedDir, join(entry.parentPath, entry.name)));
    assert.deepEqual(committed.sort(), artifacts.map((a) => a.file).sort());
  });
});

describe('the contract', () => {
  it('lints with no errors and no warnings', () => {
    assert.deepEqual(lintContract().problems, []);
  });

  it('gives every operation an operationId, summary, description, tags, an example and its errors', async () => {
    const document = await loadContract();
    const problems = readProblemTypes(document);
    const errorStatuses = new Set(Object.values(problems).map((p) => p.status));
    for (const { operationId, operation } of listOperations(document)) {
      for (const field of ['summary', 'description', 'tags'] as const) {
        assert.ok(operation[field], `${operationId} has no ${field}`);
      }
      const responses = Object.entries(deref(document, operation.responses));
      assert.ok(
        responses.some(([code]) => Number(code) >= 400),
        `${operationId} documents no error response`,
      );
      for (const [code, raw] of responses) {
        const response = deref(document, raw);
        if (Number(code) >= 400) {
          assert.ok(errorStatuses.has(Number(code)), `${operationId} ${code} is not an x-problem-types status`);
          assert.ok(
            deref(document, response.content)['application/problem+json'],
            `${operationId} ${code} is not problem+json`,
          );
        }
        for (const media of Object.values(deref(document, response.content ?? {}))) {
          assert.ok(deref(document, media).example !== undefined, `${operationId} ${code} has no example`);
        }
      }
    }
  });

  it('loads with a readable error when the file is not OpenAPI 3.0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'items-api-contract-'));
    try {
      await writeFile(join(dir, 'a.yaml'), 'openapi: 3.1.0\ninfo: {title: x, version: "1"}\n');
      await assert.rejects(
        loadContract(join(dir, 'a.yaml')),
        (e: unknown) => e instanceof ContractError && /3\.0/.test(e.message),
      );
      await writeFile(join(dir, 'b.yaml'), 'openapi: [\n');
      await assert.rejects(loadContract(join(dir, 'b.yaml')), /not valid YAML/);
      await assert.rejects(loadContract(join(dir, 'missing.yaml')), /Cannot read the contract/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
