/**
 * tools/terraform/ensure-toolchain.sh while it builds: a heartbeat at least every ITEMS_API_TOOLCHAIN_HEARTBEAT
 * seconds says how many packages are compiled out of what `go list -deps` counts, and a failed compile prints the
 * compiler's errors (not the package list). Driven with a stub `go` on PATH and an empty cache outside the checkout.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../tools/terraform/ensure-toolchain.sh', import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), 'toolchain-build-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

// `go build -v` prints each package it compiles on stderr; this one compiles 3 of the 5 `go list -deps` names,
// one a second, then writes a binary that answers `version` as OpenTofu does (or fails like a compile error).
const stubGo = `#!/usr/bin/env bash
case "$1" in
  version) echo "go version go1.26.8 linux/amd64" ;;
  mod) exit 0 ;;
  env) echo "https://proxy.golang.org" ;;
  list) printf 'runtime\\nfmt\\nexample.com/a\\nexample.com/b\\nexample.com/cmd/tofu\\n' ;;
  build)
    out=""; while (($#)); do [[ "$1" == -o ]] && out="$2"; shift; done
    for p in runtime example.com/a example.com/b; do echo "$p" >&2; sleep 1; done
    if [[ -n "\${STUB_GO_FAIL:-}" ]]; then
      echo "# example.com/b" >&2
      echo "b/b.go:3:9: undefined: missing" >&2
      exit 1
    fi
    printf '#!/bin/sh\\necho "OpenTofu v1.12.6"\\n' >"$out"; chmod +x "$out" ;;
  *) echo "stub go: unexpected $*" >&2; exit 9 ;;
esac
`;

function ensure(name: string, env: Record<string, string> = {}) {
  const bin = path.join(scratch, `${name}-bin`);
  mkdirSync(bin, { recursive: true });
  writeFileSync(path.join(bin, 'go'), stubGo);
  chmodSync(path.join(bin, 'go'), 0o755);
  return spawnSync('bash', [script, '--cli-only'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
      ITEMS_API_TOOLCHAIN_CACHE: path.join(scratch, `${name}-cache`),
      ITEMS_API_TOOLCHAIN_HEARTBEAT: '1',
      ITEMS_API_TF_BIN: '',
      ...env,
    },
  });
}

describe('ensure-toolchain.sh while it builds', () => {
  it('says how many packages are compiled, at least every heartbeat', () => {
    const result = ensure('ok');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /compiling github\.com\/opentofu\/opentofu\/cmd\/tofu and its 5 packages/);
    assert.match(result.stderr, /tofu 1\.12\.6 build: [1-3] of at most 5 packages compiled, \d+ s so far/);
    assert.doesNotMatch(result.stderr, /^example\.com\/a$/m, 'the package list stays out of the log');
    assert.match(result.stdout, /^export TOFU_BIN=/m);
  });

  it('prints the compiler errors of a failed build and exits 4', () => {
    const result = ensure('failing', { STUB_GO_FAIL: '1' });
    assert.equal(result.status, 4, result.stderr);
    assert.match(result.stderr, /b\/b\.go:3:9: undefined: missing/);
    assert.match(result.stderr, /'go build github\.com\/opentofu\/opentofu\/cmd\/tofu' failed/);
    assert.doesNotMatch(result.stderr, /^example\.com\/a$/m);
  });
});
