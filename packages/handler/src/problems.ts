/**
 * The one boundary between errors and the contract's problem types: a request that breaks the contract throws
 * an HttpProblem (its key is already a problem type); the store's domain errors are mapped here; anything else
 * is unexpected (`undefined`, answered as internal-error by the pipeline).
 */
import type { ProblemTypeKey } from '@items-api/openapi/operations';
import type { ProblemFieldError } from '@items-api/openapi/schema';
import { isStoreError, type StoreErrorKind } from './store-errors.ts';
import { retryAfterSeconds } from '@items-api/openapi/answers';

/** A problem with the request itself (route, parameters, body, headers), thrown anywhere below the router. */
export class HttpProblem extends Error {
  readonly key: ProblemTypeKey;
  readonly errors: ProblemFieldError[] | undefined;

  constructor(key: ProblemTypeKey, detail: string, errors?: ProblemFieldError[]) {
    super(detail);
    this.name = 'HttpProblem';
    this.key = key;
    this.errors = errors;
  }
}

export interface Problem {
  key: ProblemTypeKey;
  detail: string;
  errors?: ProblemFieldError[] | undefined;
  headers?: Record<string, string>;
}

const problemKeyOfStoreError = {
  'item-not-found': 'not-found',
  'version-mismatch': 'precondition-failed',
  'item-already-exists': 'precondition-failed',
  'item-too-large': 'payload-too-large',
  'store-unavailable': 'service-unavailable',
} as const satisfies Record<StoreErrorKind, ProblemTypeKey>;

export function problemOf(error: unknown): Problem | undefined {
  if (error instanceof HttpProblem) return { key: error.key, detail: error.message, errors: error.errors };
  if (!isStoreError(error)) return undefined;
  const problem: Problem = { key: problemKeyOfStoreError[error.kind], detail: error.message };
  if (error.kind === 'store-unavailable') problem.headers = { 'Retry-After': String(retryAfterSeconds) };
  return problem;
}
