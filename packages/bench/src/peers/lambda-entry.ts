/**
 * The Lambda entry of a peer stack for the cold-start bundles: the same client factory as the handler, the
 * contract's schemas injected at bundle time (`__PEER_SCHEMAS__`, as a peer would embed its schema JSON) and
 * the stack chosen at bundle time (`__PEER_STACK__`), so esbuild drops the other one.
 */
import { createDocumentClient } from '../../../handler/src/dynamodb.ts';
import { createHonoHandler } from './hono.ts';
import { createMiddyHandler } from './middy.ts';
import type { PeerSchemas } from './schemas.ts';

declare const __PEER_SCHEMAS__: PeerSchemas;
declare const __PEER_STACK__: 'middy' | 'hono';

const options = {
  client: createDocumentClient({ region: process.env.AWS_REGION ?? 'local', endpoint: process.env.DYNAMODB_ENDPOINT }),
  tableName: process.env.TABLE_NAME ?? '',
  schemas: __PEER_SCHEMAS__,
};

export const handler = __PEER_STACK__ === 'middy' ? createMiddyHandler(options) : createHonoHandler(options);
