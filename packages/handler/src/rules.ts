/**
 * The operations written by hand: a resource's business rules (an `x-resource` without `action`) and the
 * operations that store nothing. The map's type is derived from the generated operations (operation-types.ts,
 * `HandWrittenOperations`), so such an operation added to the contract fails `tsc` here until it is written.
 */
import { apiVersion } from '@items-api/openapi/operations';
import { json } from './http.ts';
import type { HandWrittenOperations, OperationOptions } from './operation-types.ts';

export function createHandWrittenOperations(options: OperationOptions): HandWrittenOperations {
  return {
    getHealth: () => Promise.resolve(json(200, { status: 'ok', version: apiVersion, region: options.region })),
  };
}
