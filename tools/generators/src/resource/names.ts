/**
 * The names the resource generator gives what it adds (schemas, tag, scopes) and the places of the contract it
 * finds (the security schemes and the OAuth scopes): what adding and removing a resource both go by.
 */
import { isObject, type JsonObject } from '../contract-text.ts';
import { capitalise, fail, keysOf, type ResourcePlan } from './options.ts';

export const ref = (section: string, name: string) => ({ $ref: `#/components/${section}/${name}` });

/** The names of the schemas the generator writes for a resource whose stored schema is `schema`, keys by name. */
export function schemaNames(schema: string, keyNames: string[]) {
  return {
    stored: schema,
    writable: `New${schema}`,
    patch: `${schema}Patch`,
    page: `${schema}Page`,
    keys: Object.fromEntries(keyNames.map((key) => [key, `${schema}${capitalise(key)}`])) as Record<string, string>,
  };
}

export const schemaNamesOf = (plan: ResourcePlan) =>
  schemaNames(
    plan.schema,
    keysOf(plan).map((key) => key.name),
  );

export const tagOf = (resource: string) => capitalise(resource);
export const scopesOf = (resource: string) => ({ read: `${resource}:read`, write: `${resource}:write` });

/** The OAuth 2.0 scheme and the API key scheme of `components.securitySchemes`, by name. */
export function securitySchemes(contract: JsonObject): { oauth: string; apiKey: string } {
  const schemes = isObject(contract.components) ? contract.components.securitySchemes : undefined;
  const named = (type: string) =>
    Object.entries(isObject(schemes) ? schemes : {}).find(
      ([, scheme]) => isObject(scheme) && scheme.type === type,
    )?.[0] ??
    fail(`the contract has no ${type} security scheme in components.securitySchemes to add the resource's scopes to`);
  return { oauth: named('oauth2'), apiKey: named('apiKey') };
}

/** The place of the OAuth scheme's scopes, `components.securitySchemes.<scheme>.flows.clientCredentials.scopes`. */
export const scopesPath = (contract: JsonObject) => [
  'components',
  'securitySchemes',
  securitySchemes(contract).oauth,
  'flows',
  'clientCredentials',
  'scopes',
];
