/**
 * Each resource of the contract as the store and the generic operations use it, derived from the generated
 * `resources` (keys), `schemaProperties` (the stored schema's fields) and each operation's `requestBody.schema`
 * (what a create, replace or patch writes): adding a resource to the contract needs no code here.
 */
import {
  operations,
  resources,
  schemaProperties,
  type ResourceAction,
  type ResourceName,
} from '@items-api/openapi/operations';
import type { components } from '@items-api/openapi/schema';
import type { KeyAttribute, TableKeys } from './table.ts';

/** What every resource operation can do (the contract's `resourceActions`), each with its one DynamoDB call. */
export type { ResourceAction } from '@items-api/openapi/operations';

/** A key attribute and who chooses its value: the server (a UUID on create) or the client (in the path). */
export interface ResourceKey extends KeyAttribute {
  readonly chosenBy: 'server' | 'client';
}

export interface ResourceDescriptor extends TableKeys {
  /** The resource's name: what its table name and its cursors are bound to. */
  readonly name: string;
  readonly partitionKey: ResourceKey;
  readonly sortKey?: ResourceKey | undefined;
  /** The stored schema's fields in contract order: all a response holds. */
  readonly fields: readonly string[];
  /** What a create or a replace writes: its body schema's properties. */
  readonly writableFields: readonly string[];
  /** What a merge patch may set or remove: its body schema's properties. */
  readonly patchFields: readonly string[];
  /** The read operation's path template, which `Location` fills in; undefined when the resource has none. */
  readonly readPath: string | undefined;
}

/** The fields the store sets on every object, whatever its resource. */
export interface ServerFields {
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** An operation's facts as this module reads them (the generated table holds literal types per operation). */
interface OperationFacts {
  readonly path: string;
  readonly resource: { readonly name: string; readonly action: ResourceAction | null } | null;
  readonly requestBody: { readonly schema: string | null } | null;
}

const operationFacts: readonly OperationFacts[] = Object.values(operations);
const propertiesOf: Readonly<Record<string, readonly string[]>> = schemaProperties;

/** The properties of the body schemas of `resource`'s operations with one of `actions`. */
function bodyFieldsOf(resource: string, actions: readonly ResourceAction[]): string[] {
  const fields = new Set<string>();
  for (const { resource: target, requestBody } of operationFacts) {
    if (target?.name !== resource || target.action === null || !actions.includes(target.action)) continue;
    const schema = requestBody?.schema;
    for (const field of schema ? (propertiesOf[schema] ?? []) : []) fields.add(field);
  }
  return [...fields];
}

function describe(name: ResourceName): ResourceDescriptor {
  const declared: { schema: string; partitionKey: ResourceKey; sortKey?: ResourceKey } = resources[name];
  return {
    name,
    partitionKey: declared.partitionKey,
    sortKey: declared.sortKey,
    fields: propertiesOf[declared.schema] ?? [],
    writableFields: bodyFieldsOf(name, ['create', 'replace']),
    patchFields: bodyFieldsOf(name, ['patch']),
    readPath: operationFacts.find((o) => o.resource?.name === name && o.resource?.action === 'read')?.path,
  };
}

/** Every resource of the contract, described. */
export const resourceDescriptors = Object.fromEntries(
  (Object.keys(resources) as ResourceName[]).map((name) => [name, describe(name)]),
) as { readonly [R in ResourceName]: ResourceDescriptor };

// Compile-time checks over the contract's resources: each stored schema has the server fields, and every one of its
// fields is a key, written by a create or replace body, or set by the store; a field nobody sets fails tsc here.
type Schemas = components['schemas'];
type Declared = typeof resources;
type StoredOf<R extends ResourceName> = Schemas[Declared[R]['schema'] & keyof Schemas];
type KeyNamesOf<R extends ResourceName> =
  Declared[R]['partitionKey']['name'] | (Declared[R] extends { sortKey: { name: infer S } } ? S : never);
type WriteOperationOf<R extends ResourceName> = {
  [K in keyof typeof operations]: (typeof operations)[K]['resource'] extends {
    name: R;
    action: 'create' | 'replace';
  }
    ? K
    : never;
}[keyof typeof operations];
type BodyOf<K> = K extends keyof typeof operations
  ? (typeof operations)[K]['requestBody'] extends { schema: infer S extends keyof Schemas }
    ? Schemas[S]
    : never
  : never;
/** The fields of a stored schema that neither its key, nor a write's body, nor the store sets. */
export type FieldsNobodySets<Stored, KeyNames, Body> =
  | Exclude<keyof Stored, KeyNames | keyof ServerFields | keyof Body>
  | (Stored extends ServerFields ? never : 'the server fields version, createdAt, updatedAt');
export type RequireNone<Names extends never> = Names;
export type EveryStoredFieldIsSet = RequireNone<
  { [R in ResourceName]: FieldsNobodySets<StoredOf<R>, KeyNamesOf<R>, BodyOf<WriteOperationOf<R>>> }[ResourceName]
>;
