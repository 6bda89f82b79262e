/**
 * The static import graph of a package's source folder, and its cycles: every `import`/`export ... from` (type-only
 * ones too: they tie the modules' designs as much as value imports do) of a relative path, read with the TypeScript
 * compiler's own pre-processor (`ts.preProcessFile`), which the project already depends on; chosen over madge or
 * dpdm, which would add a dependency tree (and a second TypeScript parser) for a twenty-line walk.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Module → the modules of the same folder tree it imports (absolute paths). */
export type ImportGraph = Map<string, string[]>;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(?:ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The graph of `folder`'s modules; throws on a relative import that names no file (the scan would miss an edge). */
export function importGraph(folder: string): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of sourceFiles(folder)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, false);
    const targets = importedFiles
      .map(({ fileName }) => fileName)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => {
        const target = resolve(dirname(file), specifier);
        if (!existsSync(target)) throw new Error(`${file} imports ${specifier}, which is no file`);
        return target;
      });
    graph.set(file, targets);
  }
  return graph;
}

/** The cycles of `graph`: its strongly connected components of more than one module (or one importing itself). */
export function importCycles(graph: ImportGraph): string[][] {
  // Tarjan's algorithm.
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (module: string) => {
    index.set(module, index.size);
    lowLink.set(module, index.get(module) as number);
    stack.push(module);
    onStack.add(module);
    for (const target of graph.get(module) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        lowLink.set(module, Math.min(lowLink.get(module) as number, lowLink.get(target) as number));
      } else if (onStack.has(target))
        lowLink.set(module, Math.min(lowLink.get(module) as number, index.get(target) as number));
    }
    if (lowLink.get(module) !== index.get(module)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== module);
    if (component.length > 1 || (graph.get(module) ?? []).includes(module)) cycles.push(component.sort());
  };
  for (const module of graph.keys()) if (!index.has(module)) visit(module);
  return cycles;
}

/** A cycle as its modules relative to `root`, for a message. */
export const describeCycle = (cycle: string[], root: string): string =>
  cycle.map((module) => relative(root, module)).join(' ↔ ');
