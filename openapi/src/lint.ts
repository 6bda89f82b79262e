/**
 * `nx run openapi:lint-contract`: Redocly's recommended rules (see redocly.yaml) over the contract. Redocly exits 0
 * on warnings; this project allows none, so any problem fails.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contractPath } from './contract.ts';

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer?: string; source?: { ref?: string } }[];
}

export function lintContract(): { problems: LintProblem[]; output: string } {
  const require = createRequire(import.meta.url);
  const cliPackage = require.resolve('@redocly/cli/package.json');
  const { bin } = require(cliPackage) as { bin: Record<string, string> };
  const redocly = join(dirname(cliPackage), bin.redocly ?? 'bin/cli.js');
  const config = fileURLToPath(new URL('../../redocly.yaml', import.meta.url));
  const run = spawnSync(process.execPath, [redocly, 'lint', contractPath, '--config', config, '--format=json'], {
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  const json = run.stdout.slice(run.stdout.indexOf('{'));
  try {
    const report = JSON.parse(json) as { problems: LintProblem[] };
    return { problems: report.problems, output: run.stderr };
  } catch {
    throw new Error(`redocly lint did not produce a report (exit ${run.status}):\n${run.stderr}${run.stdout}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { problems } = lintContract();
  for (const p of problems) {
    const where = p.location
      .map((l) => l.pointer)
      .filter(Boolean)
      .join(', ');
    console.error(`${p.severity === 'error' ? 'error' : 'warning'} ${p.ruleId}: ${p.message} at ${where}`);
  }
  if (problems.length > 0) {
    console.error(`openapi.yaml has ${problems.length} lint problem(s); warnings count as failures here.`);
    process.exit(1);
  }
  console.log('openapi.yaml: no lint errors, no warnings.');
}
