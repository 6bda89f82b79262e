/**
 * The failing tests in one project's log, named with their assertion messages, so `npm test` can end with them
 * instead of leaving the reader to search twenty minutes of interleaved output. Reads what this repository's runners
 * print: node:test (TAP, Node's default when piped, and spec), Playwright's list reporter, `tofu`/`terraform test`,
 * and, for failed type checks and lints, tsc's and ESLint's errors.
 *
 * The lines are one project's, its Nx prefix and colours removed; Nx drops empty lines from prefixed output, so no
 * parser relies on them.
 */

export interface TestFailure {
  /** What failed: a test's name path (`suite › test`), a tftest run, or a file position. */
  test: string;
  /** The assertion's message, a few lines at most. */
  message: string[];
}

const maxMessageLines = 8;

type Parser = (lines: readonly string[]) => TestFailure[];

/** Every failure the project's lines report, in order, each named once. */
export function testFailures(lines: readonly string[]): TestFailure[] {
  const seen = new Set<string>();
  const failures: TestFailure[] = [];
  for (const parse of [tapFailures, specFailures, playwrightFailures, tftestFailures, tscErrors, eslintErrors]) {
    for (const failure of parse(lines)) {
      const key = `${failure.test}\n${failure.message.join('\n')}`;
      if (seen.has(key)) continue; // Playwright names a retried test once per attempt
      seen.add(key);
      failures.push(failure);
    }
  }
  return failures;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function clip(message: string[]): string[] {
  const kept = message.map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  return kept.length > maxMessageLines ? [...kept.slice(0, maxMessageLines), '…'] : kept;
}

/** The first stack frame in the test's own code: `file:line:col`. */
function ownFrame(stack: string[]): string | undefined {
  for (const frame of stack) {
    const [, position] = frame.match(/\(?((?:file:\/\/)?\/[^():]+:\d+:\d+)\)?\s*$/) ?? [];
    if (position && !position.includes('/node_modules/')) return position.replace(/^file:\/\//, '');
  }
  return undefined;
}

/**
 * node:test's TAP: `not ok N - name` followed by a YAML block at two more spaces holding `error` (a scalar or a
 * `|-` block) and `stack`. A suite whose subtests failed (`failureType: 'subtestsFailed'`) is not itself a failure.
 * A file that failed before its tests ran reports `error: 'test failed'` after its stderr as `# ` comments.
 */
export const tapFailures: Parser = (lines) => {
  const failures: TestFailure[] = [];
  const names: string[] = []; // `# Subtest:` names by nesting level (4 spaces each)
  let comments: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const [, subtestIndent, subtest] = line.match(/^(\s*)# Subtest: (.*)$/) ?? [];
    if (subtestIndent !== undefined && subtest !== undefined) {
      names.length = subtestIndent.length / 4;
      names.push(subtest);
      continue;
    }
    const [, comment] = line.match(/^\s*# (.*)$/) ?? [];
    if (comment !== undefined) {
      comments.push(comment);
      continue;
    }
    if (/^\s*ok \d+ - /.test(line)) comments = [];
    const [, notOkIndent, name] = line.match(/^(\s*)not ok \d+ - (.*?)(?: # (?:TODO|SKIP).*)?$/) ?? [];
    if (notOkIndent === undefined || name === undefined || lines[i + 1]?.trim() !== '---') continue;
    const indent = notOkIndent.length;
    const block: string[] = [];
    for (i += 2; i < lines.length && lines[i]?.trim() !== '...'; i++) block.push(lines[i] ?? '');
    const field = (name: string): string[] | undefined => {
      const start = block.findIndex((l) => indentOf(l) === indent + 2 && l.trimStart().startsWith(`${name}:`));
      if (start < 0) return undefined;
      const value = (block[start] ?? '')
        .trimStart()
        .slice(name.length + 1)
        .trim();
      if (value !== '|-' && value !== '|' && value !== '')
        return [value.replace(/^'(.*)'$/s, '$1').replace(/''/g, "'")];
      const body: string[] = [];
      for (const l of block.slice(start + 1)) {
        if (indentOf(l) <= indent + 2) break;
        body.push(l.trim());
      }
      return body;
    };
    if (field('failureType')?.[0] === 'subtestsFailed') continue;
    const level = indent / 4;
    const path = [...names.slice(0, level), name];
    let message = field('error') ?? [];
    if (message.length === 1 && message[0] === 'test failed') {
      const exit = field('exitCode')?.[0];
      // From the first error line on: what comes before is the source excerpt Node prints above it.
      const stderr = comments.filter((c) => !/^\s*at /.test(c) && !/^Node\.js v/.test(c));
      const firstError = stderr.findIndex((c) => /^\s*\w*Error\b/.test(c));
      if (firstError > 0) stderr.splice(0, firstError);
      message = [`the file failed${exit ? ` with exit code ${exit}` : ''} outside its tests:`, ...stderr];
    }
    const where = ownFrame(field('stack') ?? []) ?? field('location')?.[0];
    failures.push({ test: path.join(' › ') + (where ? ` (${where})` : ''), message: clip(message) });
    comments = [];
  }
  return failures;
};

/** node:test's spec reporter: after `✖ failing tests:`, `test at file:line:col`, `✖ name (N ms)` and the error. */
export const specFailures: Parser = (lines) => {
  const start = lines.findIndex((l) => l.trim() === '✖ failing tests:');
  if (start < 0) return [];
  const failures: TestFailure[] = [];
  let where: string | undefined;
  for (let i = start + 1; i < lines.length; i++) {
    const [, at] = lines[i]?.match(/^\s*test at (\S+)$/) ?? [];
    if (at !== undefined) {
      where = at;
      continue;
    }
    const [, failedIndent, name] = lines[i]?.match(/^(\s*)✖ (.*?)(?: \([\d.]+m?s\))?$/) ?? [];
    if (failedIndent === undefined || name === undefined) continue;
    const message: string[] = [];
    for (i++; i < lines.length; i++) {
      const l = lines[i] ?? '';
      if (/^\s*(at|test at|✖) /.test(l) || indentOf(l) <= failedIndent.length) break;
      message.push(l.trim());
    }
    i--;
    if (message.length === 1 && /^'?\d+ subtests? failed'?$/.test(message[0] ?? '')) continue;
    failures.push({ test: name + (where ? ` (${where})` : ''), message: clip(message) });
  }
  return failures;
};

/** Playwright's list reporter: `1) file:line:col › suite › test ───` and its error, up to the code frame. */
export const playwrightFailures: Parser = (lines) => {
  const failures: TestFailure[] = [];
  for (let i = 0; i < lines.length; i++) {
    const [, title] = lines[i]?.match(/^\s*\d+\) (.+?) ─+\s*$/) ?? [];
    if (title === undefined) continue;
    const message: string[] = [];
    for (i++; i < lines.length; i++) {
      const l = lines[i] ?? '';
      if (/^\s*>?\s*\d+ \|/.test(l) || /^\s*at /.test(l) || /^\s*Error Context:/.test(l)) break;
      if (/^\s*\d+\) .+ ─+\s*$/.test(l) || /^\s*\d+ (failed|flaky|passed|skipped|did not run)\b/.test(l)) break;
      if (/^\s*Retry #\d+ ─+\s*$/.test(l)) continue;
      message.push(l.trim());
    }
    i--;
    failures.push({ test: title, message: clip(message) });
  }
  return failures;
};

/**
 * `tofu test` / `terraform test`: `run "name"... fail` under `file.tftest.hcl... in progress`, then the
 * diagnostics (boxed with colours, plain with -no-color): their unindented lines are the summary and the
 * assertion's error_message, the indented ones the source snippet. A `step i/n: dir` line (terraform/scripts/tofu.sh)
 * names the module the file belongs to.
 */
export const tftestFailures: Parser = (lines) => {
  const failures: TestFailure[] = [];
  let step: string | undefined;
  let file: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    step = line.match(/step \d+\/\d+: (\S+)/)?.[1] ?? step;
    file = line.match(/^\s*(\S+\.tftest\.hcl)\.\.\. in progress$/)?.[1] ?? file;
    const [, run] = line.match(/^\s*run "(.+)"\.\.\. fail$/) ?? [];
    if (run === undefined) continue;
    const message: string[] = [];
    for (i++; i < lines.length; i++) {
      const l = (lines[i] ?? '').replace(/^[│╷╵]\s?/, '');
      if (/^\s*run ".+"\.\.\. \w+$/.test(l) || /\.tftest\.hcl\.\.\. /.test(l) || /^(Success|Failure)!/.test(l)) break;
      if (l.trim() !== '' && indentOf(l) === 0) message.push(l);
    }
    i--;
    failures.push({ test: [step, file, `run "${run}"`].filter(Boolean).join(' › '), message: clip(message) });
  }
  return failures;
};

/** tsc: `file(line,col): error TSnnnn: message`. */
export const tscErrors: Parser = (lines) =>
  lines.flatMap((line) => {
    const [, position, error] = line.match(/^\s*(\S.*\(\d+,\d+\)): error (TS\d+: .*)$/) ?? [];
    return position && error ? [{ test: position, message: [error] }] : [];
  });

/** ESLint's stylish format: a file's path on its own line, then `line:col  error  message  rule`. */
export const eslintErrors: Parser = (lines) => {
  const failures: TestFailure[] = [];
  let file: string | undefined;
  for (const line of lines) {
    if (/^\/\S+$/.test(line.trim())) file = line.trim();
    const [, position, error] = line.match(/^\s+(\d+:\d+)\s+error\s+(.*?)\s*$/) ?? [];
    if (position && error && file)
      failures.push({ test: `${file}:${position}`, message: [error.replace(/\s{2,}/g, '  ')] });
  }
  return failures;
};
