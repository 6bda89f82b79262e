/**
 * `npx nx g @items-api/generators:resource <name> [--partition-key id[:S|:N]] [--sort-key range[:S|:N]]
 * [--key-chosen-by server|client] [--fields name:string,...] [--direct] [--remove]`: a new resource of the API, one
 * DynamoDB table, declared in the contract and nowhere else. It inserts into openapi.yaml, as text so every other
 * byte stays as it was, the resource's `x-resources` entry, its schemas, its tag, its OAuth scopes and its paths
 * (render.ts, from names.ts, schemas.ts and operations.ts), then regenerates: everything else (handler, local
 * stage, Terraform) reads it from the generated files.
 *
 * `--remove` deletes exactly those entries again (remove.ts: the contract is byte for byte what it was before the
 * resource was added), and refuses while another part of the contract still refers to them. The resource's own
 * tests go with it: a folder named after it in a project's `test/` or `tests/` (items' tests live so).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getProjects, joinPathFragments, type GeneratorCallback, type Tree } from '@nx/devkit';
import {
  applyEdits,
  contractFile,
  insertion,
  isObject,
  operationsOf,
  parseContract,
  readContract,
  runGenerateScripts,
  shown,
  type ContractText,
  type Json,
  type JsonObject,
} from '../contract-text.ts';
import { fail, readOptions, type ResourcePlan, type ResourceSchema } from './options.ts';
import { scopesPath } from './names.ts';
import { fragmentsOf, type ResourceActions } from './render.ts';
import { removeResource } from './remove.ts';

export type { ResourceSchema } from './options.ts';

/**
 * The DynamoDB action of each shared action, as the contract's reader holds them (openapi/src/resources.ts). Read in
 * a child process: that module is ESM with `import.meta`, which the CommonJS Nx loads generators as cannot import.
 */
export function resourceActionsOf(root: string): ResourceActions {
  const module = pathToFileURL(join(root, 'openapi/src/resources.ts')).href;
  const script = `import { resourceActions } from ${JSON.stringify(module)}; process.stdout.write(JSON.stringify(resourceActions));`;
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(output) as ResourceActions;
}

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

/** The contract's text with the resource `plan` describes added. */
export function addResource(contractText: ContractText, plan: ResourcePlan, actions: ResourceActions): string {
  const { text, contract } = contractText;
  const fragments = fragmentsOf(plan, contract, actions);
  refuseTaken(contract, plan, fragments);
  return applyEdits(text, [
    insertion(contractText, ['x-resources'], { [plan.name]: fragments.declaration }),
    insertion(contractText, ['tags'], [fragments.tag]),
    insertion(contractText, ['paths'], fragments.paths),
    insertion(contractText, scopesPath(contract), fragments.scopes),
    insertion(contractText, ['components', 'schemas'], fragments.schemas),
  ]);
}

/** A resource's own tests: the folders named after it in any project's `test/` or `tests/`. */
function ownTestFolders(tree: Tree, name: string): string[] {
  return [...getProjects(tree).values()]
    .flatMap(({ root }) => ['test', 'tests'].map((folder) => joinPathFragments(root, folder, name)))
    .filter((folder) => tree.exists(folder) && !tree.isFile(folder));
}

export function resourceGenerator(tree: Tree, options: ResourceSchema): GeneratorCallback {
  const contract = readContract(tree);
  let lastRemoved = false;
  let testsRemoved: string[] = [];
  if (options.remove) {
    const others = Object.entries(options).filter(
      ([key, value]) => !['name', 'remove'].includes(key) && value !== undefined && value !== false,
    );
    if (others.length > 0)
      fail(
        `--remove takes only the resource name; leave out ${others.map(([key]) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}`,
      );
    const remaining = removeResource(contract, options.name);
    tree.write(contractFile, remaining);
    testsRemoved = ownTestFolders(tree, options.name);
    for (const folder of testsRemoved) tree.delete(folder);
    lastRemoved = keysOf(parseContract(remaining).contract['x-resources']).length === 0;
  } else {
    const plan = readOptions(options);
    tree.write(contractFile, addResource(contract, plan, resourceActionsOf(tree.root)));
  }
  const withTests = () => (testsRemoved.length > 0 ? `, with its own tests (${testsRemoved.join(', ')})` : '');
  // After the contract is written: the generated artifacts come from it (what `npm run generate` runs).
  return () => {
    if (lastRemoved) {
      // A contract without resources has no scope and unused shared components, which generation and lint refuse:
      // the next resource added regenerates everything.
      console.log(
        `\n${options.name} is removed from ${contractFile}${withTests()}. It was the last resource: the components every resource shares (parameters, headers, error responses) stay for the next one, and generation waits for it (the OAuth scheme has no scope until then): npx nx g @items-api/generators:resource <name>.`,
      );
      return;
    }
    runGenerateScripts(tree.root);
    console.log(
      options.remove
        ? `\n${options.name} is removed from ${contractFile} and from everything generated from it${withTests()}.`
        : `\n${options.name} is declared in ${contractFile}: its table, schemas, scopes and operations. Refine its schemas there (constraints, descriptions, examples), then run npm run generate.`,
    );
  };
}

export default resourceGenerator;
