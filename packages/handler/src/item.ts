/**
 * The item as the API answers it and the fields the API sets itself, both derived from the contract's schemas
 * (`schemaProperties`), so a new Item field is stored and returned without touching this package, or fails to
 * compile where the store has to set it.
 */
import { schemaProperties } from '@items-api/openapi/operations';
import type { Item, NewItem } from '@items-api/openapi/schema';

/** The contract's Item fields only, so attributes added to the table by hand never leak into responses. */
export function toItem(stored: Record<string, unknown>): Item {
  const item: Record<string, unknown> = {};
  for (const field of schemaProperties.Item) if (stored[field] !== undefined) item[field] = stored[field];
  return item as Item;
}

/** Every Item field a client does not write (not in NewItem): the store must set each one when it creates an item. */
export type ServerFields = { [K in Exclude<keyof Item, keyof NewItem>]-?: Item[K] };
