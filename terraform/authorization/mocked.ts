/**
 * npx nx run terraform:authorize — the mocked authorization check (mocked-check.ts), without an apply:
 *   1. the offline OpenTofu toolchain (tools/terraform/ensure-toolchain.sh); without it: skipped, or an error under
 *      CI=true, like the other Terraform targets;
 *   2. in a copy of terraform/ outside the checkout (init writes .terraform/ and a lock file of locally built
 *      providers), with the contract's generated files and the handler zip the roots read, `tofu test -json -verbose`
 *      of tests/authorization.tofutest.hcl in envs/bootstrap, envs/dev and envs/prod: each prints its mocked apply's
 *      state (`test_state`, the format of `show -json`);
 *   3. those states, named as AWS would name them, through the rehearsal's runtime and deploy-identity simulations.
 * Prints the counts, any unexpected verdict with what decided it, and the time; exits 1 on a failure.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { checkMocked, mockedRoot } from './mocked-check.ts';
import { readInfrastructure, stateKey, terraformRoot } from './roots.ts';

const repoRoot = join(terraformRoot, '..');
const roots = ['bootstrap', 'dev', 'prod'] as const;
const testFile = 'tests/authorization.tofutest.hcl';

class Unavailable extends Error {}

/** TOFU_BIN and TF_CLI_CONFIG_FILE of the offline toolchain; Unavailable when it is not cached and cannot be built. */
function toolchain(): { tofu: string; env: NodeJS.ProcessEnv } {
  const ensure = join(repoRoot, 'tools', 'terraform', 'ensure-toolchain.sh');
  const result = spawnSync(
    'bash',
    ['-c', 'eval "$("$0")" && printf "%s\\n%s\\n" "$TOFU_BIN" "$TF_CLI_CONFIG_FILE"', ensure],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (result.status === 3)
    throw new Unavailable(
      'no OpenTofu toolchain: it is not cached and Go is not installed to build it (see tools/terraform/README.md)',
    );
  if (result.status !== 0)
    throw new Error(`tools/terraform/ensure-toolchain.sh failed with exit code ${result.status}`);
  const [tofu, config] = result.stdout.trim().split('\n');
  return { tofu: tofu!, env: { ...process.env, TF_CLI_CONFIG_FILE: config, CHECKPOINT_DISABLE: '1' } };
}

/** What the roots read, copied outside the checkout (as terraform/scripts/tofu.sh does for validate). */
function copyTree(work: string): void {
  const zip = join(repoRoot, 'packages', 'handler', 'dist', 'handler.zip');
  if (!existsSync(zip)) throw new Error(`${zip} is missing: run \`npx nx run handler:build\` (the envs hash it)`);
  mkdirSync(join(work, 'packages', 'handler', 'dist'), { recursive: true });
  cpSync(zip, join(work, 'packages', 'handler', 'dist', 'handler.zip'));
  for (const file of ['apigateway-body.json', 'infrastructure.json'])
    cpSync(join(repoRoot, 'openapi', 'generated', file), join(work, 'openapi', 'generated', file));
  cpSync(terraformRoot, join(work, 'terraform'), {
    recursive: true,
    filter: (src) => !['.terraform', '.terraform.lock.hcl', 'node_modules'].includes(basename(src)),
  });
}

function run(tofu: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tofu, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => out.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8') }));
  });
}

/** The mocked apply's state of one root: its test's `test_state`; an error with the test's messages if it fails. */
async function mockedApply(tofu: string, env: NodeJS.ProcessEnv, dir: string, root: string): Promise<unknown> {
  const init = await run(tofu, [`-chdir=${dir}`, 'init', '-backend=false', '-input=false', '-no-color'], env);
  if (init.code !== 0) throw new Error(`envs/${root}: init failed\n${init.stdout}`);
  const test = await run(tofu, [`-chdir=${dir}`, 'test', `-filter=${testFile}`, '-json', '-verbose', '-no-color'], env);
  const lines = test.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { '@message'?: string; '@level'?: string; test_state?: unknown });
  const state = lines.findLast((line) => line.test_state)?.test_state;
  if (test.code !== 0 || !state)
    throw new Error(
      `envs/${root}/${testFile} failed (exit ${test.code}):\n${lines
        .filter((l) => l['@level'] === 'error' || /fail/i.test(l['@message'] ?? ''))
        .map((l) => `  ${l['@message']}`)
        .join('\n')}`,
    );
  return state;
}

async function main(): Promise<number> {
  const started = performance.now();
  let tools: ReturnType<typeof toolchain>;
  try {
    tools = toolchain();
  } catch (error) {
    if (!(error instanceof Unavailable)) throw error;
    if (process.env.CI === 'true') {
      console.error(`terraform:authorize: error: ${error.message}`);
      return 1;
    }
    console.error(`terraform:authorize: SKIPPED — ${error.message}`);
    return 0;
  }
  const work = mkdtempSync(join(tmpdir(), 'items-api-authorize-'));
  try {
    copyTree(work);
    const states = await Promise.all(
      roots.map((root) => mockedApply(tools.tofu, tools.env, join(work, 'terraform', 'envs', root), root)),
    );
    const applied = performance.now();
    const [bootstrap, ...envs] = roots.map((root, i) => mockedRoot(root, states[i]));
    const report = await checkMocked({
      bootstrap: bootstrap!,
      envs,
      infrastructure: readInfrastructure(),
      stateKeys: Object.fromEntries(envs.map((e) => [e.root, stateKey(e.root)])),
    });
    for (const line of report.lines) console.log(line);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(
      `authorization (mocked): ${seconds(performance.now() - started)} in all: mocked applies ${seconds(applied - started)}, evaluation ${seconds(performance.now() - applied)}`,
    );
    return report.ok ? 0 : 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

process.exit(await main());
