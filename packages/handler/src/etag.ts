/**
 * Entity tags. An item's ETag is its version as a strong tag: `"3"`.
 *
 * `If-Match` is parsed per RFC 9110: `*`, or a comma-separated list of entity tags. A value that is not that
 * syntax (e.g. `3` without quotes) is a 400. Syntactically valid tags that can never match a version (weak
 * tags, which If-Match compares strongly, or opaque ones like `"abc"`) are simply not matched: 412.
 */
import { versionTagPattern } from '@items-api/openapi/answers';
export const etagOf = (version: number): string => `"${version}"`;

export type IfMatch =
  | { kind: 'any' }
  /** The versions the client accepts; empty when none of its tags can match. */
  | { kind: 'versions'; versions: number[] };

/** One entity tag at a position (sticky): `W/` when weak, then the opaque tag's characters (RFC 9110 `etagc`). */
const entityTag = /(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"/y;
/** The list separator: a comma with optional spaces or tabs around it. */
const listSeparator = /[ \t]*,[ \t]*/y;
/** A version as the ETag spells it: a positive integer without leading zeros that a double holds exactly. */
const versionTag = new RegExp(`^${versionTagPattern}$`);

/**
 * Undefined when the header is not `*` or a list of entity tags. The same syntax as the contract's `IfMatch`
 * pattern, which the parameters validator checks first; a property test keeps the two in agreement.
 */
export function parseIfMatch(value: string): IfMatch | undefined {
  if (value === '*') return { kind: 'any' };
  const versions: number[] = [];
  let at = 0;
  for (;;) {
    entityTag.lastIndex = at;
    const tag = entityTag.exec(value);
    if (!tag) return undefined;
    const [, weak, opaque = ''] = tag;
    if (!weak && versionTag.test(opaque)) versions.push(Number(opaque));
    at = entityTag.lastIndex;
    if (at === value.length) return { kind: 'versions', versions };
    listSeparator.lastIndex = at;
    if (!listSeparator.exec(value)) return undefined;
    at = listSeparator.lastIndex;
  }
}
