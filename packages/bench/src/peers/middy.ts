/**
 * Peer stack 1: Middy — the usual Lambda middleware engine — with @middy/http-json-body-parser,
 * @middy/validator (Ajv compiling the contract's schemas when the module loads) and @middy/http-error-handler,
 * serving getItem and createItem on the same document client.
 */
import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import validator from '@middy/validator';
import { transpileSchema } from '@middy/validator/transpile';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { PeerSchemas } from './schemas.ts';
import { problemBody, readItem, writeNewItem, type NewItemBody, type PeerOptions, type PeerResult } from './shared.ts';

export type PeerHandler = (event: APIGatewayProxyEvent, context?: object) => Promise<PeerResult>;

export function createMiddyHandler(options: PeerOptions & { schemas: PeerSchemas }): PeerHandler {
  const { definitions, ...newItem } = options.schemas.newItem;
  const getItem = middy<APIGatewayProxyEvent, PeerResult>()
    .use(
      validator({
        eventSchema: transpileSchema({
          type: 'object',
          required: ['pathParameters'],
          properties: {
            pathParameters: { type: 'object', required: ['id'], properties: { id: options.schemas.itemId } },
          },
        }),
      }),
    )
    .use(httpErrorHandler())
    .handler(async (event): Promise<PeerResult> => {
      const id = event.pathParameters?.id as string;
      const item = await readItem(options, id);
      return item
        ? {
            statusCode: 200,
            headers: { 'Content-Type': 'application/json', ETag: `"${String(item.version)}"` },
            body: JSON.stringify(item),
          }
        : {
            statusCode: 404,
            headers: { 'Content-Type': 'application/problem+json' },
            body: problemBody('not-found', `No item has the id "${id}".`, event.path),
          };
    });
  const createItem = middy<APIGatewayProxyEvent, PeerResult>()
    .use(httpJsonBodyParser())
    .use(
      validator({
        // Middy's default Ajv options coerce types (`coerceTypes: 'array'`), which makes `1` match both branches of
        // the contract's AttributeValue oneOf; the handler's body validators do not coerce, so neither does this.
        eventSchema: transpileSchema(
          { type: 'object', required: ['body'], properties: { body: newItem }, definitions },
          { coerceTypes: false },
        ),
      }),
    )
    .use(httpErrorHandler())
    .handler(async (event) => {
      const item = await writeNewItem(options, event.body as unknown as NewItemBody);
      return {
        statusCode: 201,
        headers: { 'Content-Type': 'application/json', Location: `/items/${String(item.id)}`, ETag: '"1"' },
        body: JSON.stringify(item),
      };
    });
  return async (event, context = {}) => {
    const route = `${event.httpMethod} ${event.resource}`;
    if (route === 'GET /items/{id}') return getItem(event, context as never);
    if (route === 'POST /items') return createItem(event, context as never);
    return {
      statusCode: 404,
      headers: { 'Content-Type': 'application/problem+json' },
      body: problemBody('not-found', `No route matches ${route}.`, event.path),
    };
  };
}
