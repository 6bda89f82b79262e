/** DynamoDB's own errors, recognised: a failed condition, and the failures that become the store's domain errors. */
import { ItemTooLarge, StoreUnavailable } from './store-errors.ts';

const transientErrorNames = new Set([
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
const networkErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** `Item` is the old item when the call asked for ReturnValuesOnConditionCheckFailure: ALL_OLD and it existed. */
export function isConditionFailure(error: unknown): error is Error & { Item?: unknown } {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Throttling, DynamoDB's 5xx, timeouts and network errors → StoreUnavailable; a refused oversized item → ItemTooLarge; the rest as is. */
export function rethrowAsStoreError(error: unknown): never {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (transientErrorNames.has(error.name) || (typeof code === 'string' && networkErrorCodes.has(code))) {
      throw new StoreUnavailable('The database is busy or out of reach; retry shortly.', { cause: error });
    }
    if (error.name === 'ValidationException' && /item size|exceed.*size|size.*exceed/i.test(error.message)) {
      throw new ItemTooLarge('The item would exceed the 400 KB that one item can hold.', { cause: error });
    }
  }
  throw error;
}
