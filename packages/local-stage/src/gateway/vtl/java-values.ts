/**
 * How API Gateway's Velocity prints and compares a template's values, as AWS recorded it (LocalStack's aws-validated
 * snapshots, repository localstack/localstack, tests/aws/services/apigateway/test_apigateway_common.py,
 * test_input_path_template_formatting and test_input_body_formatting; the cases are in test/vtl-parity/):
 * - null prints nothing (`"body": $result` is `"body": ` when the path has no value);
 * - a map prints as Java's `Map.toString()`, `{foo=bar, to=test}`, its values likewise;
 * - a list parsed from JSON (`$input.path`, `$util.parseJson`) prints as JSON, `[{"foo":"bar"}]`, also inside a map
 *   (`{foo=[{"nested":"bar"}]}`); a list the template built prints as Java's `List.toString()`, `[a, b]`;
 * - `==` holds between null and `""` and not between `[]` and `""` (JavaScript's `==` says the opposite); values of
 *   different kinds compare by their text, as the Velocity User Guide states for `==` ("Relational and Logical
 *   Operators": objects of different classes are compared by their toString()).
 * `$util.parseJson`'s lists print as `$input.path`'s do: the same JSON reading, though no recording shows it.
 */
import { isDeepStrictEqual } from 'node:util';

/** Lists that came from a JSON document: they print as JSON. */
const jsonLists = new WeakSet<unknown[]>();

/** Marks every list in `value`, a parsed JSON document, as one; returns `value`. */
export function fromJson<T>(value: T): T {
  const mark = (node: unknown): void => {
    if (Array.isArray(node)) {
      jsonLists.add(node);
      node.forEach(mark);
    } else if (typeof node === 'object' && node !== null) Object.values(node).forEach(mark);
  };
  mark(value);
  return value;
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `String.valueOf(value)`: what Java's `toString()` gives, `null` for null inside a collection. */
function javaString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value))
    return jsonLists.has(value) ? JSON.stringify(value) : `[${value.map((item) => javaString(item)).join(', ')}]`;
  if (isMap(value))
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}=${javaString(item)}`)
      .join(', ')}}`;
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

/** `$value.toString()`. */
export const toJavaString = (value: unknown): string => javaString(value);

/** What `$value` prints: nothing for null, else its Java `toString()`. */
export const printed = (value: unknown): string => (value === null || value === undefined ? '' : javaString(value));

/** Velocity's `==`: null equals null and `""`; numbers by value; values of one kind by content; others as text. */
export function velocityEquals(left: unknown, right: unknown): boolean {
  if (left === null || left === undefined || right === null || right === undefined)
    return (left ?? '') === (right ?? '');
  if (typeof left === 'number' && typeof right === 'number') return left === right;
  const kind = (value: unknown) => (Array.isArray(value) ? 'list' : typeof value);
  if (kind(left) === kind(right)) return isDeepStrictEqual(left, right);
  return javaString(left) === javaString(right);
}
