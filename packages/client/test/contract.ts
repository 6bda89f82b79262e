/**
 * The operations the generic tests exercise, taken from the generated contract whichever resources it declares,
 * and a call through the client by an operation's method and path template: the client types each call by its
 * literal path, which a test written for any contract cannot name.
 */
import { operations } from '@items-api/openapi/operations';
import type { Problem } from '@items-api/openapi/schema';
import type { ItemsClient } from '../src/index.ts';

/** An operation as the tests read it: plain values, not each operation's literal types. */
export interface Operation {
  method: string;
  path: string;
  parameters: readonly { name: string; in: string }[];
  requestBody: { contentTypes: readonly string[]; example?: unknown } | null;
  scopes: readonly string[];
  resource: { name: string; action: string | null } | null;
}

const contractOperations: readonly Operation[] = Object.values(operations);

/** The contract's first operation that `matches`; undefined when it declares none (a test then says it skips). */
export const findOperation = (matches: (op: Operation) => boolean): Operation | undefined =>
  contractOperations.find(matches);

/** The options of a test that needs `op`: it skips, saying why, when the contract declares none. */
export const needs = (op: Operation | undefined, what: string) => ({
  skip: op ? false : `the contract declares no ${what}`,
});

/** Whether the operation takes a body in `mediaType`. */
export const takes = (op: Operation, mediaType: string) => op.requestBody?.contentTypes.includes(mediaType) ?? false;

/** `op.path` with every path parameter set to `value`, as the client sends it: `/kv/{key}` → `/kv/a%20b`. */
export const concretePath = (op: Operation, value: string) => op.path.replace(/\{[^}]+\}/g, encodeURIComponent(value));

type Answer = { data?: unknown; error?: Problem; response: Response };
type Request = (
  method: string,
  path: string,
  init: { params: { path: Record<string, string>; header?: Record<string, string> }; body?: unknown },
) => Promise<Answer>;

/** Calls `op` through the client with every path parameter set to `value`. */
export function call(
  api: ItemsClient,
  op: Operation,
  { value = 'a', header, body }: { value?: string; header?: Record<string, string>; body?: unknown } = {},
): Promise<Answer> {
  const path = Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, value]));
  const request = api.request as unknown as Request;
  return request(op.method, op.path, {
    params: { path, ...(header ? { header } : {}) },
    ...(body === undefined ? {} : { body }),
  });
}
