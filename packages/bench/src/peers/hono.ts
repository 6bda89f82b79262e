/**
 * Peer stack 2: Hono on Lambda (`hono/aws-lambda`) with Hono's built-in `validator` backed by Ajv compiling the
 * contract's schemas when the module loads (Ajv: the same validator family as ours, compiled at runtime instead
 * of at build time), serving getItem and createItem on the same document client.
 */
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { validator } from 'hono/validator';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { PeerSchemas } from './schemas.ts';
import { problemBody, readItem, writeNewItem, type NewItemBody, type PeerOptions, type PeerResult } from './shared.ts';

type AddFormats = (ajv: Ajv, formats: string[]) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

export type PeerHandler = (event: APIGatewayProxyEvent, context?: object) => Promise<PeerResult>;

const problemHeaders = { 'Content-Type': 'application/problem+json' };

export function createHonoHandler(options: PeerOptions & { schemas: PeerSchemas }): PeerHandler {
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  addFormats(ajv, ['date-time']);
  const validId = ajv.compile(options.schemas.itemId);
  const validNewItem = ajv.compile<NewItemBody>(options.schemas.newItem);

  const app = new Hono();
  app.get(
    '/items/:id',
    validator('param', (value, c) =>
      validId(value['id'])
        ? value
        : c.body(problemBody('validation-failed', ajv.errorsText(validId.errors), c.req.path), 400, problemHeaders),
    ),
    async (c) => {
      const id = c.req.param('id');
      const item = await readItem(options, id);
      if (!item)
        return c.body(problemBody('not-found', `No item has the id "${id}".`, c.req.path), 404, problemHeaders);
      c.header('ETag', `"${String(item.version)}"`);
      return c.json(item);
    },
  );
  app.post(
    '/items',
    validator('json', (value, c) =>
      validNewItem(value)
        ? value
        : c.body(
            problemBody('validation-failed', ajv.errorsText(validNewItem.errors), c.req.path),
            400,
            problemHeaders,
          ),
    ),
    async (c) => {
      const item = await writeNewItem(options, c.req.valid('json'));
      c.header('Location', `/items/${String(item.id)}`);
      c.header('ETag', '"1"');
      return c.json(item, 201);
    },
  );
  return handle(app) as unknown as PeerHandler;
}
