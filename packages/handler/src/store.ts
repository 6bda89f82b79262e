/**
 * Items in DynamoDB: exactly one DynamoDB call per operation, every write conditional, never read-then-write.
 * DynamoDB's own errors are translated into the API's problems here, so handlers only see HttpProblem.
 */
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { Item, ItemPatch, NewItem } from '@items-api/openapi/schema';
import { HttpProblem } from './http.ts';
import type { IfMatch } from './etag.ts';
import { partitionKey } from './table.ts';
import type { CursorKey } from './cursor.ts';

/** DynamoDB's item size limit. */
export const maxItemBytes = 400 * 1024;

/** Seconds a client should wait after DynamoDB throttles or cannot be reached. */
export const retryAfterSeconds = 1;

export interface StoreContext {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Called with what each DynamoDB call consumed, for the request log line. */
  onCapacity?: (capacity: ConsumedCapacity | undefined) => void;
}

const writableFields = ['description', 'tags', 'attributes'] as const satisfies ReadonlyArray<keyof NewItem>;

/** Keeps only the contract's fields, so attributes added to the table by hand never leak into responses. */
export function toItem(stored: Record<string, unknown>): Item {
  const item: Item = {
    id: stored.id as string,
    name: stored.name as string,
    version: stored.version as number,
    createdAt: stored.createdAt as string,
    updatedAt: stored.updatedAt as string,
  };
  if (stored.description !== undefined) item.description = stored.description as string;
  if (stored.tags !== undefined) item.tags = stored.tags as string[];
  if (stored.attributes !== undefined) item.attributes = stored.attributes as Item['attributes'];
  return item;
}

// --- DynamoDB's item size rules (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html)

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number') return Math.ceil(String(Math.abs(value)).replace(/[.e+-]/g, '').replace(/^0+/, '').length / 2) + 1;
  if (typeof value === 'boolean' || value === null) return 1;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + valueBytes(v), 0);
  if (typeof value === 'object') {
    let sum = 3;
    for (const [k, v] of Object.entries(value)) sum += 1 + Buffer.byteLength(k, 'utf8') + valueBytes(v);
    return sum;
  }
  return 0;
}

export function itemBytes(item: Record<string, unknown>): number {
  let sum = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value !== undefined && value !== null) sum += Buffer.byteLength(name, 'utf8') + valueBytes(value);
  }
  return sum;
}

function assertFits(item: Record<string, unknown>): void {
  const bytes = itemBytes(item);
  if (bytes > maxItemBytes) {
    throw new HttpProblem('payload-too-large', `The item would take ${bytes} bytes; one item can hold at most ${maxItemBytes} (400 KB).`);
  }
}

// --- Error translation

const throttlingErrors = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const networkErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

function isConditionFailure(error: unknown): error is Error & { Item?: unknown } {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Turns DynamoDB's transient failures into 503 + Retry-After and an oversized item into 413; rethrows the rest. */
function translate(error: unknown): never {
  if (error instanceof HttpProblem) throw error;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (throttlingErrors.has(error.name) || (typeof code === 'string' && networkErrorCodes.has(code))) {
      throw new HttpProblem('service-unavailable', 'The database is busy or out of reach; retry shortly.', {
        headers: { 'Retry-After': String(retryAfterSeconds) },
        cause: error,
      });
    }
    if (error.name === 'ValidationException' && /item size|exceed.*size|size.*exceed/i.test(error.message)) {
      throw new HttpProblem('payload-too-large', 'The item would exceed the 400 KB that one item can hold.', { cause: error });
    }
  }
  throw error;
}

function versionCondition(ifMatch: IfMatch | undefined, values: Record<string, unknown>): string {
  let condition = `attribute_exists(#id)`;
  if (ifMatch?.kind === 'versions') {
    if (ifMatch.versions.length === 0) return condition + ' AND #version = :never';
    const names = ifMatch.versions.map((version, index) => {
      values[`:expected${index}`] = version;
      return `:expected${index}`;
    });
    condition += names.length === 1 ? ` AND #version = ${names[0]}` : ` AND #version IN (${names.join(', ')})`;
  }
  return condition;
}

/** A condition failure on an item that exists is a failed precondition; on one that does not, not found. */
function notFoundOrPrecondition(error: Error & { Item?: unknown }, id: string, ifMatch: IfMatch | undefined): HttpProblem {
  if (error.Item === undefined) {
    return new HttpProblem('not-found', `No item has the id "${id}".`);
  }
  return new HttpProblem('precondition-failed', ifMatch?.kind === 'versions' && ifMatch.versions.length === 1
    ? `The item is not at version "${ifMatch.versions[0]}".`
    : 'The item is not at any of the versions in If-Match.');
}

// --- Operations

export async function getItem(ctx: StoreContext, id: string): Promise<Item | undefined> {
  try {
    const out = await ctx.client.send(
      new GetCommand({ TableName: ctx.tableName, Key: { [partitionKey.name]: id }, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }),
    );
    ctx.onCapacity?.(out.ConsumedCapacity);
    return out.Item ? toItem(out.Item) : undefined;
  } catch (error) {
    translate(error);
  }
}

export async function listItems(
  ctx: StoreContext,
  limit: number,
  startKey: CursorKey | undefined,
): Promise<{ items: Item[]; lastKey: CursorKey | undefined }> {
  try {
    const out = await ctx.client.send(
      new ScanCommand({ TableName: ctx.tableName, Limit: limit, ExclusiveStartKey: startKey, ReturnConsumedCapacity: 'TOTAL' }),
    );
    ctx.onCapacity?.(out.ConsumedCapacity);
    const last = out.LastEvaluatedKey?.[partitionKey.name];
    return {
      items: (out.Items ?? []).map(toItem),
      lastKey: typeof last === 'string' ? ({ [partitionKey.name]: last } as CursorKey) : undefined,
    };
  } catch (error) {
    translate(error);
  }
}

export async function createItem(ctx: StoreContext, id: string, body: NewItem, now: string): Promise<Item> {
  const stored: Record<string, unknown> = { id, name: body.name };
  for (const field of writableFields) if (body[field] !== undefined) stored[field] = body[field];
  stored.version = 1;
  stored.createdAt = now;
  stored.updatedAt = now;
  assertFits(stored);
  try {
    const out = await ctx.client.send(
      new PutCommand({
        TableName: ctx.tableName,
        Item: stored,
        ConditionExpression: 'attribute_not_exists(#id)',
        ExpressionAttributeNames: { '#id': partitionKey.name },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    ctx.onCapacity?.(out.ConsumedCapacity);
    return toItem(stored);
  } catch (error) {
    if (isConditionFailure(error)) throw new Error(`Generated id ${id} already exists`, { cause: error });
    translate(error);
  }
}

export type PutCondition = { kind: 'none' } | { kind: 'if-match'; ifMatch: IfMatch } | { kind: 'if-none-match' };

/**
 * Replace-or-create in one UpdateItem: every writable field is set or removed, `createdAt` is kept when the
 * item exists, `version` goes up by one atomically (starting at 1), so `version === 1` means it was created.
 */
export async function putItem(
  ctx: StoreContext,
  id: string,
  body: NewItem,
  condition: PutCondition,
  now: string,
): Promise<{ item: Item; created: boolean }> {
  assertFits({ id, ...body, version: 0, createdAt: now, updatedAt: now });
  const names: Record<string, string> = { '#name': 'name', '#version': 'version', '#createdAt': 'createdAt', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':name': body.name, ':zero': 0, ':one': 1, ':now': now };
  const set = ['#name = :name', '#version = if_not_exists(#version, :zero) + :one', '#createdAt = if_not_exists(#createdAt, :now)', '#updatedAt = :now'];
  const remove: string[] = [];
  for (const field of writableFields) {
    names[`#${field}`] = field;
    if (body[field] !== undefined) {
      set.push(`#${field} = :${field}`);
      values[`:${field}`] = body[field];
    } else {
      remove.push(`#${field}`);
    }
  }
  let conditionExpression: string | undefined;
  if (condition.kind !== 'none') names['#id'] = partitionKey.name;
  if (condition.kind === 'if-match') {
    if (condition.ifMatch.kind === 'versions' && condition.ifMatch.versions.length === 0) values[':never'] = -1;
    conditionExpression = versionCondition(condition.ifMatch, values);
  } else if (condition.kind === 'if-none-match') {
    conditionExpression = 'attribute_not_exists(#id)';
  }
  try {
    const out = await ctx.client.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: { [partitionKey.name]: id },
        UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: conditionExpression,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    ctx.onCapacity?.(out.ConsumedCapacity);
    const item = toItem(out.Attributes ?? {});
    return { item, created: item.version === 1 };
  } catch (error) {
    if (isConditionFailure(error)) {
      throw new HttpProblem(
        'precondition-failed',
        condition.kind === 'if-none-match' ? `An item with the id "${id}" already exists.` : `The item "${id}" does not exist or is not at the version in If-Match.`,
      );
    }
    translate(error);
  }
}

/** A JSON merge patch as one UpdateItem: values are SET, nulls are REMOVEd; conditional on existence and If-Match. */
export async function patchItem(ctx: StoreContext, id: string, patch: ItemPatch, ifMatch: IfMatch | undefined, now: string): Promise<Item> {
  assertFits({ id, ...patch, version: 0, createdAt: now, updatedAt: now });
  const names: Record<string, string> = { '#id': partitionKey.name, '#version': 'version', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':one': 1, ':now': now };
  const set = ['#version = #version + :one', '#updatedAt = :now'];
  const remove: string[] = [];
  for (const field of ['name', ...writableFields] as const) {
    const value = patch[field];
    if (value === undefined) continue;
    names[`#${field}`] = field;
    if (value === null) {
      remove.push(`#${field}`);
    } else {
      set.push(`#${field} = :${field}`);
      values[`:${field}`] = value;
    }
  }
  if (ifMatch?.kind === 'versions' && ifMatch.versions.length === 0) values[':never'] = -1;
  try {
    const out = await ctx.client.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: { [partitionKey.name]: id },
        UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: versionCondition(ifMatch, values),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    ctx.onCapacity?.(out.ConsumedCapacity);
    return toItem(out.Attributes ?? {});
  } catch (error) {
    if (isConditionFailure(error)) throw notFoundOrPrecondition(error, id, ifMatch);
    translate(error);
  }
}

export async function deleteItem(ctx: StoreContext, id: string, ifMatch: IfMatch | undefined): Promise<void> {
  const values: Record<string, unknown> = {};
  if (ifMatch?.kind === 'versions' && ifMatch.versions.length === 0) values[':never'] = -1;
  const condition = versionCondition(ifMatch, values);
  try {
    const out = await ctx.client.send(
      new DeleteCommand({
        TableName: ctx.tableName,
        Key: { [partitionKey.name]: id },
        ConditionExpression: condition,
        ExpressionAttributeNames: ifMatch?.kind === 'versions' ? { '#id': partitionKey.name, '#version': 'version' } : { '#id': partitionKey.name },
        ExpressionAttributeValues: Object.keys(values).length > 0 ? values : undefined,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    ctx.onCapacity?.(out.ConsumedCapacity);
  } catch (error) {
    if (isConditionFailure(error)) throw notFoundOrPrecondition(error, id, ifMatch);
    translate(error);
  }
}
