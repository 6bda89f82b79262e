/**
 * What the generators share about the contract: reading it, its operations as plain data, rendering YAML in its
 * style, and editing its text in place (inserting or deleting whole entries) so that every other byte of
 * openapi.yaml stays as it was, then regenerating from it.
 */
import { execFileSync } from 'node:child_process';
import type { Tree } from '@nx/devkit';
import { Document, isMap, isScalar, isSeq, parseDocument, visit, type Node } from 'yaml';

export const contractFile = 'openapi/openapi.yaml';

/**
 * The scripts of the workspace's `generate` targets, in their order (openapi's artifacts, then what Terraform's tests
 * render from them): tools/generators/test/generate-targets.test.mts holds this list to those targets.
 */
export const generateScripts = ['openapi/src/generate.ts', 'terraform/scripts/integration-fixtures.ts'];

/** Regenerates what `npm run generate` does, from the contract in `root` (the generators work on trees without Nx). */
export function runGenerateScripts(root: string): void {
  for (const script of generateScripts)
    execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: root, stdio: 'inherit' });
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value as a message shows it: a string as it is, anything else as JSON. */
export const shown = (value: Json | undefined): string =>
  typeof value === 'string' ? value : (JSON.stringify(value) ?? '(none)');

/** A failure the user can act on, naming the contract file. */
function failContract(message: string): never {
  throw new Error(`${contractFile}: ${message}`);
}

/** The contract's text, its YAML document (for the places of its nodes) and its plain data. */
export interface ContractText {
  text: string;
  document: Document.Parsed;
  contract: JsonObject;
}

export function readContract(tree: Tree): ContractText {
  return parseContract(tree.read(contractFile, 'utf-8') ?? failContract('not found'));
}

export function parseContract(text: string): ContractText {
  const document = parseDocument(text);
  if (document.errors.length > 0) failContract(`does not parse: ${document.errors[0]?.message}`);
  return { text, document, contract: document.toJSON() as JsonObject };
}

const httpMethods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** One operation of the contract as plain data. */
export interface ContractOperation {
  method: string;
  path: string;
  operation: JsonObject;
}

/** Each operation of the contract with its method and path. */
export function operationsOf(contract: JsonObject): ContractOperation[] {
  const paths = contract.paths;
  if (!isObject(paths)) failContract('has no paths');
  return Object.entries(paths).flatMap(([path, item]) =>
    isObject(item)
      ? Object.entries(item).flatMap(([method, operation]) =>
          httpMethods.includes(method) && isObject(operation) ? [{ method, path, operation }] : [],
        )
      : [],
  );
}

export const responsesOf = ({ operation }: ContractOperation): JsonObject =>
  isObject(operation.responses) ? operation.responses : {};

/** The responses (status → response) that every one of `operations` documents as the same `$ref`. */
export function sharedResponses(operations: ContractOperation[]): JsonObject {
  const [first, ...rest] = operations;
  if (!first) return {};
  return Object.fromEntries(
    Object.entries(responsesOf(first)).filter(
      ([status, response]) =>
        isObject(response) &&
        typeof response.$ref === 'string' &&
        rest.every((o) => JSON.stringify(responsesOf(o)[status]) === JSON.stringify(response)),
    ),
  );
}

/**
 * The contract's style for the extensions it writes on one line (`x-integration: { type: lambda, ... }`): maps under
 * these keys are flow maps.
 */
const flowMapKeys = new Set(['x-integration', 'x-resource', 'partitionKey', 'sortKey']);

/**
 * The contract is Prettier's style: flow maps padded (`{ type: lambda }`), flow lists not (`[Scan]`). The YAML
 * library pads both or neither, so the flow maps (one a line, under `flowMapKeys`) are padded here.
 */
function padFlowMap(line: string): string {
  const match = /^(\s*)([\w-]+): \{(.*)\}$/.exec(line);
  return match && flowMapKeys.has(match[2] as string) && match[3] !== ''
    ? `${match[1]}${match[2]}: { ${match[3]} }`
    : line;
}

/** `value` as YAML lines in the contract's style (flow lists of scalars, flow extensions), indented by `indent`. */
function yamlLines(value: Json, indent: number): string {
  // YAML 1.1 quotes what a 1.1 reader would not take for a string (a date-time, `yes`), as the contract does; a
  // value used twice is written twice, never as an anchor and alias.
  const document = new Document(value, { version: '1.1', aliasDuplicateObjects: false });
  visit(document, {
    Seq: (_, node) => {
      if (node.items.every(isScalar)) node.flow = true;
    },
    Pair: (_, pair) => {
      if (isScalar(pair.key) && flowMapKeys.has(String(pair.key.value)) && isMap(pair.value)) pair.value.flow = true;
    },
  });
  const text = document.toString({ lineWidth: 0, singleQuote: true, flowCollectionPadding: false });
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map(padFlowMap)
    .map((line) => (line === '' ? line : ' '.repeat(indent) + line))
    .join('\n')
    .concat('\n');
}

/** A text edit: `length` characters at `offset` replaced by `text`. */
export interface Edit {
  offset: number;
  length: number;
  text: string;
}

/** `text` with the edits applied (they must not overlap; those at one offset go in their order); each offset is one of the original text. */
export function applyEdits(text: string, edits: Edit[]): string {
  return [...edits]
    .sort((a, b) => b.offset - a.offset)
    .reduce(
      (result, { offset, length, text: insert }) => result.slice(0, offset) + insert + result.slice(offset + length),
      text,
    );
}

const lineStart = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
/** The start of the line after the one `offset` is on (a node's end may or may not include its line break). */
const lineEnd = (text: string, offset: number) =>
  text[offset - 1] === '\n' ? offset : text.indexOf('\n', offset) + 1 || text.length;

/** The block mapping or sequence at `path`, with its range in the text. */
function blockAt({ document }: ContractText, path: string[]) {
  const node = document.getIn(path, true);
  if (!(isMap(node) || isSeq(node)) || node.flow || !node.range)
    failContract(`${path.join('.')} is not a block mapping or sequence`);
  return node;
}

/** The pair of the block mapping at `path`'s parent that holds it (`x-resources: ...` for `['x-resources']`). */
function pairAt({ document }: ContractText, path: string[]) {
  const parent = path.length === 1 ? document.contents : document.getIn(path.slice(0, -1), true);
  return isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === path.at(-1)) : undefined;
}

/** Where the comment lines right below the line of `offset`, indented deeper than it, end. */
function commentsEnd(text: string, offset: number): number {
  const indent = /^ */.exec(text.slice(lineStart(text, offset)))?.[0].length ?? 0;
  const nextLine = (from: number) => text.indexOf('\n', from) + 1 || text.length;
  for (let end = nextLine(offset); ;) {
    const comment = /^( *)#/.exec(text.slice(end, nextLine(end)));
    if (!comment || (comment[1] ?? '').length <= indent) return end;
    end = nextLine(end);
  }
}

/**
 * An edit inserting `value` as the last entries of the block collection at `path`, indented as its entries are:
 * where the collection ends (after its last line). An empty mapping (`{}`, as entriesDeletion leaves one) becomes a
 * block one again, its entries two spaces deeper than its key and after the comments below it.
 */
export function insertion(contract: ContractText, path: string[], value: Json): Edit {
  const node = contract.document.getIn(path, true);
  if (isMap(node) && node.flow && node.items.length === 0 && node.range) {
    const keyStart = (pairAt(contract, path)?.key as Node | undefined)?.range?.[0];
    if (keyStart === undefined) failContract(`${path.join('.')} is not a mapping`);
    const line = contract.text.slice(lineStart(contract.text, keyStart));
    const lines = yamlLines(value, line.length - line.trimStart().length + 2);
    const [open, close] = node.range;
    // `key: {}` on one line, or `{}` on a line of its own below the key's comments.
    return lineStart(contract.text, open) <= keyStart
      ? { offset: open - 1, length: close - open + 1, text: `\n${lines.replace(/\n$/, '')}` }
      : {
          offset: lineStart(contract.text, open),
          length: lineEnd(contract.text, close) - lineStart(contract.text, open),
          text: lines,
        };
  }
  const block = blockAt(contract, path);
  const first = isMap(block) ? block.items[0]?.key : block.items[0];
  const start = (first as Node | null | undefined)?.range?.[0];
  if (start === undefined) failContract(`${path.join('.')} is empty: there is no entry to indent the new ones as`);
  const line = contract.text.slice(lineStart(contract.text, start));
  return {
    offset: (block.range as [number, number, number])[1],
    length: 0,
    text: yamlLines(value, line.length - line.trimStart().length),
  };
}

/** An edit deleting the lines a node spans, from the start of its first line. */
function deletion(text: string, from: number, to: number): Edit {
  const start = lineStart(text, from);
  return { offset: start, length: lineEnd(text, to) - start, text: '' };
}

/** The edit deleting the lines of the entry `key` of the block mapping at `path`; none without such an entry. */
export function entryDeletion(contract: ContractText, path: string[], key: string): Edit[] {
  const map = contract.document.getIn(path, true);
  const pair = isMap(map) ? map.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
  const start = (pair?.key as Node | undefined)?.range?.[0];
  const end = (pair?.value as Node | undefined)?.range?.[2];
  return start === undefined || end === undefined ? [] : [deletion(contract.text, start, end)];
}

/**
 * The edits deleting the entries `keys` of the block mapping at `path`; when that leaves it without entries, it
 * becomes `{}` (a key without a value would read as null), as Prettier writes it: `key: {}`, or with comments below
 * the key, `{}` on a line of its own after them (YAML allows no comment lines after `key: {}`).
 */
export function entriesDeletion(contract: ContractText, path: string[], keys: string[]): Edit[] {
  const edits = keys.flatMap((key) => entryDeletion(contract, path, key));
  const map = contract.document.getIn(path, true);
  const key = pairAt(contract, path)?.key as Node | undefined;
  if (!isMap(map) || map.flow || edits.length < map.items.length || !key?.range) return edits;
  const { text } = contract;
  const [keyStart, keyEnd] = key.range;
  const comments = commentsEnd(text, keyStart);
  if (comments === text.indexOf('\n', keyStart) + 1) return [...edits, { offset: keyEnd + 1, length: 0, text: ' {}' }];
  const line = text.slice(lineStart(text, keyStart));
  const indent = ' '.repeat(line.length - line.trimStart().length + 2);
  // After the deletions at the same offset (applyEdits keeps the order of edits at one offset).
  return [...edits, { offset: comments, length: 0, text: `${indent}{}\n` }];
}

/** The edit deleting the lines of the item named `name` of the block sequence at `path`; none without one. */
export function itemDeletion(contract: ContractText, path: string[], name: string): Edit[] {
  const seq = contract.document.getIn(path, true);
  const item = isSeq(seq) ? seq.items.find((i) => isMap(i) && i.get('name') === name) : undefined;
  const range = (item as Node | undefined)?.range;
  return range ? [deletion(contract.text, range[0], range[2])] : [];
}
