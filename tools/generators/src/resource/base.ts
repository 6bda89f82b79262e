/**
 * The contract without any resource: its public operations (/health), its conventions and the components every
 * resource's operations share, with each resource's declaration, operations, tag, scopes and the components only
 * they used left out. What an API of generated resources alone is built on (lambda-api's test fixtures are).
 */
import { isObject, operationsOf, type Json, type JsonObject } from '../contract-text.ts';
import { scopesPath } from './names.ts';
import { sharedComponents } from './operations.ts';

/** Every local component `document` refers to, as `section/name`. */
export function componentRefs(document: Json): Set<string> {
  const refs = new Set<string>();
  const visit = (value: Json): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isObject(value)) {
      const match = typeof value.$ref === 'string' ? /^#\/components\/([^/]+)\/([^/]+)$/.exec(value.$ref) : null;
      if (match) refs.add(`${match[1]}/${match[2]}`);
      Object.values(value).forEach(visit);
    }
  };
  visit(document);
  return refs;
}

export const sharedComponentNames = new Set(
  Object.entries(sharedComponents).flatMap(([section, names]) => names.map((name) => `${section}/${name}`)),
);

/** The sections of `components` whose entries go when nothing refers to them (not the security schemes). */
const referencedSections = ['schemas', 'parameters', 'responses', 'headers', 'requestBodies', 'examples'];

export function contractWithoutResources(contract: JsonObject): JsonObject {
  const base = structuredClone(contract);
  base['x-resources'] = {};
  const paths = isObject(base.paths) ? base.paths : {};
  for (const { method, path, operation } of operationsOf(base))
    if (operation['x-resource'] !== undefined) delete (paths[path] as JsonObject)[method];
  for (const path of Object.keys(paths))
    if (!operationsOf({ paths: { [path]: paths[path] ?? null } }).length) delete paths[path];
  const tagsUsed = new Set(
    operationsOf(base).flatMap(({ operation }) => (Array.isArray(operation.tags) ? operation.tags : [])),
  );
  if (Array.isArray(base.tags)) base.tags = base.tags.filter((tag) => isObject(tag) && tagsUsed.has(tag.name ?? null));
  const scopes = scopesPath(base).reduce<Json | undefined>(
    (value, key) => (isObject(value) ? value[key] : undefined),
    base,
  );
  if (isObject(scopes)) for (const scope of Object.keys(scopes)) delete scopes[scope];
  const components = isObject(base.components) ? base.components : {};
  for (let pruned = true; pruned;) {
    const referenced = componentRefs(base);
    pruned = false;
    for (const section of referencedSections) {
      const entries = components[section];
      if (!isObject(entries)) continue;
      for (const name of Object.keys(entries))
        if (!referenced.has(`${section}/${name}`) && !sharedComponentNames.has(`${section}/${name}`)) {
          delete entries[name];
          pruned = true;
        }
    }
  }
  return base;
}
