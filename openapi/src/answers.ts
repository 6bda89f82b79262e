/**
 * What the API answers besides the contract's facts: the problem details, the Retry-After, which DynamoDB errors are
 * transient, what an If-Match version looks like. Stated once here: the handler answers with them and the direct
 * integrations' templates (integrations/dynamodb) render them, so both say the same words; the local stage's
 * differential test checks the whole responses.
 */

/** `validation-failed` when a path, query or header parameter breaks the contract (request.ts). */
export const parametersDetail = 'The request parameters do not match the contract.';

/** `not-found` (store-errors.ts ItemNotFound); the id goes between the quotes. */
export const notFoundDetail = { before: 'No item has the id "', after: '".' } as const;

/** `precondition-failed` after a failed delete condition (store.ts notFoundOrVersionMismatch). */
export const versionMismatchDetail = {
  oneVersion: { before: 'The item is not at version "', after: '".' },
  otherwise: 'The item is not at any of the versions in If-Match.',
} as const;

/** `service-unavailable` (dynamodb-errors.ts), with `Retry-After` in seconds (problems.ts). */
export const unavailableDetail = 'The database is busy or out of reach; retry shortly.';
export const retryAfterSeconds = 1;

/** `internal-error` for anything else (app.ts). */
export const internalErrorDetail = 'Something unexpected failed; the details are in the logs under requestId.';

/**
 * DynamoDB's error names (`__type` after the `#`) the function answers with `service-unavailable`: throttling and
 * DynamoDB's own failures (dynamodb-errors.ts; its client-side timeouts and network errors have no counterpart here).
 */
export const transientErrorNames = [
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'InternalServerError',
  'ServiceUnavailable',
] as const;

/** DynamoDB's name for a failed ConditionExpression. */
export const conditionFailedErrorName = 'ConditionalCheckFailedException';

/**
 * An `If-Match` entity tag that names a version (etag.ts `versionTag`): a strong tag whose text is a positive
 * integer without leading zeros that a double holds exactly. Any other tag matches no version.
 */
export const versionTagPattern = '[1-9][0-9]{0,14}';

/** The Item property the ETag carries (etag.ts `etagOf`): a strong tag of the item's version. */
export const versionProperty = 'version';

/**
 * API Gateway REST: "Total combined size of request line and header values: 10240 bytes" (AWS docs, "Amazon API
 * Gateway quotas", https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html).
 * Beyond it API Gateway answers before the integration (the local gateway: REQUEST_TOO_LARGE, a 413).
 */
export const maxRequestHeadBytes = 10_240;
