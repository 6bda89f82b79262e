/**
 * `npx nx g @items-api/generators:resource <name> [--partition-key id[:S|:N]] [--sort-key range[:S|:N]]
 * [--key-chosen-by server|client] [--fields name:string,...] [--direct] [--remove]`: a new resource of the API, one
 * DynamoDB table, declared in the contract and nowhere else. It inserts into openapi.yaml, as text so every other
 * byte stays as it was, the resource's `x-resources` entry, its schemas, its tag, its OAuth scopes and its paths
 * (see render.ts), then regenerates: the handler, the local stage and Terraform serve it from the generated files.
 *
 * `--remove` deletes exactly those entries again (the contract is byte for byte what it was before the resource was
 * added), and refuses while another part of the contract still refers to them.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GeneratorCallback, Tree } from '@nx/devkit';
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import {
  applyEdits,
  contractFile,
  endOf,
  isObject,
  operationsOf,
  parseContract,
  readContract,
  runGenerateScripts,
  shown,
  yamlLines,
  type ContractText,
  type Edit,
  type Json,
  type JsonObject,
} from '../contract-text.ts';
import { fail, readOptions, type ResourcePlan, type ResourceSchema } from './options.ts';
import { fragmentsOf, schemaNames, scopesOf, securitySchemes, tagOf, type ResourceActions } from './render.ts';

export type { ResourceSchema } from './options.ts';

/**
 * The DynamoDB action of each shared action, as the contract's reader holds them (openapi/src/resources.ts). Read in
 * a child process: that module is ESM with `import.meta`, which the CommonJS Nx loads generators as cannot import.
 */
function resourceActionsOf(root: string): ResourceActions {
  const module = pathToFileURL(join(root, 'openapi/src/resources.ts')).href;
  const script = `import { resourceActions } from ${JSON.stringify(module)}; process.stdout.write(JSON.stringify(resourceActions));`;
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(output) as ResourceActions;
}

const lineStart = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
const lineEnd = (text: string, offset: number) =>
  text[offset - 1] === '\n' ? offset : text.indexOf('\n', offset) + 1 || text.length;

/** The column the block collection's entries start at. */
function indentOf(text: string, node: unknown, where: string): number {
  const first = isMap(node) ? node.items[0]?.key : isSeq(node) ? node.items[0] : undefined;
  const start = (first as Node | undefined)?.range?.[0];
  if (start === undefined) fail(`${contractFile}: ${where} is empty; add the resource by hand`);
  const line = text.slice(lineStart(text, start));
  return line.length - line.trimStart().length;
}

/** `value` inserted as the last entries of the block collection at `path`. */
function insertion(text: string, document: Document.Parsed, path: string[], value: Json): Edit {
  const node = document.getIn(path, true);
  const where = path.join('.');
  return { offset: endOf(node, where), length: 0, text: yamlLines(value, indentOf(text, node, where)) };
}

/** The place of the OAuth scheme's scopes, `components.securitySchemes.<scheme>.flows.clientCredentials.scopes`. */
const scopesPath = (contract: JsonObject) => [
  'components',
  'securitySchemes',
  securitySchemes(contract).oauth,
  'flows',
  'clientCredentials',
  'scopes',
];

const keysOf = (value: Json | undefined) => Object.keys(isObject(value) ? value : {});
const at = (contract: JsonObject, path: string[]): Json | undefined =>
  path.reduce<Json | undefined>((value, key) => (isObject(value) ? value[key] : undefined), contract);

/** Refuses a resource that would take a name the contract already uses. */
function refuseTaken(contract: JsonObject, plan: ResourcePlan, fragments: ReturnType<typeof fragmentsOf>): void {
  const resources = keysOf(contract['x-resources']);
  if (resources.includes(plan.name))
    fail(`"${plan.name}" is already a resource of ${contractFile} (x-resources: ${resources.join(', ')})`);
  const schemas = Object.keys(fragments.schemas);
  const taken: [string, string[], string[]][] = [
    ['components.schemas', keysOf(at(contract, ['components', 'schemas'])), schemas],
    ['paths', keysOf(contract.paths), Object.keys(fragments.paths)],
    [scopesPath(contract).join('.'), keysOf(at(contract, scopesPath(contract))), Object.keys(fragments.scopes)],
    [
      'tags',
      (Array.isArray(contract.tags) ? contract.tags : []).map((tag) => (isObject(tag) ? shown(tag.name) : '')),
      [fragments.tag.name],
    ],
    [
      'operationIds',
      operationsOf(contract).map(({ operation }) => shown(operation.operationId)),
      operationsOf({ paths: fragments.paths }).map(({ operation }) => shown(operation.operationId)),
    ],
  ];
  for (const [where, existing, added] of taken) {
    const clash = added.filter((name) => existing.includes(name));
    if (clash.length > 0)
      fail(`${contractFile} already has ${clash.join(', ')} in ${where}, which resource "${plan.name}" would add`);
  }
}

function addResource({ text, document, contract }: ContractText, plan: ResourcePlan, actions: ResourceActions): string {
  const fragments = fragmentsOf(plan, contract, actions);
  refuseTaken(contract, plan, fragments);
  return applyEdits(text, [
    insertion(text, document, ['x-resources'], { [plan.name]: fragments.declaration }),
    insertion(text, document, ['tags'], [fragments.tag]),
    insertion(text, document, ['paths'], fragments.paths),
    insertion(text, document, scopesPath(contract), fragments.scopes),
    insertion(text, document, ['components', 'schemas'], fragments.schemas),
  ]);
}

/** The lines of the entry `key` of the block map at `path`, if it has one. */
function entryLines(text: string, document: Document.Parsed, path: string[], key: string): Edit[] {
  const map = document.getIn(path, true);
  if (!isMap(map)) return [];
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  const start = (pair?.key as Node | undefined)?.range?.[0];
  const end = (pair?.value as Node | undefined)?.range?.[2];
  if (start === undefined || end === undefined) return [];
  const from = lineStart(text, start);
  return [{ offset: from, length: lineEnd(text, end) - from, text: '' }];
}

/** The lines of the tag named `name` in the top-level `tags`, if it has one. */
function tagLines(text: string, document: Document.Parsed, name: string): Edit[] {
  const tags = document.get('tags', true);
  const tag = isSeq(tags) ? tags.items.find((item) => isMap(item) && item.get('name') === name) : undefined;
  const range = (tag as Node | undefined)?.range;
  if (!range) return [];
  const from = lineStart(text, range[0]);
  return [{ offset: from, length: lineEnd(text, range[2]) - from, text: '' }];
}

/** Where `document` still refers to the removed schemas, scopes, tag or resource, as dotted places. */
function referencesTo(
  document: Json,
  removed: { refs: string[]; scopes: string[]; tag: string; resource: string },
  place = '',
): string[] {
  if (Array.isArray(document)) return document.flatMap((value, i) => referencesTo(value, removed, `${place}[${i}]`));
  if (!isObject(document)) return [];
  const here: string[] = [];
  if (typeof document.$ref === 'string' && removed.refs.includes(document.$ref))
    here.push(`${place} ($ref ${document.$ref})`);
  if (isObject(document['x-resource']) && document['x-resource'].name === removed.resource)
    here.push(`${place}.x-resource`);
  if (Array.isArray(document.tags) && place.startsWith('paths.') && document.tags.includes(removed.tag))
    here.push(`${place}.tags (${removed.tag})`);
  if (Array.isArray(document.security)) {
    const scopes = JSON.stringify(document.security);
    for (const scope of removed.scopes)
      if (scopes.includes(JSON.stringify(scope))) here.push(`${place}.security (${scope})`);
  }
  return [
    ...here,
    ...Object.entries(document).flatMap(([key, value]) =>
      referencesTo(value, removed, place ? `${place}.${key}` : key),
    ),
  ];
}

function removeResource({ text, document, contract }: ContractText, name: string): string {
  const resources = isObject(contract['x-resources']) ? contract['x-resources'] : {};
  const declaration = resources[name];
  if (!isObject(declaration))
    fail(
      `"${name}" is not a resource of ${contractFile} (x-resources: ${Object.keys(resources).join(', ') || 'none'})`,
    );
  const keyName = (key: Json | undefined) => (isObject(key) && typeof key.name === 'string' ? [key.name] : []);
  const keys = [...keyName(declaration.partitionKey), ...keyName(declaration.sortKey)];
  const paths = keys.reduce((list, key) => [...list, `${list.at(-1)}/{${key}}`], [`/${name}`]);
  for (const { method, path, operation } of operationsOf(contract).filter((o) => paths.includes(o.path))) {
    const resource = operation['x-resource'];
    if (!isObject(resource) || resource.name !== name || typeof resource.action !== 'string')
      fail(
        `cannot remove ${name}: paths.${path} holds ${method.toUpperCase()} (${shown(operation.operationId)}), which the resource generator did not add (it adds only ${name}'s shared actions); remove it first`,
      );
  }
  const names = schemaNames(shown(declaration.schema), keys);
  const schemas = [names.stored, names.writable, names.patch, names.page, ...names.keys];
  const scopes = Object.values(scopesOf(name));
  const edits = [
    ...entryLines(text, document, ['x-resources'], name),
    ...tagLines(text, document, tagOf(name)),
    ...paths.flatMap((path) => entryLines(text, document, ['paths'], path)),
    ...scopes.flatMap((scope) => entryLines(text, document, scopesPath(contract), scope)),
    ...schemas.flatMap((schema) => entryLines(text, document, ['components', 'schemas'], schema)),
  ];
  const remaining = applyEdits(text, edits);
  const references = referencesTo(parseContract(remaining).contract, {
    refs: schemas.map((schema) => `#/components/schemas/${schema}`),
    scopes,
    tag: tagOf(name),
    resource: name,
  });
  if (references.length > 0)
    fail(
      `cannot remove ${name}: the rest of ${contractFile} still refers to what it would remove, at ${references.join('; ')}; remove or change those first`,
    );
  return remaining;
}

export function resourceGenerator(tree: Tree, options: ResourceSchema): GeneratorCallback {
  const contract = readContract(tree);
  if (options.remove) {
    const others = Object.entries(options).filter(
      ([key, value]) => !['name', 'remove'].includes(key) && value !== undefined && value !== false,
    );
    if (others.length > 0)
      fail(
        `--remove takes only the resource name; leave out ${others.map(([key]) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}`,
      );
    tree.write(contractFile, removeResource(contract, options.name));
  } else {
    const plan = readOptions(options);
    tree.write(contractFile, addResource(contract, plan, resourceActionsOf(tree.root)));
  }
  // After the contract is written: the generated artifacts come from it (what `npm run generate` runs).
  return () => {
    runGenerateScripts(tree.root);
    console.log(
      options.remove
        ? `\n${options.name} is removed from ${contractFile} and from everything generated from it.`
        : `\n${options.name} is declared in ${contractFile}: its table, schemas, scopes and operations. Refine its schemas there (constraints, descriptions, examples), then run npm run generate.`,
    );
  };
}

export default resourceGenerator;
