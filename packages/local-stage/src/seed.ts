/**
 * Sample data, created through the API (so every item goes through the contract, the handler and its rules) as an
 * authorized client: a token with `items:write` and an API key.
 */
import { createItemsClient, unwrap, type ItemsClientOptions, type Schema } from '@items-api/client';

const colours = ['red', 'green', 'blue', 'amber', 'violet'];
const kinds = ['tool', 'book', 'part', 'gadget'];

export function sampleItem(index: number): Schema<'NewItem'> {
  const colour = colours[index % colours.length] as string;
  const kind = kinds[index % kinds.length] as string;
  return {
    name: `Sample ${kind} ${index + 1}`,
    description: `A ${colour} ${kind} created by \`local-stage seed\`.`,
    tags: ['sample', colour, kind],
    attributes: { index: index + 1, colour, inStock: index % 3 !== 0 },
  };
}

/** Creates `count` sample items through the API `connection` reaches; returns their ids. */
export async function seedItems(connection: ItemsClientOptions, count: number): Promise<string[]> {
  const api = createItemsClient(connection);
  const ids: string[] = [];
  // A few at a time: fast, and gentle with a deployed stage's throttling.
  for (let start = 0; start < count; start += 8) {
    const batch = Array.from({ length: Math.min(8, count - start) }, (_, offset) => start + offset);
    const items = await Promise.all(
      batch.map(async (index) => unwrap(await api.POST('/items', { body: sampleItem(index) }))),
    );
    ids.push(...items.map((item) => item.id));
  }
  return ids;
}
