/**
 * `npm test`: every project's typecheck, lint and test targets through Nx, then one closing line that adds up what
 * the test runners reported (node:test, Playwright, tofu/terraform test), so a reader — or CI — sees the total at the
 * end instead of per-project summaries scattered through the log. Nx's exit code is kept.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { stripVTControlCharacters } from 'node:util';

export interface Tally {
  passed: number;
  failed: number;
}

/** Adds one runner's summary line, if `line` is one, to the tally. */
export function countSummaryLine(raw: string, tally: Tally): void {
  const line = stripVTControlCharacters(raw)
    .replace(/^[\w-]+:\s/, '')
    .trim();
  let m: RegExpMatchArray | null;
  if ((m = line.match(/^# pass (\d+)$/)))
    tally.passed += Number(m[1]); // node:test
  else if ((m = line.match(/^# fail (\d+)$/))) tally.failed += Number(m[1]);
  else if ((m = line.match(/^(\d+) passed \([\d.]+m?s\)$/)))
    tally.passed += Number(m[1]); // Playwright
  else if ((m = line.match(/^(\d+) (failed|flaky)$/))) tally.failed += m[2] === 'failed' ? Number(m[1]) : 0;
  else if ((m = line.match(/^(?:(?:Success|Failure)!\s+)?(\d+) passed, (\d+) failed/))) {
    // tofu / terraform test; Nx's prefixing sometimes splits "Success!" from the counts onto its own line.
    tally.passed += Number(m[1]);
    tally.failed += Number(m[2]);
  }
}

async function main(): Promise<number> {
  const args = ['nx', 'run-many', '-t', 'typecheck', 'lint', 'test', '--outputStyle=stream', ...process.argv.slice(2)];
  const child = spawn('npx', args, { stdio: ['inherit', 'pipe', 'pipe'] });
  const tally: Tally = { passed: 0, failed: 0 };
  const relay = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) =>
    new Promise<void>((resolve) => {
      const lines = createInterface({ input: stream });
      lines.on('line', (line) => {
        out.write(`${line}\n`);
        countSummaryLine(line, tally);
      });
      lines.on('close', resolve);
    });
  const [code] = await Promise.all([
    new Promise<number>((resolve) => child.on('close', (c, signal) => resolve(c ?? (signal ? 1 : 0)))),
    relay(child.stdout, process.stdout),
    relay(child.stderr, process.stderr),
  ]);
  console.log(`\ntests: ${tally.passed} passed, ${tally.failed} failed`);
  return code;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(await main());
}
