/**
 * Entity tags. An item's ETag is its version as a strong tag: `"3"`.
 *
 * `If-Match` is parsed per RFC 9110: `*`, or a comma-separated list of entity tags. A value that is not that
 * syntax (e.g. `3` without quotes) is a 400. Syntactically valid tags that can never match a version (weak
 * tags, which If-Match compares strongly, or opaque ones like `"abc"`) are simply not matched: 412.
 */
export const etagOf = (version: number): string => `"${version}"`;

export type IfMatch =
  | { kind: 'any' }
  /** The versions the client accepts; empty when none of its tags can match. */
  | { kind: 'versions'; versions: number[] };

const entityTag = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/;

/** Undefined when the header is malformed. */
export function parseIfMatch(value: string): IfMatch | undefined {
  const trimmed = value.trim();
  if (trimmed === '*') return { kind: 'any' };
  const versions: number[] = [];
  for (const part of trimmed.split(',')) {
    const match = entityTag.exec(part.trim());
    if (!match) return undefined;
    const [, weak, opaque] = match;
    if (weak) continue;
    if (opaque !== undefined && /^[1-9][0-9]{0,14}$/.test(opaque)) versions.push(Number(opaque));
  }
  return { kind: 'versions', versions };
}
