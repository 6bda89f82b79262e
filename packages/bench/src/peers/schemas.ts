/**
 * The contract's JSON Schemas as a peer stack would embed them: the `id` path parameter of getItem and the
 * request body of createItem, self-contained (`#/components/schemas/X` → `#/definitions/X`), OpenAPI-only
 * annotations removed. Derived from openapi/openapi.yaml at bench time, never written by hand, so the peers
 * validate exactly what the handler's compiled validators do — but with Ajv compiling at runtime, as they do.
 */
import {
  deref,
  isObject,
  loadContract,
  objectAt,
  type Json,
  type JsonObject,
} from '../../../../openapi/src/contract.ts';
import { itemsOperationPath } from '../items.ts';

export interface PeerSchemas {
  /** Schema of getItem's `id` path parameter. */
  itemId: JsonObject;
  /** Schema of createItem's JSON body, with every component schema under `definitions`. */
  newItem: JsonObject;
}

const annotations = new Set(['example', 'examples', 'externalDocs', 'xml']);

function toJsonSchema(value: Json): Json {
  if (Array.isArray(value)) return value.map(toJsonSchema);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (annotations.has(key)) continue;
    if (key === '$ref' && typeof child === 'string')
      out[key] = child.replace('#/components/schemas/', '#/definitions/');
    else if (key === 'properties' && isObject(child)) {
      // Property names are data, not keywords: keep them all.
      out[key] = Object.fromEntries(Object.entries(child).map(([name, schema]) => [name, toJsonSchema(schema)]));
    } else out[key] = toJsonSchema(child);
  }
  return out;
}

export async function loadPeerSchemas(): Promise<PeerSchemas> {
  const document = await loadContract();
  const paths = objectAt(document, 'paths', '#');
  const getItemPath = itemsOperationPath('getItem');
  const getItem = objectAt(objectAt(paths, getItemPath, '#/paths'), 'get', getItemPath);
  const rawParameters = (Array.isArray(getItem.parameters) ? getItem.parameters : []).concat(
    Array.isArray(objectAt(paths, getItemPath, '#/paths').parameters)
      ? (objectAt(paths, getItemPath, '#/paths').parameters as Json[])
      : [],
  );
  const idParameter = rawParameters.map((p) => deref(document, p)).find((p) => p.in === 'path' && p.name === 'id');
  if (!idParameter) throw new Error('getItem has no `id` path parameter in the contract');
  const createItemPath = itemsOperationPath('createItem');
  const createItem = objectAt(objectAt(paths, createItemPath, '#/paths'), 'post', createItemPath);
  const content = objectAt(deref(document, createItem.requestBody), 'content', 'createItem.requestBody');
  const bodySchema = objectAt(content, 'application/json', 'createItem.requestBody.content').schema as Json;
  const components = objectAt(objectAt(document, 'components', '#'), 'schemas', '#/components');
  return {
    itemId: toJsonSchema(deref(document, idParameter.schema)) as JsonObject,
    newItem: { ...(toJsonSchema(bodySchema) as JsonObject), definitions: toJsonSchema(components) },
  };
}
