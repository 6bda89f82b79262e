/**
 * A stored object as the API answers it: only its resource's schema fields (`ResourceDescriptor.fields`, from the
 * contract's `schemaProperties`), so attributes added to a table by hand never leak into responses and a new field
 * is returned without touching this package.
 */
import type { ResourceDescriptor, ServerFields } from './resource.ts';

/** An object of some resource as answered: its schema's fields, the server-set ones always there. */
export type StoredObject = Record<string, unknown> & ServerFields;

/** The resource's schema fields of `stored`, in contract order. */
export function toItem(resource: ResourceDescriptor, stored: Record<string, unknown>): StoredObject {
  const item: Record<string, unknown> = {};
  for (const field of resource.fields) if (stored[field] !== undefined) item[field] = stored[field];
  return item as StoredObject;
}
