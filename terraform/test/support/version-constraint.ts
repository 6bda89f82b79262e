// Just enough of Terraform's version-constraint syntax (`>=`, `>`, `<=`, `<`, `=`, `!=`, `~>`, comma = and)
// to check what a required_version / provider constraint admits.
type Version = [number, number, number];

function parseVersion(text: string): { version: Version; parts: number } {
  const parts = text
    .trim()
    .split('.')
    .map((p) => Number.parseInt(p, 10));
  if (parts.length === 0 || parts.length > 3 || parts.some(Number.isNaN)) throw new Error(`not a version: ${text}`);
  return { version: [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0], parts: parts.length };
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

export function admits(constraint: string, candidate: string): boolean {
  const v = parseVersion(candidate).version;
  return constraint.split(',').every((clause) => {
    const m = /^\s*(>=|<=|~>|!=|>|<|=)?\s*([0-9.]+)\s*$/.exec(clause);
    if (!m) throw new Error(`unsupported constraint: ${clause}`);
    const { version: bound, parts } = parseVersion(m[2]!);
    const c = compare(v, bound);
    switch (m[1] ?? '=') {
      case '>=':
        return c >= 0;
      case '>':
        return c > 0;
      case '<=':
        return c <= 0;
      case '<':
        return c < 0;
      case '!=':
        return c !== 0;
      case '=':
        return c === 0;
      case '~>': {
        // ~> 6.0 allows >= 6.0 and < 7; ~> 6.1.2 allows >= 6.1.2 and < 6.2.
        const upper: Version = parts >= 3 ? [bound[0], bound[1] + 1, 0] : [bound[0] + 1, 0, 0];
        return c >= 0 && compare(v, upper) < 0;
      }
      default:
        return false;
    }
  });
}
