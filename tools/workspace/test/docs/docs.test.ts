/**
 * The user-facing documentation (README.md, docs/, and the READMEs under terraform/, packages/ and tools/) says
 * what the code does: its links and anchors resolve, the lists it keeps of Nx projects and Terraform modules are
 * the tree's, the Node.js versions it states are package.json's `engines` and `.nvmrc`'s, its curl examples take
 * the local stage's URL from the stage instead of assuming a port, and it reads as documentation, not as a change
 * log (no internal issue numbers, no "now"/"no longer").
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { anchors, links, parseMarkdown, withoutCodeSpans, type MarkdownFile } from './markdown.ts';
import { workspace } from '../support/scratch-repo.ts';

const read = (path: string) => readFileSync(join(workspace, path), 'utf8');

function subdirectories(dir: string): string[] {
  return readdirSync(join(workspace, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

/** README.md files anywhere under `dir` (dependencies and build output aside). */
function readmesUnder(dir: string): string[] {
  return subdirectories(dir).flatMap((name) => {
    const sub = `${dir}/${name}`;
    return [...(existsSync(join(workspace, sub, 'README.md')) ? [`${sub}/README.md`] : []), ...readmesUnder(sub)];
  });
}

/** The user-facing Markdown files, repository-relative. */
const docs = [
  'README.md',
  ...readdirSync(join(workspace, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  'terraform/README.md',
  ...readmesUnder('terraform'),
  ...subdirectories('packages')
    .map((p) => `packages/${p}/README.md`)
    .filter((f) => existsSync(join(workspace, f))),
  ...readmesUnder('tools'),
];

const parsed = new Map<string, MarkdownFile>();
function markdown(path: string): MarkdownFile {
  if (!parsed.has(path)) parsed.set(path, parseMarkdown(read(path)));
  return parsed.get(path)!;
}

/** `file:line: text` for each offending line, for a readable failure. */
function where(path: string, line: number, text: string): string {
  return `${path}:${line}: ${text.trim()}`;
}

/** The Nx projects: each npm workspace (package.json `workspaces`) with a project.json, by its name there. */
function nxProjects(): Map<string, string> {
  const { workspaces } = JSON.parse(read('package.json')) as { workspaces: string[] };
  const roots = workspaces.flatMap((pattern) =>
    pattern.endsWith('/*')
      ? subdirectories(pattern.slice(0, -2)).map((d) => `${pattern.slice(0, -2)}/${d}`)
      : [pattern],
  );
  const projects = new Map<string, string>();
  for (const root of roots.filter((r) => existsSync(join(workspace, r, 'project.json')))) {
    projects.set((JSON.parse(read(`${root}/project.json`)) as { name: string }).name, root);
  }
  return projects;
}

const modules = subdirectories('terraform/modules');
const environments = subdirectories('terraform/envs');

/**
 * Runs of three or more names separated by commas or "and" (`a`, `b` and `c`; in code comments without
 * backticks) whose every name is one of `names`: a list of them, which must then be complete.
 */
function listsOf(names: readonly string[], text: string): string[][] {
  const name = '`[a-z][\\w-]*`';
  const runs = text.match(new RegExp(`${name}(?:(?:,\\s*(?:and\\s+)?|\\s+and\\s+)${name})+`, 'g')) ?? [];
  return runs
    .map((run) => run.split(/,\s*(?:and\s+)?|\s+and\s+/).map((n) => n.replace(/`/g, '')))
    .filter((items) => items.length >= 3 && items.every((n) => names.includes(n)));
}

describe('documentation', () => {
  it('covers the expected files', () => {
    for (const f of ['README.md', 'docs/local-stage.md', 'terraform/envs/dev/README.md', 'tools/terraform/README.md'])
      assert.ok(docs.includes(f), f);
  });

  it('links only to files, directories and headings that exist', () => {
    const broken: string[] = [];
    for (const path of docs) {
      for (const { line, target } of links(markdown(path))) {
        if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // https:, mailto:
        const [rawPath = '', anchor] = target.split('#', 2);
        const filePath = decodeURIComponent(rawPath.split('?')[0] ?? '');
        const resolved =
          filePath === '' ? path : relative(workspace, resolve(join(workspace, dirname(path)), filePath));
        if (filePath.startsWith('/') || resolved.startsWith('..') || !existsSync(join(workspace, resolved))) {
          broken.push(where(path, line, `${target}: no such file or directory`));
          continue;
        }
        if (anchor === undefined) continue;
        const page = statSync(join(workspace, resolved)).isDirectory() ? join(resolved, 'README.md') : resolved;
        if (!page.endsWith('.md')) continue; // `#L12` of a source file
        if (!existsSync(join(workspace, page)) || !anchors(markdown(page)).has(anchor))
          broken.push(where(path, line, `${target}: no heading "#${anchor}" in ${page}`));
      }
    }
    assert.deepEqual(broken, []);
  });

  it('lists the Nx projects there are', () => {
    const projects = nxProjects();
    const names = [...projects.keys()].sort();
    const wrong: string[] = [];
    for (const path of docs) {
      const { prose, fences } = markdown(path);
      for (const fence of fences) {
        fence.lines.forEach((text, i) => {
          if (!/nx show projects(?!.*--)/.test(text)) return;
          const listed = (text.split('#')[1] ?? '').split(',').map((n) => n.trim());
          if (listed.sort().join() !== names.join())
            wrong.push(
              where(path, fence.line + i + 1, `lists ${listed.join(', ')}; the projects are ${names.join(', ')}`),
            );
        });
      }
      for (const { line, text } of prose)
        for (const list of listsOf(names, text))
          if (list.sort().join() !== names.join()) wrong.push(where(path, line, `a partial list of the Nx projects`));
    }
    // The layout table names every project's directory (or a directory in it).
    const layout = markdown('README.md').prose.filter((p) => /^\| \[`[^`]+`\]/.test(p.text));
    for (const [name, root] of projects) {
      if (!layout.some((p) => p.text.startsWith(`| [\`${root}/`) || p.text.startsWith(`| [\`${root}\``)))
        wrong.push(`README.md, "Layout": no row for ${name} (${root}/)`);
    }
    assert.deepEqual(wrong, []);
  });

  it('lists the Terraform modules and environments there are', () => {
    const wrong: string[] = [];
    for (const path of docs) {
      const { prose, fences } = markdown(path);
      for (const [kind, names] of [
        ['modules', modules],
        ['environments', environments],
      ] as const)
        for (const { line, text } of prose)
          for (const list of listsOf(names, text))
            if (list.sort().join() !== names.join())
              wrong.push(where(path, line, `lists ${list.join(', ')}; the ${kind} are ${names.join(', ')}`));
      // Directory trees: a directory whose listed entries are all directories lists all of them.
      for (const fence of fences.filter((f) => /^\S+\/\s*$/.test(f.lines[0] ?? ''))) {
        const listed = new Map<string, string[]>(); // directory → its entries in the tree
        const stack = [(fence.lines[0] ?? '').trim().replace(/\/$/, '')];
        for (const text of fence.lines.slice(1)) {
          const [, indent, entry] = text.match(/^([│ ]*)[├└]── (\S+)/) ?? [];
          if (indent === undefined || entry === undefined) continue;
          const depth = indent.length / 4;
          stack.length = depth + 1;
          const parent = stack.join('/');
          listed.set(parent, [...(listed.get(parent) ?? []), entry]);
          stack.push(entry.replace(/\/$/, ''));
        }
        for (const [dir, entries] of listed) {
          if (!entries.every((e) => e.endsWith('/')) || !existsSync(join(workspace, dir))) continue;
          const names = entries.map((e) => e.slice(0, -1)).sort();
          if (names.join() !== subdirectories(dir).join())
            wrong.push(
              where(
                path,
                fence.line,
                `the tree lists ${dir}/ as ${names.join(', ')}; it holds ${subdirectories(dir).join(', ')}`,
              ),
            );
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  it("states the Node.js versions of package.json's engines and .nvmrc, and the Lambda runtime Terraform deploys", () => {
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    const minimum = engines.match(/^>=\s*(\d+(?:\.\d+)*)$/)?.[1];
    assert.ok(minimum, `package.json engines.node is ${engines}, not ">=version"`);
    const nvmrc = read('.nvmrc').trim();
    const runtime = read('terraform/modules/lambda-api/function.tf').match(/runtime\s*=\s*"(nodejs\d+\.x)"/)?.[1];
    assert.ok(runtime, 'no runtime in terraform/modules/lambda-api/function.tf');
    // The README says .nvmrc selects the version Lambda runs.
    assert.equal(`nodejs${nvmrc}.x`, runtime, '.nvmrc and the Lambda runtime differ');
    const wrong: string[] = [];
    for (const path of docs) {
      for (const { line, text } of markdown(path).prose) {
        const prose = withoutCodeSpans(text);
        for (const [, version] of prose.matchAll(/Node(?:\.js)?\s*(?:≥|>=)\s*(\d+(?:\.\d+)*)/g))
          if (version !== minimum) wrong.push(where(path, line, `Node.js ≥ ${version}; engines says ≥ ${minimum}`));
        for (const [, version] of prose.matchAll(/Node(?:\.js)?\s+(\d+(?:\.\d+)*)\+/g))
          wrong.push(where(path, line, `Node ${version}+; engines says ≥ ${minimum}`));
        for (const [, version] of text.matchAll(/`\.nvmrc`[^.;]*?\b(\d+)\b/g))
          if (version !== nvmrc) wrong.push(where(path, line, `.nvmrc ${version}; it says ${nvmrc}`));
        for (const [, version] of text.matchAll(/\b(nodejs\d+\.x)\b/g))
          if (version !== runtime) wrong.push(where(path, line, `${version}; Terraform deploys ${runtime}`));
      }
    }
    assert.deepEqual(wrong, []);
    assert.match(
      read('README.md'),
      new RegExp(`Node\\.js ≥ ${minimum.replace('.', '\\.')}`),
      'README states no requirement',
    );
  });

  it("takes the local stage's URL from .local/stage.env in curl examples, not a fixed port", () => {
    const wrong: string[] = [];
    for (const path of docs)
      for (const fence of markdown(path).fences.filter((f) => /^(sh|bash|shell|console)$/.test(f.lang)))
        fence.lines.forEach((text, i) => {
          if (/\bcurl\b/.test(text) && /(localhost|127\.0\.0\.1):\d+/.test(text))
            wrong.push(
              where(path, fence.line + i + 1, 'use "$ITEMS_API_BASE_URL" (the port is --port, $PORT or 3000)'),
            );
        });
    assert.deepEqual(wrong, []);
  });

  it('reads as documentation: no internal issue numbers or change-log wording', () => {
    const wrong: string[] = [];
    for (const path of docs) {
      for (const { line, text } of markdown(path).prose) {
        const prose = withoutCodeSpans(text).replace(/\]\([^)]*\)/g, ']'); // link targets: anchors like #5-…
        if (/\b(?:issues?|PR|pull request)\s+#?\d+|(?:^|[\s(])#\d+\b/i.test(prose))
          wrong.push(where(path, line, 'an internal issue number'));
        const changelog = prose.match(
          /\b(?:now(?! and then)|no longer|used to|previously|this change|(?:last|this|previous) turn)\b/i,
        );
        if (changelog) wrong.push(where(path, line, `change-log wording ("${changelog[0]}")`));
      }
    }
    assert.deepEqual(wrong, []);
  });
});
