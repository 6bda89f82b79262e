/**
 * `--remove`: deletes what the resource generator added for a resource (its `x-resources` entry, its tag, its paths,
 * its scopes and its schemas) as whole entries of the contract's text, so the contract is byte for byte what it was
 * before; refuses while the rest of the contract still refers to any of it, or while its paths hold an operation the
 * generator did not add. A resource written by hand in the same shape (items) goes as cleanly: the components only
 * it referred to (its field schemas, a shared path parameter) go with it, except those every resource's operations
 * share (`sharedComponents`), which stay for the next resource even when the last one goes.
 */
import {
  applyEdits,
  contractFile,
  entriesDeletion,
  entryDeletion,
  isObject,
  itemDeletion,
  operationsOf,
  parseContract,
  shown,
  type ContractText,
  type Edit,
  type Json,
} from '../contract-text.ts';
import { fail } from './options.ts';
import { schemaNames, scopesOf, scopesPath, tagOf } from './names.ts';
import { componentRefs, sharedComponentNames } from './base.ts';

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

/**
 * The deletions of the components that `edits` leave without a reference although the contract referred to them,
 * transitively (a field schema, then the schema only it referred to), but never one of `sharedComponents`.
 */
function orphanedComponents(contractText: ContractText, edits: Edit[]): Edit[] {
  const before = componentRefs(contractText.contract);
  const orphans: string[] = [];
  const deletions = (names: string[]) =>
    names.flatMap((name) => {
      const [section, key] = name.split('/') as [string, string];
      return entryDeletion(contractText, ['components', section], key);
    });
  for (;;) {
    const remaining = parseContract(applyEdits(contractText.text, [...edits, ...deletions(orphans)])).contract;
    const referenced = componentRefs(remaining);
    const components = isObject(remaining.components) ? remaining.components : {};
    const found = Object.entries(components).flatMap(([section, entries]) =>
      Object.keys(isObject(entries) ? entries : {})
        .map((name) => `${section}/${name}`)
        .filter((name) => before.has(name) && !referenced.has(name) && !sharedComponentNames.has(name)),
    );
    if (found.length === 0) return deletions(orphans);
    orphans.push(...found);
  }
}

export function removeResource(contractText: ContractText, name: string): string {
  const { text, contract } = contractText;
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
  const schemas = [names.stored, names.writable, names.patch, names.page, ...Object.values(names.keys)];
  const scopes = Object.values(scopesOf(name));
  const edits = [
    ...entriesDeletion(contractText, ['x-resources'], [name]),
    ...itemDeletion(contractText, ['tags'], tagOf(name)),
    ...paths.flatMap((path) => entryDeletion(contractText, ['paths'], path)),
    ...entriesDeletion(contractText, scopesPath(contract), scopes),
    ...schemas.flatMap((schema) => entryDeletion(contractText, ['components', 'schemas'], schema)),
  ];
  const remaining = applyEdits(text, [...edits, ...orphanedComponents(contractText, edits)]);
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
