/**
 * What can go wrong with a resource's stored objects (items), in the store's terms. The store throws these and knows nothing of HTTP;
 * `problemOf` (problems.ts) maps each kind to one of the contract's problem types.
 */
import { notFoundDetail } from '@items-api/openapi/answers';
export type StoreErrorKind = StoreError['kind'];

abstract class BaseStoreError extends Error {
  abstract readonly kind: string;
}

/** No item has the key (`keyText`: its partition key value, and `" and <sort key> "<value>` with a sort key). */
export class ItemNotFound extends BaseStoreError {
  readonly kind = 'item-not-found';
  constructor(keyText: string) {
    super(`${notFoundDetail.before}${keyText}${notFoundDetail.after}`);
  }
}

/** The item is not at a version the request's If-Match accepts (or, for a replace, does not exist). */
export class VersionMismatch extends BaseStoreError {
  readonly kind = 'version-mismatch';
}

/** A create-only write found the id taken. */
export class ItemAlreadyExists extends BaseStoreError {
  readonly kind = 'item-already-exists';
  constructor(keyText: string) {
    super(`An item with the id "${keyText}" already exists.`);
  }
}

/** The item would not fit in one DynamoDB item. */
export class ItemTooLarge extends BaseStoreError {
  readonly kind = 'item-too-large';
}

/** DynamoDB throttled, failed on its side or could not be reached; a retry may succeed. */
export class StoreUnavailable extends BaseStoreError {
  readonly kind = 'store-unavailable';
}

export type StoreError = ItemNotFound | VersionMismatch | ItemAlreadyExists | ItemTooLarge | StoreUnavailable;

export function isStoreError(error: unknown): error is StoreError {
  return error instanceof BaseStoreError;
}
