// tools/terraform/select-toolchain.sh decides which tofu/terraform terraform/scripts/tofu.sh runs and what the
// offline toolchain must build. These tests run it with a PATH of stub binaries and a stub `curl` standing in for
// the registries, so no real CLI, registry or network is involved.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { repoRoot } from './support/hcl.ts';

const script = path.join(repoRoot, 'tools/terraform/select-toolchain.sh');
const registries = { tofu: 'registry.opentofu.org', terraform: 'registry.terraform.io' } as const;

interface Selection {
  status: number;
  stderr: string;
  bins: string[];
  mode: string;
  build: string;
  reason: string;
  /** The URLs the stub curl was asked for, in order. */
  probed: string[];
}

let stubs: string;

beforeEach(() => {
  stubs = mkdtempSync(path.join(tmpdir(), 'items-api-select-'));
});
afterEach(() => {
  rmSync(stubs, { recursive: true, force: true });
});

function stub(name: string, body: string): string {
  const file = path.join(stubs, name);
  writeFileSync(file, `#!/bin/bash\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** A curl that records its URL and answers for the registries listed in REACHABLE only. */
function stubCurl(): void {
  stub(
    'curl',
    [
      'url="${@: -1}"',
      'echo "$*" >> "${0%/*}/curl.log"',
      'for host in $REACHABLE; do [[ "$url" == "https://$host/"* ]] && exit 0; done',
      'exit 7',
    ].join('\n'),
  );
}

/**
 * Runs the selection with PATH = the stub directory only (bash is run by absolute path, and the script needs no
 * other program), then evaluates its output in bash and reads the variables back.
 */
function select(cmd: string, env: Record<string, string> = {}): Selection {
  const run = spawnSync(
    '/bin/bash',
    [
      '-c',
      'set -e; out="$(/bin/bash "$0" "$1")"; eval "$out"; printf "%s\\n" "${TF_SELECTED_BINS[*]}" "$TF_SELECTED_MODE" "$TF_SELECTED_BUILD" "$TF_SELECTED_REASON"',
      script,
      cmd,
    ],
    { env: { PATH: stubs, HOME: stubs, ...env }, encoding: 'utf8' },
  );
  const [bins = '', mode = '', build = '', reason = ''] = run.stdout.split('\n');
  const log = path.join(stubs, 'curl.log');
  const probed = existsSync(log)
    ? readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(' ').at(-1)!)
    : [];
  return {
    status: run.status ?? -1,
    stderr: run.stderr,
    bins: bins ? bins.split(' ') : [],
    mode,
    build,
    reason,
    probed,
  };
}

describe('select-toolchain.sh validate', () => {
  it('uses tofu and terraform from PATH with their registries when both answer, and builds nothing', () => {
    const tofu = stub('tofu', 'exit 0');
    const terraform = stub('terraform', 'exit 0');
    stubCurl();
    const s = select('validate', { REACHABLE: `${registries.tofu} ${registries.terraform}` });
    assert.equal(s.status, 0, s.stderr);
    assert.deepEqual(s.bins, [tofu, terraform]);
    assert.equal(s.mode, 'registry');
    assert.equal(s.build, 'none');
    assert.deepEqual(s.probed, [
      `https://${registries.tofu}/.well-known/terraform.json`,
      `https://${registries.terraform}/.well-known/terraform.json`,
    ]);
    assert.match(s.reason, /public registry/);
  });

  it('probes each registry with a short timeout', () => {
    stub('terraform', 'exit 0');
    stubCurl();
    select('validate', { REACHABLE: registries.terraform });
    const args = readFileSync(path.join(stubs, 'curl.log'), 'utf8');
    assert.match(args, /-m 3 /);
    rmSync(path.join(stubs, 'curl.log'));
    select('validate', { REACHABLE: registries.terraform, ITEMS_API_TF_REGISTRY_TIMEOUT: '1' });
    assert.match(readFileSync(path.join(stubs, 'curl.log'), 'utf8'), /-m 1 /);
  });

  it('keeps the CLI on PATH but builds only the provider when its registry does not answer (this CI)', () => {
    const terraform = stub('terraform', 'exit 0');
    stubCurl();
    const s = select('validate', { REACHABLE: '' });
    assert.equal(s.status, 0, s.stderr);
    assert.deepEqual(s.bins, [terraform]);
    assert.equal(s.mode, 'offline-provider');
    assert.equal(s.build, 'provider');
    assert.match(s.reason, new RegExp(`no answer from: ${registries.terraform.replace(/\./g, '\\.')}`));
  });

  it('goes offline for every CLI when one of the two registries does not answer', () => {
    const tofu = stub('tofu', 'exit 0');
    const terraform = stub('terraform', 'exit 0');
    stubCurl();
    const s = select('validate', { REACHABLE: registries.tofu });
    assert.deepEqual(s.bins, [tofu, terraform]);
    assert.equal(s.build, 'provider');
    assert.match(s.reason, /no answer from: registry\.terraform\.io\)/);
  });

  it('treats a machine without curl as one without a registry', () => {
    const tofu = stub('tofu', 'exit 0');
    const s = select('validate');
    assert.deepEqual(s.bins, [tofu]);
    assert.equal(s.build, 'provider');
  });

  it('skips the probe and builds only the provider with ITEMS_API_TF_OFFLINE=1', () => {
    stub('tofu', 'exit 0');
    stubCurl();
    const s = select('validate', { REACHABLE: registries.tofu, ITEMS_API_TF_OFFLINE: '1' });
    assert.equal(s.build, 'provider');
    assert.deepEqual(s.probed, []);
    assert.match(s.reason, /ITEMS_API_TF_OFFLINE=1/);
  });

  it('builds the whole offline toolchain only when no CLI is on PATH', () => {
    stubCurl();
    const s = select('validate', { REACHABLE: `${registries.tofu} ${registries.terraform}` });
    assert.equal(s.status, 0, s.stderr);
    assert.deepEqual(s.bins, []);
    assert.equal(s.mode, 'built');
    assert.equal(s.build, 'all');
    assert.deepEqual(s.probed, []);
    assert.match(s.reason, /no tofu or terraform on PATH/);
  });
});

describe('select-toolchain.sh fmt', () => {
  it('uses the first CLI on PATH, tofu before terraform, without probing a registry', () => {
    const tofu = stub('tofu', 'exit 0');
    stub('terraform', 'exit 0');
    stubCurl();
    const s = select('fmt', { REACHABLE: '' });
    assert.deepEqual(s.bins, [tofu]);
    assert.equal(s.build, 'none');
    assert.deepEqual(s.probed, []);
  });

  it('asks for the OpenTofu CLI alone, never the provider, when no CLI is on PATH', () => {
    const s = select('fmt');
    assert.deepEqual(s.bins, []);
    assert.equal(s.build, 'cli');
  });
});

describe('select-toolchain.sh with ITEMS_API_TF_BIN', () => {
  it('uses that binary as-is for both commands, probing and building nothing', () => {
    const own = stub('my-tofu', 'exit 0');
    stub('terraform', 'exit 0');
    stubCurl();
    for (const cmd of ['fmt', 'validate']) {
      const s = select(cmd, { ITEMS_API_TF_BIN: own });
      assert.deepEqual(s.bins, [own]);
      assert.equal(s.mode, 'user');
      assert.equal(s.build, 'none');
    }
    assert.deepEqual(select('validate', { ITEMS_API_TF_BIN: 'my-tofu' }).bins, [own], 'a name is looked up on PATH');
    assert.deepEqual(select('validate').probed, [`https://${registries.terraform}/.well-known/terraform.json`]);
  });

  it('refuses a value that is not an executable file', () => {
    const s = select('validate', { ITEMS_API_TF_BIN: path.join(stubs, 'missing') });
    assert.notEqual(s.status, 0);
    assert.match(s.stderr, /ITEMS_API_TF_BIN='.*missing' is not an executable file/);
  });
});

describe('select-toolchain.sh usage', () => {
  it('rejects an unknown command with its usage', () => {
    const s = select('plan');
    assert.notEqual(s.status, 0);
    assert.match(s.stderr, /usage: tools\/terraform\/select-toolchain\.sh fmt\|validate/);
  });
});
