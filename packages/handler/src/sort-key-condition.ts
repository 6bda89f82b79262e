/**
 * A query's condition on the sort key, from the query parameters the contract marks with `x-sort-key-condition`:
 * a prefix (`begins_with`) or inclusive bounds (`>=`, `<=`, `BETWEEN`). DynamoDB takes one condition on the sort key
 * in a KeyConditionExpression, compares numbers by value and strings by their UTF-8 bytes
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html), and refuses
 * a BETWEEN whose lower bound is above its upper one: bounds that cross select nothing here, without a call.
 */
import { keyText, type KeyValue } from './cursor.ts';

export type SortKeyCondition = { kind: 'prefix'; prefix: string } | { kind: 'range'; from?: KeyValue; to?: KeyValue };

/** The parts of a KeyConditionExpression the condition adds after `#pk = :pk`, with its values. */
export interface SortKeyExpression {
  expression: string;
  values: Record<string, KeyValue>;
}

export function sortKeyExpression(condition: SortKeyCondition): SortKeyExpression {
  if (condition.kind === 'prefix')
    return { expression: ' AND begins_with(#sk, :prefix)', values: { ':prefix': condition.prefix } };
  const { from, to } = condition;
  if (from !== undefined && to !== undefined)
    return { expression: ' AND #sk BETWEEN :from AND :to', values: { ':from': from, ':to': to } };
  if (from !== undefined) return { expression: ' AND #sk >= :from', values: { ':from': from } };
  if (to !== undefined) return { expression: ' AND #sk <= :to', values: { ':to': to } };
  return { expression: '', values: {} };
}

/** A decimal's digits and exponent (`1.5e2` is 15 × 10^1): what an exact comparison of two numbers needs. */
function decimal(text: string): { digits: bigint; exponent: number } {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match) throw new TypeError(`not a number: ${text}`);
  const fraction = match[3] ?? '';
  return { digits: BigInt(`${match[1]}${match[2]}${fraction}`), exponent: Number(match[4] ?? 0) - fraction.length };
}

/** -1, 0 or 1 as `a` sorts before, with or after `b` in DynamoDB's order of the sort key's type. */
export function compareKeyValues(a: KeyValue, b: KeyValue): number {
  if (typeof a === 'string' && typeof b === 'string') return Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const x = decimal(keyText(a));
  const y = decimal(keyText(b));
  const exponent = Math.min(x.exponent, y.exponent);
  const left = x.digits * 10n ** BigInt(x.exponent - exponent);
  const right = y.digits * 10n ** BigInt(y.exponent - exponent);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Whether no sort key can meet the condition: bounds that cross. */
export const selectsNothing = (condition: SortKeyCondition): boolean =>
  condition.kind === 'range' &&
  condition.from !== undefined &&
  condition.to !== undefined &&
  compareKeyValues(condition.from, condition.to) > 0;

/** The condition as the cursor's scope holds it: a cursor is valid only on the query (and condition) that issued it. */
export function conditionText(condition: SortKeyCondition): string {
  if (condition.kind === 'prefix') return JSON.stringify(['prefix', condition.prefix]);
  const bound = (value: KeyValue | undefined) => (value === undefined ? null : keyText(value));
  return JSON.stringify(['range', bound(condition.from), bound(condition.to)]);
}
