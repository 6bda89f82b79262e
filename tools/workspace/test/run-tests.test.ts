import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { countSummaryLine, NxLog, optionsFromArgv, runTests, type Tally } from '../src/run-tests.ts';
import { testFailures } from '../src/test-failures.ts';

const fixtures = fileURLToPath(new URL('fixtures/runner-output/', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** A runner's output as Nx relays it in a project's lines: empty lines dropped. */
function fixture(name: string): string[] {
  return readFileSync(join(fixtures, name), 'utf8')
    .split('\n')
    .filter((l) => l !== '');
}

describe('npm test summary', () => {
  it('adds up node:test, Playwright and tofu/terraform summaries, with or without Nx prefixes and colours', () => {
    const tally: Tally = { passed: 0, failed: 0 };
    for (const line of [
      'handler: # pass 68',
      'handler: # fail 0',
      '# pass 2',
      '# fail 1',
      '\x1b[1m\x1b[34me2e:\x1b[39m\x1b[22m   51 passed (10.9s)',
      '  2 failed',
      '  1 flaky',
      'terraform: Success! 10 passed, 0 failed.',
      'terraform: Failure! 7 passed, 3 failed, 2 skipped.',
      'terraform: Success!',
      'terraform:  3 passed, 0 failed.',
      '    # Subtest: a test named # pass 5',
      'ok 1 - # pass 9 is not a summary',
    ]) {
      countSummaryLine(line, tally);
    }
    assert.deepEqual(tally, { passed: 68 + 2 + 51 + 10 + 7 + 3, failed: 1 + 2 + 3 });
  });
});

describe('failing tests named from runner output', () => {
  it('node:test TAP: each failed test with its suite, own stack frame and assertion message; not the suite', () => {
    assert.deepEqual(testFailures(fixture('node-test-tap.txt')), [
      {
        test: 'suite a › compares numbers (/repo/tools/x/test/fail.test.ts:5:39)',
        message: ['one is not two', '1 !== 2'],
      },
      {
        test: 'suite a › deep (/repo/tools/x/test/fail.test.ts:6:27)',
        message: [
          'Expected values to be strictly deep-equal:',
          '+ actual - expected',
          '{',
          '+   a: 1',
          '-   a: 2',
          '}',
        ],
      },
      { test: 'throws (/repo/tools/x/test/fail.test.ts:8:28)', message: ['boom', 'second line'] },
    ]);
  });

  it('node:test TAP: a file that fails outside its tests shows the error it printed', () => {
    const failures = testFailures(fixture('node-test-tap-file-error.txt'));
    assert.equal(failures.length, 1);
    const [{ test, message }] = failures as [(typeof failures)[number]];
    assert.match(test, /^\/repo\/tools\/x\/test\/fail\.test\.ts/);
    assert.equal(message[0], 'the file failed with exit code 1 outside its tests:');
    assert.match(message[1] ?? '', /^Error \[ERR_MODULE_NOT_FOUND\]: Cannot find package 'tsx'/);
  });

  it('node:test spec reporter (the default from Node 23): the failing tests section', () => {
    const failures = testFailures(fixture('node-test-spec.txt'));
    assert.deepEqual(
      failures.map((f) => f.test),
      ['compares numbers (fail.test.ts:2:987)', 'deep (fail.test.ts:2:1085)', 'throws (fail.test.ts:2:1168)'],
    );
    assert.deepEqual(failures[0]?.message, ['AssertionError [ERR_ASSERTION]: one is not two', '1 !== 2']);
  });

  it("Playwright's list reporter: the test's title path and its error up to the code frame", () => {
    assert.deepEqual(testFailures(fixture('playwright-list.txt')), [
      {
        test: 'x.spec.ts:3:3 › items › creates an item',
        message: [
          'Error: status of POST /items',
          'expect(received).toBe(expected) // Object.is equality',
          'Expected: 201',
          'Received: 400',
        ],
      },
      {
        test: 'x.spec.ts:5:3 › items › deep',
        message: [
          'Error: expect(received).toEqual(expected) // deep equality',
          '- Expected  - 1',
          '+ Received  + 1',
          'Object {',
          '-   "a": 2,',
          '+   "a": 1,',
          '}',
        ],
      },
    ]);
  });

  it('tofu/terraform test: the module (from tofu.sh step lines), file and run, the summary and error_message', () => {
    const lines = [
      'terraform:validate: step 4/13: terraform/modules/items-api (OpenTofu v1.12.6): init, validate, test',
      ...fixture('tftest.txt'),
    ];
    assert.deepEqual(testFailures(lines), [
      {
        test: 'terraform/modules/items-api › tests/x.tftest.hcl › run "doubles"',
        message: ['Error: Test assertion failed', 'double of 2 should be 5'],
      },
    ]);
  });

  it("tsc's and ESLint's errors, for a failed type check or lint", () => {
    assert.deepEqual(
      testFailures([
        "src/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.",
        '/repo/packages/handler/src/b.ts',
        '  12:5  error  Unsafe assignment of an `any` value  @typescript-eslint/no-unsafe-assignment',
        '  13:1  warning  Unused eslint-disable directive',
      ]),
      [
        { test: 'src/a.ts(3,7)', message: ["TS2322: Type 'string' is not assignable to type 'number'."] },
        {
          test: '/repo/packages/handler/src/b.ts:12:5',
          message: ['Unsafe assignment of an `any` value  @typescript-eslint/no-unsafe-assignment'],
        },
      ],
    );
  });
});

describe('npm test and npm run affected', () => {
  it('run every project, or with --affected what a change affects, passing the rest to Nx', () => {
    const scripts = (
      JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    const argv = (script: string) =>
      (scripts[script] ?? '').replace('tsx tools/workspace/src/run-tests.ts', '').split(' ');
    assert.deepEqual(optionsFromArgv([...argv('test'), '--parallel=1'].filter(Boolean)), {
      command: 'run-many',
      nxArgs: ['--parallel=1'],
    });
    assert.deepEqual(optionsFromArgv([...argv('affected'), '--base=HEAD~1'].filter(Boolean)), {
      command: 'affected',
      nxArgs: ['--base=HEAD~1'],
    });
  });
});

describe('npm test progress', () => {
  it('names the running tasks, how long they run and what their project printed last', () => {
    const log = new NxLog();
    log.observe('> nx run terraform:validate', 0);
    log.observe('> nx run handler:typecheck', 1_000);
    log.observe('\x1b[32mterraform:\x1b[39m terraform:validate: step 3/13: modules/items-api', 200_000);
    log.observe('> nx run e2e:e2e', 150_000);
    assert.deepEqual(log.heartbeat(250_000, 0, new Set(['e2e:e2e', 'terraform:validate']), 'npm test'), [
      '[npm test 4m10s] 2 running, 1 done:',
      '  terraform:validate   4m10s  last output 50s ago: terraform:validate: step 3/13: modules/items-api',
      `  e2e:e2e${' '.repeat(14)}1m40s  no output yet`,
    ]);
  });

  it('ends with each failed task and its failing tests; the last lines when no failure format is recognized', () => {
    const log = new NxLog();
    log.observe('> nx run a:test', 0);
    log.observe('> nx run b:lint', 0);
    for (const line of fixture('node-test-tap.txt')) log.observe(`a: ${line}`, 1);
    log.observe('b: something broke', 2);
    for (const line of ['', 'Failed tasks:', '', '- a:test', '- b:lint', '', '  Run duration: 3.0s'])
      log.observe(line, 3);
    const report = log.failureReport().join('\n');
    assert.match(report, /2 failed task\(s\)/);
    assert.match(report, /✖ a:test\n {2}✖ suite a › compares numbers \(\S+\)\n {6}one is not two\n {6}1 !== 2\n/);
    assert.match(
      report,
      /✖ b:lint\n {4}no test failure recognized in b's output; its last lines:\n {4}│ something broke/,
    );
  });

  it('runs Nx in a workspace: heartbeats while a task runs silently, then the failure report and the tally', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'run-tests-'));
    try {
      symlinkSync(join(repoRoot, 'node_modules'), join(ws, 'node_modules'));
      writeFileSync(join(ws, 'nx.json'), JSON.stringify({ neverConnectToCloud: true, tui: { enabled: false } }));
      writeFileSync(
        join(ws, 'package.json'),
        JSON.stringify({ name: 'ws', private: true, workspaces: ['fails', 'waits'] }),
      );
      const project = (name: string, command: string) => {
        mkdirSync(join(ws, name));
        writeFileSync(join(ws, name, 'package.json'), JSON.stringify({ name, version: '1.0.0' }));
        const test = { executor: 'nx:run-commands', options: { command, cwd: name } };
        writeFileSync(join(ws, name, 'project.json'), JSON.stringify({ name, targets: { test } }));
      };
      project('fails', 'node --test fail.test.mjs');
      writeFileSync(
        join(ws, 'fails', 'fail.test.mjs'),
        "import assert from 'node:assert/strict';\nimport { it } from 'node:test';\nit('adds', () => assert.equal(1 + 1, 3, 'sum of 1 and 1'));\n",
      );
      project('waits', 'sleep 4');
      // The inner node --test would otherwise take itself for a subtest of this run and skip its file.
      delete process.env.NODE_TEST_CONTEXT;
      process.env.NX_DAEMON = 'false'; // no daemon left behind for a directory about to be removed
      const out = new PassThrough();
      let text = '';
      out.on('data', (chunk: Buffer) => (text += chunk.toString()));
      const code = await runTests({
        command: 'run-many',
        nxArgs: ['--skip-nx-cache'],
        cwd: ws,
        heartbeatMs: 1_000,
        stdout: out,
        stderr: out,
      });
      assert.equal(code, 1, text);
      if (process.platform === 'linux')
        assert.match(text, /\[npm test \d+s\] 1 running, 1 done:\n {2}waits:test +\d+s/);
      else assert.match(text, /\[npm test \d+s\] 2 tasks started/);
      assert.match(text, /✖ fails:test\n {2}✖ adds \(\S+fail\.test\.mjs:3:\d+\)\n {6}sum of 1 and 1\n/);
      assert.match(text, /\ntests: 0 passed, 1 failed\n$/);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});
