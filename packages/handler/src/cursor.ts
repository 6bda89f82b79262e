/**
 * Opaque, integrity-protected list cursors. A cursor is base64url(version byte | HMAC-SHA256 tag (16 bytes) |
 * JSON of DynamoDB's LastEvaluatedKey). Anything that does not decode, verify and parse back into a key of
 * this table is rejected, so a forged or truncated cursor is a 400, never a 500 from DynamoDB.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { partitionKey } from './table.ts';

const formatVersion = 1;
const tagLength = 16;
const maxIdLength = 1024;

export type CursorKey = Record<typeof partitionKey.name, string>;

export interface CursorCodec {
  encode(key: CursorKey): string;
  /** The key, or undefined when the cursor was not issued by this codec. */
  decode(cursor: string): CursorKey | undefined;
}

/** `key`: the signing key's bytes (signing-key.ts reads them). */
export function createCursorCodec(key: Buffer): CursorCodec {
  const tag = (payload: Buffer) => createHmac('sha256', key).update(payload).digest().subarray(0, tagLength);
  return {
    encode(lastKey) {
      const payload = Buffer.from(JSON.stringify({ [partitionKey.name]: lastKey[partitionKey.name] }), 'utf8');
      return Buffer.concat([Buffer.from([formatVersion]), tag(payload), payload]).toString('base64url');
    },
    decode(cursor) {
      const raw = Buffer.from(cursor, 'base64url');
      // Reject non-canonical encodings (stray characters Buffer would skip, or a changed trailing char).
      if (raw.length <= 1 + tagLength || raw.toString('base64url') !== cursor || raw[0] !== formatVersion)
        return undefined;
      const payload = raw.subarray(1 + tagLength);
      if (!timingSafeEqual(raw.subarray(1, 1 + tagLength), tag(payload))) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(payload.toString('utf8'));
      } catch {
        return undefined;
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
      const keys = Object.keys(parsed);
      const id = (parsed as Record<string, unknown>)[partitionKey.name];
      if (keys.length !== 1 || typeof id !== 'string' || id.length === 0 || id.length > maxIdLength) return undefined;
      return { [partitionKey.name]: id };
    },
  };
}
