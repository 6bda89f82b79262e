// Loads every Terraform configuration directory under terraform/ into plain JSON with the cdktn HCL parser,
// so tests can check wiring and policies without a Terraform binary.
import { parse } from '@cdktn/hcl2json';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Block = { [key: string]: Json };

export const terraformRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const repoRoot = path.dirname(terraformRoot);

/** One Terraform module directory (a module under modules/ or a root module under envs/). */
export interface Config {
  dir: string;
  /** Path relative to terraform/, e.g. `modules/lambda-api`. */
  rel: string;
  files: Record<string, Block>;
  variables: Record<string, Block>;
  outputs: Record<string, Block>;
  modules: Record<string, Block>;
  /** `type.name` -> body, for resources. */
  resources: Record<string, Block>;
  /** `type.name` -> body, for data sources. */
  data: Record<string, Block>;
  locals: Record<string, Json>;
  terraform: Block[];
  providers: Record<string, Block[]>;
  /** Raw text of every .tf file, concatenated. */
  text: string;
}

function single(value: Json | undefined, what: string): Block {
  if (!Array.isArray(value) || value.length !== 1 || !isBlock(value[0]))
    throw new Error(`${what}: expected exactly one block`);
  return value[0];
}

export function isBlock(value: Json | undefined): value is Block {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function addNamed(target: Record<string, Block>, source: Json | undefined, where: string): void {
  if (!isBlock(source)) return;
  for (const [name, blocks] of Object.entries(source)) {
    if (name in target) throw new Error(`${where}: ${name} is declared twice`);
    target[name] = single(blocks, `${where}: ${name}`);
  }
}

function addTyped(target: Record<string, Block>, source: Json | undefined, where: string): void {
  if (!isBlock(source)) return;
  for (const [type, byName] of Object.entries(source)) {
    if (!isBlock(byName)) continue;
    for (const [name, blocks] of Object.entries(byName)) {
      const key = `${type}.${name}`;
      if (key in target) throw new Error(`${where}: ${key} is declared twice`);
      target[key] = single(blocks, `${where}: ${key}`);
    }
  }
}

export async function loadConfig(dir: string): Promise<Config> {
  const rel = path.relative(terraformRoot, dir);
  const config: Config = {
    dir,
    rel,
    files: {},
    variables: {},
    outputs: {},
    modules: {},
    resources: {},
    data: {},
    locals: {},
    terraform: [],
    providers: {},
    text: '',
  };
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.tf'))
    .sort();
  if (names.length === 0) throw new Error(`${rel}: no .tf files`);
  for (const name of names) {
    const text = readFileSync(path.join(dir, name), 'utf8');
    const where = `${rel}/${name}`;
    const json = (await parse(where, text)) as Block;
    config.files[name] = json;
    config.text += text;
    addNamed(config.variables, json.variable, where);
    addNamed(config.outputs, json.output, where);
    addNamed(config.modules, json.module, where);
    addTyped(config.resources, json.resource, where);
    addTyped(config.data, json.data, where);
    for (const block of Array.isArray(json.locals) ? json.locals : []) {
      if (!isBlock(block)) continue;
      for (const [k, v] of Object.entries(block)) {
        if (k in config.locals) throw new Error(`${where}: local.${k} is declared twice`);
        config.locals[k] = v;
      }
    }
    for (const block of Array.isArray(json.terraform) ? json.terraform : [])
      if (isBlock(block)) config.terraform.push(block);
    if (isBlock(json.provider)) {
      for (const [name, blocks] of Object.entries(json.provider)) {
        config.providers[name] = [
          ...(config.providers[name] ?? []),
          ...(Array.isArray(blocks) ? blocks.filter(isBlock) : []),
        ];
      }
    }
  }
  return config;
}

function subdirs(dir: string): string[] {
  return readdirSync(dir)
    .map((name) => path.join(dir, name))
    .filter((p) => statSync(p).isDirectory())
    .sort();
}

export async function loadAll(): Promise<{ modules: Record<string, Config>; envs: Record<string, Config> }> {
  const modules: Record<string, Config> = {};
  const envs: Record<string, Config> = {};
  for (const dir of subdirs(path.join(terraformRoot, 'modules'))) modules[path.basename(dir)] = await loadConfig(dir);
  for (const dir of subdirs(path.join(terraformRoot, 'envs'))) envs[path.basename(dir)] = await loadConfig(dir);
  return { modules, envs };
}

/** Every string anywhere in a JSON value (HCL expressions come through as `${...}` strings). */
export function strings(value: Json | undefined): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (isBlock(value)) return Object.values(value).flatMap(strings);
  return [];
}

/** Every object (block) anywhere in a JSON value, with its key path. */
export function walkBlocks(
  value: Json | undefined,
  visit: (block: Block, keyPath: string[]) => void,
  keyPath: string[] = [],
): void {
  if (Array.isArray(value)) value.forEach((v) => walkBlocks(v, visit, keyPath));
  else if (isBlock(value)) {
    visit(value, keyPath);
    for (const [k, v] of Object.entries(value)) walkBlocks(v, visit, [...keyPath, k]);
  }
}

/** `module.<name>[...]?.<output>` references in a string. */
export function moduleOutputRefs(expr: string): Array<{ module: string; output: string }> {
  const refs: Array<{ module: string; output: string }> = [];
  for (const m of expr.matchAll(/\bmodule\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?\.([A-Za-z_][\w-]*)/g))
    refs.push({ module: m[1]!, output: m[2]! });
  // `for region, api in module.api : region => api.invoke_url`: outputs read through the iteration variable.
  for (const m of expr.matchAll(/\bfor\s+(?:\w+\s*,\s*)?(\w+)\s+in\s+module\.([A-Za-z_][\w-]*)\s*:([^}\]]*)/g)) {
    for (const use of m[3]!.matchAll(new RegExp(`\\b${m[1]!}\\.([A-Za-z_][\\w-]*)`, 'g')))
      refs.push({ module: m[2]!, output: use[1]! });
  }
  return refs;
}

export function refs(expr: string, kind: 'var' | 'local'): string[] {
  return [...expr.matchAll(new RegExp(`(?<![\\w.])${kind}\\.([A-Za-z_][\\w-]*)`, 'g'))].map((m) => m[1]!);
}

/** Resolves a path expression such as `${path.root}/../../x.json` or `${local.repo_root}/x` against a config dir. */
export function resolvePathExpression(config: Config, expr: string, depth = 0): string {
  if (depth > 5) throw new Error(`${config.rel}: path expression nests too deeply: ${expr}`);
  const resolved = expr.replace(/\$\{(path\.root|path\.module|local\.[\w-]+)\}/g, (_, ref: string) => {
    if (ref === 'path.root' || ref === 'path.module') return config.dir;
    const value = config.locals[ref.slice('local.'.length)];
    if (typeof value !== 'string') throw new Error(`${config.rel}: ${ref} is not a string local`);
    return resolvePathExpression(config, value, depth + 1);
  });
  if (resolved.includes('${')) throw new Error(`${config.rel}: cannot resolve path expression statically: ${expr}`);
  return path.resolve(resolved);
}

/** Resolves `local.x` (one level) to its expression, for arguments passed as locals. */
export function derefLocal(config: Config, value: Json | undefined): Json | undefined {
  if (typeof value === 'string') {
    const m = /^\$\{local\.([\w-]+)\}$/.exec(value);
    if (m) return config.locals[m[1]!];
  }
  return value;
}

export function moduleSourceDir(env: Config, call: Block): string {
  const source = call.source;
  if (typeof source !== 'string' || !source.startsWith('../'))
    throw new Error(`${env.rel}: module source must be a local path, got ${text(source)}`);
  const dir = path.resolve(env.dir, source);
  if (!existsSync(dir)) throw new Error(`${env.rel}: module source ${source} does not exist`);
  return dir;
}

export const META_ARGUMENTS = new Set(['source', 'version', 'providers', 'count', 'for_each', 'depends_on']);

/** A parsed value as text: strings as they are, anything else as JSON (for messages and pattern checks). */
export function text(value: Json | undefined): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
}
