/**
 * Opaque, integrity-protected page cursors. A cursor is base64url(version byte | tag (16 bytes) | JSON of
 * DynamoDB's LastEvaluatedKey), the tag being HMAC-SHA256 over the cursor's scope (the resource, and the
 * partition a query reads with its condition on the sort key) and the payload. So a cursor is refused by any other resource's list or query, and
 * anything that does not decode, verify and parse back into a whole key of that resource's table (each attribute
 * of its type) is rejected: a forged or truncated cursor is a 400, never a 500 from DynamoDB.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isNumberValue, numberText, parseExactly, stringifyExactly, type ExactNumber } from './exact-numbers.ts';
import { keyAttributesOf, maxKeyBytes, type KeyAttribute, type TableKeys } from './table.ts';

/** Version 2: the tag covers the scope (version 1 cursors, of the items table alone, are refused). */
const formatVersion = 2;
const tagLength = 16;

/** A key attribute's value: a string (S) or a number kept digit for digit (N). */
export type KeyValue = string | ExactNumber;

/** A whole primary key (or LastEvaluatedKey) of a table: every key attribute by name. */
export type CursorKey = Record<string, KeyValue>;

/** Where a cursor is valid: one resource's list, or its query of one partition. */
export interface CursorScope {
  resource: string;
  keys: TableKeys;
  /** The partition key value a query reads; undefined for a list. */
  partition?: KeyValue | undefined;
  /** A query's condition on the sort key (sort-key-condition.ts's conditionText); undefined without one. */
  condition?: string | undefined;
}

export interface CursorCodec {
  encode(scope: CursorScope, key: CursorKey): string;
  /** The key, or undefined when the cursor was not issued by this codec for this scope. */
  decode(scope: CursorScope, cursor: string): CursorKey | undefined;
}

const scopeBytes = ({ resource, partition, condition }: CursorScope) =>
  // JSON escapes control characters, so the NUL that ends the scope cannot occur inside it. Without a condition the
  // scope is what it was before queries had conditions, so those cursors stay valid.
  Buffer.from(
    `${JSON.stringify([resource, partition === undefined ? null : keyText(partition), ...(condition === undefined ? [] : [condition])])}\0`,
    'utf8',
  );

/** A key value's text (a number's digits as DynamoDB holds them). */
export const keyText = (value: KeyValue): string => (typeof value === 'string' ? value : numberText(value));

function isKeyValueOf(attribute: KeyAttribute, value: unknown): value is KeyValue {
  if (attribute.type === 'N') return typeof value === 'number' || isNumberValue(value);
  return typeof value === 'string' && value.length > 0 && Buffer.byteLength(value, 'utf8') <= maxKeyBytes.partition;
}

/** `key`: the signing key's bytes (signing-key.ts reads them). */
export function createCursorCodec(key: Buffer): CursorCodec {
  const tag = (scope: CursorScope, payload: Buffer) =>
    createHmac('sha256', key).update(scopeBytes(scope)).update(payload).digest().subarray(0, tagLength);
  return {
    encode(scope, lastKey) {
      const ordered = Object.fromEntries(keyAttributesOf(scope.keys).map(({ name }) => [name, lastKey[name]]));
      const payload = Buffer.from(stringifyExactly(ordered), 'utf8');
      return Buffer.concat([Buffer.from([formatVersion]), tag(scope, payload), payload]).toString('base64url');
    },
    decode(scope, cursor) {
      const raw = Buffer.from(cursor, 'base64url');
      // Reject non-canonical encodings (stray characters Buffer would skip, or a changed trailing char).
      if (raw.length <= 1 + tagLength || raw.toString('base64url') !== cursor || raw[0] !== formatVersion)
        return undefined;
      const payload = raw.subarray(1 + tagLength);
      if (!timingSafeEqual(raw.subarray(1, 1 + tagLength), tag(scope, payload))) return undefined;
      let parsed: unknown;
      try {
        parsed = parseExactly(payload.toString('utf8'));
      } catch {
        return undefined;
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
      const attributes = keyAttributesOf(scope.keys);
      const values = parsed as Record<string, unknown>;
      if (Object.keys(values).length !== attributes.length) return undefined;
      const decoded: CursorKey = {};
      for (const attribute of attributes) {
        const value = values[attribute.name];
        if (!Object.hasOwn(values, attribute.name) || !isKeyValueOf(attribute, value)) return undefined;
        decoded[attribute.name] = value;
      }
      return decoded;
    },
  };
}
