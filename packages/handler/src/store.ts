/**
 * The stored objects of any resource in its DynamoDB table: exactly one DynamoDB call per operation, every write
 * conditional, never read-then-write. What a resource stores, its keys and what a write may set come from its
 * descriptor (resource.ts). Failures come out as the store's domain errors (store-errors.ts), never as HTTP.
 */
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { versionMismatchDetail } from '@items-api/openapi/answers';
import { keyText, type CursorKey, type KeyValue } from './cursor.ts';
import { isNumberValue } from './exact-numbers.ts';
import { isConditionFailure, rethrowAsStoreError } from './dynamodb-errors.ts';
import type { IfMatch } from './etag.ts';
import { toItem, type StoredObject } from './item.ts';
import { assertFits } from './item-size.ts';
import type { ResourceDescriptor, ServerFields } from './resource.ts';
import { ItemAlreadyExists, ItemNotFound, VersionMismatch } from './store-errors.ts';
import { sortKeyExpression, type SortKeyCondition } from './sort-key-condition.ts';
import { keyAttributesOf } from './table.ts';

export interface StoreContext {
  client: DynamoDBDocumentClient;
  /** Each resource's table, by resource name (the handler's TABLE_NAMES). */
  tableNames: Readonly<Record<string, string>>;
  /** Called with what each DynamoDB call consumed, for the request log line. */
  onCapacity?: (capacity: ConsumedCapacity | undefined) => void;
}

/** A stored object's whole primary key: its partition key value and, with a sort key, its sort key value. */
export type ObjectKey = CursorKey;

/** One page of a list or a query, and the key to go on from when there is more. */
export interface Page {
  items: StoredObject[];
  lastKey: ObjectKey | undefined;
}

function tableOf(ctx: StoreContext, resource: ResourceDescriptor): string {
  const tableName = Object.hasOwn(ctx.tableNames, resource.name) ? ctx.tableNames[resource.name] : undefined;
  if (tableName === undefined) throw new Error(`No table is configured for the resource ${resource.name}`);
  return tableName;
}

/** The key as the messages name it: the partition key's value, then the sort key's. */
function describeKey(resource: ResourceDescriptor, key: ObjectKey): string {
  const [partition, sort] = keyAttributesOf(resource).map(({ name }) => keyText(key[name] as KeyValue));
  return sort === undefined ? `${partition}` : `${partition}" and ${resource.sortKey?.name} "${sort}`;
}

/** Exactly the key attributes of `key`, in the table's order. */
function keyOf(resource: ResourceDescriptor, key: ObjectKey): ObjectKey {
  return Object.fromEntries(keyAttributesOf(resource).map(({ name }) => [name, key[name] as KeyValue]));
}

/** `fields` but the keys: an UpdateItem cannot set a key attribute (the path names the object). */
function nonKeyFields(resource: ResourceDescriptor, fields: readonly string[]): string[] {
  const keyNames = keyAttributesOf(resource).map(({ name }) => name);
  return fields.filter((field) => !keyNames.includes(field));
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

const updateExpression = (set: string[], remove: string[]) =>
  `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`;

/** `attribute_exists` of the partition key (every stored object has it) and the If-Match versions, if any. */
function versionCondition(
  ifMatch: IfMatch | undefined,
  names: Record<string, string>,
  values: Record<string, unknown>,
): string {
  let condition = `attribute_exists(#pk)`;
  if (ifMatch?.kind === 'versions') {
    names['#version'] = 'version';
    if (ifMatch.versions.length === 0) {
      values[':never'] = -1;
      return condition + ' AND #version = :never';
    }
    const placeholders = ifMatch.versions.map((version, index) => {
      values[`:expected${index}`] = version;
      return `:expected${index}`;
    });
    condition +=
      placeholders.length === 1
        ? ` AND #version = ${placeholders[0]}`
        : ` AND #version IN (${placeholders.join(', ')})`;
  }
  return condition;
}

/** A condition failure on an object that exists is a version mismatch; on one that does not, not found. */
function notFoundOrVersionMismatch(error: Error & { Item?: unknown }, keyText: string, ifMatch: IfMatch | undefined) {
  if (error.Item === undefined) return new ItemNotFound(keyText);
  return new VersionMismatch(
    ifMatch?.kind === 'versions' && ifMatch.versions.length === 1
      ? `${versionMismatchDetail.oneVersion.before}${ifMatch.versions[0]}${versionMismatchDetail.oneVersion.after}`
      : versionMismatchDetail.otherwise,
  );
}

export async function getItem(ctx: StoreContext, resource: ResourceDescriptor, key: ObjectKey): Promise<StoredObject> {
  let stored: Record<string, unknown> | undefined;
  try {
    const out = await ctx.client.send(
      new GetCommand({
        TableName: tableOf(ctx, resource),
        Key: keyOf(resource, key),
        ConsistentRead: true,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    ctx.onCapacity?.(out.ConsumedCapacity);
    stored = out.Item;
  } catch (error) {
    rethrowAsStoreError(error);
  }
  if (!stored) throw new ItemNotFound(describeKey(resource, key));
  return toItem(resource, stored);
}

/** The page a Scan or Query answers (`read` sends it), its capacity reported, DynamoDB's failures mapped. */
async function readPage(
  ctx: StoreContext,
  resource: ResourceDescriptor,
  read: () => Promise<{
    Items?: Record<string, unknown>[] | undefined;
    LastEvaluatedKey?: Record<string, unknown> | undefined;
    ConsumedCapacity?: ConsumedCapacity | undefined;
  }>,
): Promise<Page> {
  try {
    const out = await read();
    ctx.onCapacity?.(out.ConsumedCapacity);
    return {
      items: (out.Items ?? []).map((stored) => toItem(resource, stored)),
      lastKey: out.LastEvaluatedKey ? keyOf(resource, out.LastEvaluatedKey as ObjectKey) : undefined,
    };
  } catch (error) {
    rethrowAsStoreError(error);
  }
}

/** One page of the whole table, in storage order (Scan). */
export function listItems(
  ctx: StoreContext,
  resource: ResourceDescriptor,
  limit: number | undefined,
  startKey: ObjectKey | undefined,
): Promise<Page> {
  return readPage(ctx, resource, () =>
    ctx.client.send(
      new ScanCommand({
        TableName: tableOf(ctx, resource),
        Limit: limit,
        ExclusiveStartKey: startKey,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    ),
  );
}

/**
 * One page of the objects whose partition key is `partition` (and whose sort key meets `condition`), in sort key
 * order (Query).
 */
export function queryItems(
  ctx: StoreContext,
  resource: ResourceDescriptor,
  partition: KeyValue,
  condition: SortKeyCondition | undefined,
  limit: number | undefined,
  startKey: ObjectKey | undefined,
): Promise<Page> {
  const sortKey = condition ? sortKeyExpression(condition) : { expression: '', values: {} };
  return readPage(ctx, resource, () =>
    ctx.client.send(
      new QueryCommand({
        TableName: tableOf(ctx, resource),
        KeyConditionExpression: `#pk = :pk${sortKey.expression}`,
        ExpressionAttributeNames: {
          '#pk': resource.partitionKey.name,
          ...(condition && resource.sortKey ? { '#sk': resource.sortKey.name } : {}),
        },
        ExpressionAttributeValues: { ':pk': partition, ...sortKey.values },
        Limit: limit,
        ExclusiveStartKey: startKey,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    ),
  );
}

/**
 * A new object under `key` (its server-chosen partition key generated by the caller): the body's writable fields
 * and the server fields, conditional on the key being free.
 */
export async function createItem(
  ctx: StoreContext,
  resource: ResourceDescriptor,
  key: ObjectKey,
  body: Record<string, unknown>,
  now: string,
): Promise<StoredObject> {
  const stored: Record<string, unknown> = {};
  for (const field of resource.writableFields) if (body[field] !== undefined) stored[field] = body[field];
  const serverFields: ServerFields = { version: 1, createdAt: now, updatedAt: now };
  Object.assign(stored, keyOf(resource, key), serverFields);
  assertFits(stored);
  try {
    const out = await ctx.client.send(
      new PutCommand({
        TableName: tableOf(ctx, resource),
        Item: Object.fromEntries(Object.entries(stored).map(([field, value]) => [field, toMarshallable(value)])),
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': resource.partitionKey.name },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    ctx.onCapacity?.(out.ConsumedCapacity);
    return toItem(resource, stored);
  } catch (error) {
    if (isConditionFailure(error)) {
      // The SDK retries a put whose answer timed out; when the first attempt was stored, the retry finds it.
      if (isSameNewItem(error.Item, now)) return toItem(resource, stored);
      // A random UUID that is taken by another object is a bug, not the client's doing: a 500, never an overwrite.
      throw new Error(`Generated key ${describeKey(resource, key)} already exists`, { cause: error });
    }
    rethrowAsStoreError(error);
  }
}

/** Whether the object a failed create found (raw attribute values) is this request's own earlier attempt. */
function isSameNewItem(found: unknown, createdAt: string): boolean {
  const attributes = found as Record<string, { S?: string; N?: string } | undefined> | undefined;
  return attributes?.createdAt?.S === createdAt && attributes.version?.N === '1';
}

export type PutCondition = { kind: 'none' } | { kind: 'if-match'; ifMatch: IfMatch } | { kind: 'if-none-match' };

/**
 * Replace-or-create in one UpdateItem: every writable field is set or removed, `createdAt` is kept when the
 * object exists, `version` goes up by one atomically (starting at 1), so `version === 1` means it was created.
 */
export async function putItem(
  ctx: StoreContext,
  resource: ResourceDescriptor,
  key: ObjectKey,
  body: Record<string, unknown>,
  condition: PutCondition,
  now: string,
): Promise<{ item: StoredObject; created: boolean }> {
  assertFits({ ...body, ...keyOf(resource, key), version: 0, createdAt: now, updatedAt: now });
  const names: Record<string, string> = { '#version': 'version', '#createdAt': 'createdAt', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':zero': 0, ':one': 1, ':now': now };
  const set = [
    '#version = if_not_exists(#version, :zero) + :one',
    '#createdAt = if_not_exists(#createdAt, :now)',
    '#updatedAt = :now',
  ];
  const remove: string[] = [];
  nonKeyFields(resource, resource.writableFields).forEach((field, index) => {
    names[`#f${index}`] = field;
    if (body[field] !== undefined) {
      set.push(`#f${index} = :f${index}`);
      values[`:f${index}`] = toMarshallable(body[field]);
    } else {
      remove.push(`#f${index}`);
    }
  });
  let conditionExpression: string | undefined;
  if (condition.kind !== 'none') names['#pk'] = resource.partitionKey.name;
  if (condition.kind === 'if-match') conditionExpression = versionCondition(condition.ifMatch, names, values);
  else if (condition.kind === 'if-none-match') conditionExpression = 'attribute_not_exists(#pk)';
  try {
    const out = await ctx.client.send(
      new UpdateCommand({
        TableName: tableOf(ctx, resource),
        Key: keyOf(resource, key),
        UpdateExpression: updateExpression(set, remove),
        ConditionExpression: conditionExpression,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    ctx.onCapacity?.(out.ConsumedCapacity);
    const item = toItem(resource, out.Attributes ?? {});
    return { item, created: item.version === 1 };
  } catch (error) {
    if (isConditionFailure(error)) {
      // RFC 9110: If-Match on an absent object fails too, so a replace does not tell "absent" from "other version".
      throw condition.kind === 'if-none-match'
        ? new ItemAlreadyExists(describeKey(resource, key))
        : new VersionMismatch(
            `The item with the id "${describeKey(resource, key)}" does not exist or is not at the version in If-Match.`,
          );
    }
    rethrowAsStoreError(error);
  }
}

/** A JSON merge patch as one UpdateItem: values are SET, nulls are REMOVEd; conditional on existence and If-Match. */
export async function patchItem(
  ctx: StoreContext,
  resource: ResourceDescriptor,
  key: ObjectKey,
  patch: Record<string, unknown>,
  ifMatch: IfMatch | undefined,
  now: string,
): Promise<StoredObject> {
  assertFits({ ...patch, ...keyOf(resource, key), version: 0, createdAt: now, updatedAt: now });
  const names: Record<string, string> = {
    '#pk': resource.partitionKey.name,
    '#version': 'version',
    '#updatedAt': 'updatedAt',
  };
  const values: Record<string, unknown> = { ':one': 1, ':now': now };
  const set = ['#version = #version + :one', '#updatedAt = :now'];
  const remove: string[] = [];
  nonKeyFields(resource, resource.patchFields).forEach((field, index) => {
    const value = patch[field];
    if (value === undefined) return;
    names[`#f${index}`] = field;
    if (value === null) {
      remove.push(`#f${index}`);
    } else {
      set.push(`#f${index} = :f${index}`);
      values[`:f${index}`] = toMarshallable(value);
    }
  });
  const condition = versionCondition(ifMatch, names, values);
  try {
    const out = await ctx.client.send(
      new UpdateCommand({
        TableName: tableOf(ctx, resource),
        Key: keyOf(resource, key),
        UpdateExpression: updateExpression(set, remove),
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    ctx.onCapacity?.(out.ConsumedCapacity);
    return toItem(resource, out.Attributes ?? {});
  } catch (error) {
    if (isConditionFailure(error)) throw notFoundOrVersionMismatch(error, describeKey(resource, key), ifMatch);
    rethrowAsStoreError(error);
  }
}

export async function deleteItem(
  ctx: StoreContext,
  resource: ResourceDescriptor,
  key: ObjectKey,
  ifMatch: IfMatch | undefined,
): Promise<void> {
  const names: Record<string, string> = { '#pk': resource.partitionKey.name };
  const values: Record<string, unknown> = {};
  const condition = versionCondition(ifMatch, names, values);
  try {
    const out = await ctx.client.send(
      new DeleteCommand({
        TableName: tableOf(ctx, resource),
        Key: keyOf(resource, key),
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: Object.keys(values).length > 0 ? values : undefined,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    ctx.onCapacity?.(out.ConsumedCapacity);
  } catch (error) {
    if (isConditionFailure(error)) throw notFoundOrVersionMismatch(error, describeKey(resource, key), ifMatch);
    rethrowAsStoreError(error);
  }
}
