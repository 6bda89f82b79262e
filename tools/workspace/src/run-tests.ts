/**
 * `npm test`: every project's typecheck, lint and test targets through Nx (`npm run affected`: only the projects a
 * change affects, `nx affected`), their output streamed as it comes. Nx alone leaves a reader with minutes of
 * silence while a long task runs and, for a failed task, a log to search, so this adds:
 *
 * - a heartbeat every 30 seconds: which tasks run, for how long, and the last line each project printed;
 * - at the end, per failed task, the failing tests' names and assertion messages (src/test-failures.ts), or the
 *   project's last lines where no runner's failure format is recognized;
 * - a closing line that adds up what the test runners reported (node:test, Playwright, tofu/terraform test), so
 *   the total is at the end instead of scattered through the log.
 *
 * Arguments after `--` go to Nx (`npm run affected -- --base=HEAD~1`). Nx's exit code is kept.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { stripVTControlCharacters } from 'node:util';
import { runningNxTasks } from './nx-tasks.ts';
import { testFailures } from './test-failures.ts';

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

/** `1m05s`, `42s`. */
export function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

const lastLinesShown = 12;

/** What Nx's stream output says, line by line: tasks started, each project's lines, the tasks that failed. */
export class NxLog {
  readonly started = new Map<string, number>(); // task id → when its `> nx run` header came
  readonly failedTasks: string[] = [];
  private readonly projectLines = new Map<string, string[]>();
  private readonly lastLine = new Map<string, { text: string; at: number }>();
  private inFailedList = false;

  observe(raw: string, now: number): void {
    const line = stripVTControlCharacters(raw);
    const [, task] = line.match(/^> nx run ([^\s:]+:\S+)/) ?? [];
    if (task !== undefined) {
      this.started.set(task, now);
      return;
    }
    if (line.trim() === 'Failed tasks:') {
      this.inFailedList = true;
      return;
    }
    const [, failed] = line.match(/^- (\S+:\S+)$/) ?? [];
    if (this.inFailedList && failed !== undefined) {
      this.failedTasks.push(failed);
      return;
    }
    if (this.inFailedList && line.trim() !== '') this.inFailedList = false;
    // Nx prefixes a task's lines with `project: `; only a project with a started task counts as one.
    const [, project, text] = line.match(/^([^\s:]+): ?(.*)$/) ?? [];
    if (project === undefined || text === undefined || !this.projects().has(project)) return;
    const lines = this.projectLines.get(project) ?? [];
    lines.push(text);
    this.projectLines.set(project, lines);
    if (text.trim() !== '') this.lastLine.set(project, { text: text.trim(), at: now });
  }

  private projects(): Set<string> {
    return new Set([...this.started.keys()].map((task) => task.slice(0, task.indexOf(':'))));
  }

  /** The heartbeat: elapsed time, the running tasks (when known) with their ages and their projects' last line. */
  heartbeat(now: number, startedAt: number, running: Set<string> | undefined, label: string): string[] {
    const head = `[${label} ${duration(now - startedAt)}]`;
    const last = (project: string) => {
      const l = this.lastLine.get(project);
      return l ? `last output ${duration(now - l.at)} ago: ${l.text.slice(0, 100)}` : 'no output yet';
    };
    if (running === undefined) {
      const latest = [...this.lastLine.entries()].sort((a, b) => b[1].at - a[1].at)[0];
      return [
        `${head} ${this.started.size} tasks started; ${latest ? `${latest[0]}: ${last(latest[0])}` : 'no output yet'}`,
      ];
    }
    const tasks = [...running].sort((a, b) => (this.started.get(a) ?? now) - (this.started.get(b) ?? now));
    const done = [...this.started.keys()].filter((t) => !running.has(t)).length;
    if (tasks.length === 0)
      return [
        `${head} ${done === 0 ? 'Nx is starting' : `${done} tasks done, none running (Nx is scheduling or summing up)`}`,
      ];
    const width = Math.max(...tasks.map((t) => t.length));
    return [
      `${head} ${tasks.length} running, ${done} done:`,
      ...tasks.map((t) => {
        const age = this.started.has(t) ? duration(now - this.started.get(t)!) : '?';
        return `  ${t.padEnd(width)}  ${age.padStart(6)}  ${last(t.slice(0, t.indexOf(':')))}`;
      }),
    ];
  }

  /** Per failed task, what failed in it; the project's last lines when no runner's failure format is recognized. */
  failureReport(): string[] {
    if (this.failedTasks.length === 0) return [];
    const report = ['', `${this.failedTasks.length} failed task(s), with what failed in them:`];
    const reported = new Set<string>();
    for (const task of this.failedTasks) {
      const project = task.slice(0, task.indexOf(':'));
      const lines = this.projectLines.get(project) ?? [];
      // A project's tasks share its prefix: the failures found in its lines are shown once, under its first task.
      const failures = reported.has(project) ? [] : testFailures(lines);
      report.push('', `✖ ${task}`);
      if (reported.has(project)) {
        report.push(`    (its output is ${project}'s, reported above)`);
        continue;
      }
      reported.add(project);
      if (failures.length === 0) {
        report.push(`    no test failure recognized in ${project}'s output; its last lines:`);
        report.push(
          ...lines
            .filter((l) => l.trim() !== '')
            .slice(-lastLinesShown)
            .map((l) => `    │ ${l}`),
        );
        continue;
      }
      for (const failure of failures) {
        report.push(`  ✖ ${failure.test}`, ...failure.message.map((l) => `      ${l}`));
      }
    }
    return report;
  }
}

export interface RunOptions {
  /** `run-many` (every project) or `affected` (what a change affects). */
  command: 'run-many' | 'affected';
  nxArgs: string[];
  cwd?: string;
  heartbeatMs?: number;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

/** Runs Nx with the heartbeat, the failure report and the closing tally; resolves to Nx's exit code. */
export async function runTests(options: RunOptions): Promise<number> {
  const { command, nxArgs, cwd, heartbeatMs = 30_000, stdout = process.stdout, stderr = process.stderr } = options;
  const args = ['nx', command, '-t', 'typecheck', 'lint', 'test', '--outputStyle=stream', ...nxArgs];
  const label = command === 'affected' ? 'npm run affected' : 'npm test';
  const startedAt = Date.now();
  const child = spawn('npx', args, { cwd, stdio: ['inherit', 'pipe', 'pipe'] });
  const tally: Tally = { passed: 0, failed: 0 };
  const log = new NxLog();
  const relay = (stream: NodeJS.ReadableStream, out: NodeJS.WritableStream) =>
    new Promise<void>((resolve) => {
      const lines = createInterface({ input: stream });
      lines.on('line', (line) => {
        out.write(`${line}\n`);
        countSummaryLine(line, tally);
        log.observe(line, Date.now());
      });
      lines.on('close', resolve);
    });
  const heartbeat = setInterval(() => {
    const running = child.pid === undefined ? undefined : runningNxTasks(child.pid);
    stdout.write(`${log.heartbeat(Date.now(), startedAt, running, label).join('\n')}\n`);
  }, heartbeatMs);
  const [code] = await Promise.all([
    new Promise<number>((resolve) => child.on('close', (c, signal) => resolve(c ?? (signal ? 1 : 0)))),
    relay(child.stdout, stdout),
    relay(child.stderr, stderr),
  ]);
  clearInterval(heartbeat);
  const report = log.failureReport();
  if (report.length > 0) stdout.write(`${report.join('\n')}\n`);
  stdout.write(`\ntests: ${tally.passed} passed, ${tally.failed} failed\n`);
  return code;
}

/** `run-tests.ts [--affected] [nx arguments…]`: package.json's `test` and `affected` scripts. */
export function optionsFromArgv(args: readonly string[]): Pick<RunOptions, 'command' | 'nxArgs'> {
  const affected = args[0] === '--affected';
  return { command: affected ? 'affected' : 'run-many', nxArgs: args.slice(affected ? 1 : 0) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(await runTests(optionsFromArgv(process.argv.slice(2))));
}
