/** DynamoDB's own errors, recognised: a failed condition, and the failures that become the store's domain errors. */
import { ItemTooLarge, StoreUnavailable } from './store-errors.ts';
import {
  conditionFailedErrorName,
  transientErrorNames as dynamodbTransientErrorNames,
  unavailableDetail,
} from '@items-api/openapi/answers';

/** DynamoDB's transient errors, and the SDK's own timeouts (which a direct integration never meets). */
const transientErrorNames = new Set<string>([
  ...dynamodbTransientErrorNames,
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
  return error instanceof Error && error.name === conditionFailedErrorName;
}

/** Throttling, DynamoDB's 5xx, timeouts and network errors → StoreUnavailable; a refused oversized item → ItemTooLarge; the rest as is. */
export function rethrowAsStoreError(error: unknown): never {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (transientErrorNames.has(error.name) || (typeof code === 'string' && networkErrorCodes.has(code))) {
      throw new StoreUnavailable(unavailableDetail, { cause: error });
    }
    if (error.name === 'ValidationException' && /item size|exceed.*size|size.*exceed/i.test(error.message)) {
      throw new ItemTooLarge('The item would exceed the 400 KB that one item can hold.', { cause: error });
    }
  }
  throw error;
}
