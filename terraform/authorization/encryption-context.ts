/**
 * Conditions on `kms:EncryptionContext:<key>` resolved before evaluation. iam-simulate drops that key from a request
 * (it matches variable keys only after a "/", as in aws:PrincipalTag/…), although KMS documents it for every
 * cryptographic operation; so each condition on it is decided here against the request's value and removed — a met
 * one leaves its statement without it, an unmet one removes the statement — and the evaluator sees the rest. Only
 * the operators the project's policies use are known; any other is an error, never a guess.
 */
import type { PolicyDocument } from './deployed-policies.ts';

type Condition = Record<string, Record<string, string | string[]>>;
interface Statement {
  Condition?: Condition;
  [key: string]: unknown;
}

const prefix = 'kms:encryptioncontext:';

const glob = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );

const operators: Record<string, (value: string, expected: string) => boolean> = {
  StringEquals: (value, expected) => value === expected,
  ArnEquals: (value, expected) => value === expected,
  StringLike: (value, expected) => glob(expected).test(value),
  ArnLike: (value, expected) => glob(expected).test(value),
};

/** Whether a statement's conditions on encryption context keys hold, and the statement without them. */
function resolve(statement: Statement, context: Record<string, string>): Statement | undefined {
  if (!statement.Condition) return statement;
  const remaining: Condition = {};
  for (const [operator, entries] of Object.entries(statement.Condition)) {
    for (const [key, expected] of Object.entries(entries)) {
      if (!key.toLowerCase().startsWith(prefix)) {
        remaining[operator] = { ...remaining[operator], [key]: expected };
        continue;
      }
      const test = operators[operator];
      if (!test)
        throw new Error(
          `a condition ${operator} on ${key}: the authorization rehearsal knows ${Object.keys(operators).join(', ')}`,
        );
      const value = context[key.toLowerCase()];
      if (value === undefined || ![expected].flat().some((e) => test(value, e))) return undefined;
    }
  }
  const rest = { ...statement };
  delete rest.Condition;
  return Object.keys(remaining).length > 0 ? { ...rest, Condition: remaining } : rest;
}

export function resolveEncryptionContext(
  policy: PolicyDocument,
  context: Record<string, string | string[]>,
): PolicyDocument {
  const values = Object.fromEntries(
    Object.entries(context)
      .filter(([key]) => key.toLowerCase().startsWith(prefix))
      .map(([key, value]) => [key.toLowerCase(), [value].flat()[0]!]),
  );
  const statements = [policy.Statement].flat() as Statement[];
  return { ...policy, Statement: statements.flatMap((s) => resolve(s, values) ?? []) };
}

/** The request's context without the keys resolved here. */
export function withoutEncryptionContext(
  context: Record<string, string | string[]>,
): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(context).filter(([key]) => !key.toLowerCase().startsWith(prefix)));
}
