/**
 * Items in DynamoDB: exactly one DynamoDB call per operation, every write conditional, never read-then-write.
 * Failures come out as the store's domain errors (store-errors.ts), never as HTTP.
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
import { schemaProperties } from '@items-api/openapi/operations';
import type { Item, ItemPatch, NewItem } from '@items-api/openapi/schema';
import type { CursorKey } from './cursor.ts';
import { isNumberValue } from './exact-numbers.ts';
import { isConditionFailure, rethrowAsStoreError } from './dynamodb-errors.ts';
import type { IfMatch } from './etag.ts';
import { toItem, type ServerFields } from './item.ts';
import { assertFits } from './item-size.ts';
import { ItemAlreadyExists, ItemNotFound, VersionMismatch } from './store-errors.ts';
import { partitionKey } from './table.ts';
import { versionMismatchDetail } from '@items-api/openapi/answers';

export interface StoreContext {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Called with what each DynamoDB call consumed, for the request log line. */
  onCapacity?: (capacity: ConsumedCapacity | undefined) => void;
}

/**
 * A field's value as the SDK's marshaller must get it. The marshaller tells a plain object by its `constructor`
 * property, so an attributes map holding a key named `constructor` would be refused; a Map is marshalled by its
 * entries, whatever they are called.
 */
function toMarshallable(value: unknown): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isNumberValue(value)
    ? new Map(Object.entries(value))
    : value;
}

/** A new item's server-set fields; a new field in Item but not in NewItem fails to compile here until it is set. */
function serverFieldsOfNewItem(id: string, now: string): ServerFields {
  return { id, version: 1, createdAt: now, updatedAt: now };
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

/** A condition failure on an item that exists is a version mismatch; on one that does not, not found. */
function notFoundOrVersionMismatch(error: Error & { Item?: unknown }, id: string, ifMatch: IfMatch | undefined): Error {
  if (error.Item === undefined) return new ItemNotFound(id);
  return new VersionMismatch(
    ifMatch?.kind === 'versions' && ifMatch.versions.length === 1
      ? `${versionMismatchDetail.oneVersion.before}${ifMatch.versions[0]}${versionMismatchDetail.oneVersion.after}`
      : versionMismatchDetail.otherwise,
  );
}

export async function getItem(ctx: StoreContext, id: string): Promise<Item> {
  let stored: Record<string, unknown> | undefined;
  try {
    const out = await ctx.client.send(
      new GetCommand({
        TableName: ctx.tableName,
        Key: { [partitionKey.name]: id },
        ConsistentRead: true,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    ctx.onCapacity?.(out.ConsumedCapacity);
    stored = out.Item;
  } catch (error) {
    rethrowAsStoreError(error);
  }
  if (!stored) throw new ItemNotFound(id);
  return toItem(stored);
}

export async function listItems(
  ctx: StoreContext,
  limit: number,
  startKey: CursorKey | undefined,
): Promise<{ items: Item[]; lastKey: CursorKey | undefined }> {
  try {
    const out = await ctx.client.send(
      new ScanCommand({
        TableName: ctx.tableName,
        Limit: limit,
        ExclusiveStartKey: startKey,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    ctx.onCapacity?.(out.ConsumedCapacity);
    const last: unknown = out.LastEvaluatedKey?.[partitionKey.name];
    return {
      items: (out.Items ?? []).map(toItem),
      lastKey: typeof last === 'string' ? { [partitionKey.name]: last } : undefined,
    };
  } catch (error) {
    rethrowAsStoreError(error);
  }
}

export async function createItem(ctx: StoreContext, id: string, body: NewItem, now: string): Promise<Item> {
  const stored: Record<string, unknown> = {};
  for (const field of schemaProperties.NewItem) if (body[field] !== undefined) stored[field] = body[field];
  Object.assign(stored, serverFieldsOfNewItem(id, now));
  assertFits(stored);
  try {
    const out = await ctx.client.send(
      new PutCommand({
        TableName: ctx.tableName,
        Item: Object.fromEntries(Object.entries(stored).map(([field, value]) => [field, toMarshallable(value)])),
        ConditionExpression: 'attribute_not_exists(#id)',
        ExpressionAttributeNames: { '#id': partitionKey.name },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    ctx.onCapacity?.(out.ConsumedCapacity);
    return toItem(stored);
  } catch (error) {
    if (isConditionFailure(error)) {
      // The SDK retries a put whose answer timed out; when the first attempt was stored, the retry finds it.
      if (isSameNewItem(error.Item, now)) return toItem(stored);
      // A random UUID that is taken by another item is a bug, not the client's doing: a 500, never an overwrite.
      throw new Error(`Generated id ${id} already exists`, { cause: error });
    }
    rethrowAsStoreError(error);
  }
}

/** Whether the item a failed create found (raw attribute values) is this request's own earlier attempt. */
function isSameNewItem(found: unknown, createdAt: string): boolean {
  const attributes = found as Record<string, { S?: string; N?: string } | undefined> | undefined;
  return attributes?.createdAt?.S === createdAt && attributes.version?.N === '1';
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
  const names: Record<string, string> = { '#version': 'version', '#createdAt': 'createdAt', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':zero': 0, ':one': 1, ':now': now };
  const set = [
    '#version = if_not_exists(#version, :zero) + :one',
    '#createdAt = if_not_exists(#createdAt, :now)',
    '#updatedAt = :now',
  ];
  const remove: string[] = [];
  for (const field of schemaProperties.NewItem) {
    names[`#${field}`] = field;
    if (body[field] !== undefined) {
      set.push(`#${field} = :${field}`);
      values[`:${field}`] = toMarshallable(body[field]);
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
      // RFC 9110: If-Match on an absent item fails too, so a replace does not tell "absent" from "other version".
      throw condition.kind === 'if-none-match'
        ? new ItemAlreadyExists(id)
        : new VersionMismatch(`The item "${id}" does not exist or is not at the version in If-Match.`);
    }
    rethrowAsStoreError(error);
  }
}

/** A JSON merge patch as one UpdateItem: values are SET, nulls are REMOVEd; conditional on existence and If-Match. */
export async function patchItem(
  ctx: StoreContext,
  id: string,
  patch: ItemPatch,
  ifMatch: IfMatch | undefined,
  now: string,
): Promise<Item> {
  assertFits({ id, ...patch, version: 0, createdAt: now, updatedAt: now });
  const names: Record<string, string> = { '#id': partitionKey.name, '#version': 'version', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':one': 1, ':now': now };
  const set = ['#version = #version + :one', '#updatedAt = :now'];
  const remove: string[] = [];
  for (const field of schemaProperties.ItemPatch) {
    const value = patch[field];
    if (value === undefined) continue;
    names[`#${field}`] = field;
    if (value === null) {
      remove.push(`#${field}`);
    } else {
      set.push(`#${field} = :${field}`);
      values[`:${field}`] = toMarshallable(value);
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
    if (isConditionFailure(error)) throw notFoundOrVersionMismatch(error, id, ifMatch);
    rethrowAsStoreError(error);
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
        ExpressionAttributeNames:
          ifMatch?.kind === 'versions'
            ? { '#id': partitionKey.name, '#version': 'version' }
            : { '#id': partitionKey.name },
        ExpressionAttributeValues: Object.keys(values).length > 0 ? values : undefined,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    ctx.onCapacity?.(out.ConsumedCapacity);
  } catch (error) {
    if (isConditionFailure(error)) throw notFoundOrVersionMismatch(error, id, ifMatch);
    rethrowAsStoreError(error);
  }
}
