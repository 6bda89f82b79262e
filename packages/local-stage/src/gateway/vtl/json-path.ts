/**
 * The JSONPath subset `$input.json()` and `$input.path()` take here: the root `$`, members by `.name` or
 * `['name']`, array elements by `[n]`. Anything else (wildcards, filters, slices, `..`) is refused when a template
 * is bound, so a template never meets a path this emulator would evaluate differently from API Gateway.
 */

/** The steps of a path: member names and array indices. */
export type JsonPath = readonly (string | number)[];

const step = /^(?:\.([A-Za-z_$][\w$-]*)|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\])/;

/** Parses `path`; throws naming what is not in the subset. */
export function parseJsonPath(path: string): JsonPath {
  if (!path.startsWith('$')) throw new Error(`JSONPath "${path}" does not start at the root $`);
  const steps: (string | number)[] = [];
  let rest = path.slice(1);
  while (rest !== '') {
    const match = step.exec(rest);
    if (match === null)
      throw new Error(`JSONPath "${path}": "${rest}" is not emulated (only $, .name, ['name'] and [index] are)`);
    const [whole, dotted, singleQuoted, doubleQuoted, index] = match;
    if (index !== undefined) steps.push(Number(index));
    else steps.push((dotted ?? singleQuoted ?? doubleQuoted ?? '').replace(/\\(.)/g, '$1'));
    rest = rest.slice(whole.length);
  }
  return steps;
}

/** The value at `path`, or undefined when some step does not exist. */
export function evaluateJsonPath(document: unknown, path: JsonPath): unknown {
  let value = document;
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(value) || key >= value.length) return undefined;
      value = value[key] as unknown;
    } else {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, key))
        return undefined;
      value = (value as Record<string, unknown>)[key];
    }
  }
  return value;
}
