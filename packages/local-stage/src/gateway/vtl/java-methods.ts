/**
 * The Java methods a template may call on its values, with Java's semantics: in API Gateway a value is a Java
 * String, List or Map, so `$s.replaceAll("a.", "b")` takes a regular expression and `$s.length()` is a method.
 * velocityjs calls these (its `customMethodHandlers`) before any JavaScript method of the same name, so a template
 * never reaches JavaScript's own `replaceAll` or `length`. A method missing here is refused when the template is
 * bound (see inspect.ts); one called on the wrong kind of value fails the render, naming both.
 */
import { isDeepStrictEqual } from 'node:util';
import { toJavaString } from './java-values.ts';

type JavaValue = unknown;
type Method = (receiver: JavaValue, args: JavaValue[]) => JavaValue;

export class TemplateRuntimeError extends Error {
  override name = 'TemplateRuntimeError';
}

const isMap = (value: JavaValue): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function kindOf(value: JavaValue): string {
  if (Array.isArray(value)) return 'a list';
  if (isMap(value)) return 'a map';
  return value === null || value === undefined ? 'null' : `a ${typeof value}`;
}

/** A method defined for strings only. */
const onString =
  (name: string, method: (text: string, args: string[]) => JavaValue): Method =>
  (receiver, args) => {
    if (typeof receiver !== 'string') throw new TemplateRuntimeError(`${name}() called on ${kindOf(receiver)}`);
    return method(
      receiver,
      args.map((arg) => (typeof arg === 'string' ? arg : String(arg))),
    );
  };

/**
 * Java regular expressions are, for what templates use, JavaScript's; `matches` must match the whole text. Compiled
 * once per pattern: templates call them on every request with the same literal patterns.
 */
const compiled = new Map<string, RegExp>();
function javaRegex(pattern: string, flags = ''): RegExp {
  const key = `${flags}/${pattern}`;
  let regex = compiled.get(key);
  if (regex === undefined) {
    regex = new RegExp(pattern, flags);
    compiled.set(key, regex);
  }
  regex.lastIndex = 0;
  return regex;
}

/** Java's replacement syntax: `$1` and `${name}` refer to groups, a backslash quotes the next character. */
const javaReplacement = (replacement: string) =>
  replacement.replace(/\\(.)|\$\{(\w+)\}|\$(\d)|(\$)/g, (_, quoted?: string, named?: string, group?: string) =>
    quoted !== undefined
      ? quoted === '$'
        ? '$$'
        : quoted
      : named !== undefined
        ? `$<${named}>`
        : group !== undefined
          ? `$${group}`
          : '$$',
  );

function size(receiver: JavaValue, name: string): number {
  if (Array.isArray(receiver)) return receiver.length;
  if (isMap(receiver)) return Object.keys(receiver).length;
  if (typeof receiver === 'string' && name === 'isEmpty') return receiver.length;
  throw new TemplateRuntimeError(`${name}() called on ${kindOf(receiver)}`);
}

const methods: Record<string, Method> = {
  // Strings
  length: onString('length', (text) => text.length),
  equalsIgnoreCase: onString('equalsIgnoreCase', (text, [other]) => text.toLowerCase() === other?.toLowerCase()),
  startsWith: onString('startsWith', (text, [prefix]) => text.startsWith(prefix ?? '')),
  endsWith: onString('endsWith', (text, [suffix]) => text.endsWith(suffix ?? '')),
  indexOf: onString('indexOf', (text, [part]) => text.indexOf(part ?? '')),
  lastIndexOf: onString('lastIndexOf', (text, [part]) => text.lastIndexOf(part ?? '')),
  substring: onString('substring', (text, [begin, end]) => {
    const from = Number(begin);
    const to = end === undefined ? text.length : Number(end);
    if (from < 0 || to > text.length || from > to)
      throw new TemplateRuntimeError(`substring(${begin}, ${end}) out of range for a string of ${text.length}`);
    return text.slice(from, to);
  }),
  toLowerCase: onString('toLowerCase', (text) => text.toLowerCase()),
  toUpperCase: onString('toUpperCase', (text) => text.toUpperCase()),
  // Java's trim() drops every code unit up to U+0020, control characters included.
  trim: onString('trim', (text) => {
    let start = 0;
    let end = text.length;
    while (start < end && text.charCodeAt(start) <= 0x20) start++;
    while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
    return text.slice(start, end);
  }),
  replace: onString('replace', (text, [target, replacement]) => text.split(target ?? '').join(replacement ?? '')),
  replaceAll: onString('replaceAll', (text, [regex, replacement]) =>
    text.replace(javaRegex(regex ?? '', 'g'), javaReplacement(replacement ?? '')),
  ),
  replaceFirst: onString('replaceFirst', (text, [regex, replacement]) =>
    text.replace(javaRegex(regex ?? ''), javaReplacement(replacement ?? '')),
  ),
  matches: onString('matches', (text, [regex]) => javaRegex(`^(?:${regex ?? ''})$`).test(text)),
  split: onString('split', (text, [regex]) => {
    const parts = text.split(javaRegex(regex ?? ''));
    while (parts.length > 0 && parts.at(-1) === '') parts.pop(); // Java drops trailing empty strings
    return parts;
  }),
  // Any value
  // Java's equals: by content, and never between kinds ("1".equals(1) is false; two maps are not equal as text).
  equals: (receiver, [other]) => isDeepStrictEqual(receiver, other),
  toString: (receiver: JavaValue) => toJavaString(receiver),
  isEmpty: (receiver) => size(receiver, 'isEmpty') === 0,
  contains: (receiver, [part]) => {
    if (Array.isArray(receiver)) return receiver.includes(part);
    if (typeof receiver === 'string') return receiver.includes(String(part));
    throw new TemplateRuntimeError(`contains() called on ${kindOf(receiver)}`);
  },
  // Lists and maps
  size: (receiver) => size(receiver, 'size'),
  get: (receiver, [key]) => {
    if (Array.isArray(receiver)) return receiver[Number(key)] as unknown;
    if (isMap(receiver)) return Object.hasOwn(receiver, String(key)) ? receiver[String(key)] : undefined;
    throw new TemplateRuntimeError(`get() called on ${kindOf(receiver)}`);
  },
  containsKey: (receiver, [key]) => {
    if (!isMap(receiver)) throw new TemplateRuntimeError(`containsKey() called on ${kindOf(receiver)}`);
    return Object.hasOwn(receiver, String(key));
  },
  keySet: (receiver) => {
    if (!isMap(receiver)) throw new TemplateRuntimeError(`keySet() called on ${kindOf(receiver)}`);
    return Object.keys(receiver);
  },
  entrySet: (receiver) => {
    if (!isMap(receiver)) throw new TemplateRuntimeError(`entrySet() called on ${kindOf(receiver)}`);
    return Object.entries(receiver).map(([key, value]) => ({ key, value }));
  },
  values: (receiver) => {
    if (!isMap(receiver)) throw new TemplateRuntimeError(`values() called on ${kindOf(receiver)}`);
    return Object.values(receiver);
  },
  put: (receiver, [key, value]) => {
    if (!isMap(receiver)) throw new TemplateRuntimeError(`put() called on ${kindOf(receiver)}`);
    const previous = receiver[String(key)];
    receiver[String(key)] = value;
    return previous;
  },
  add: (receiver, [value]) => {
    if (!Array.isArray(receiver)) throw new TemplateRuntimeError(`add() called on ${kindOf(receiver)}`);
    receiver.push(value);
    return true;
  },
};

/** The names a template may call on its own values (checked when it is bound). */
export const javaMethodNames: ReadonlySet<string> = new Set(Object.keys(methods));

interface MethodCall {
  property: string;
  context: unknown;
  params: unknown[];
}

/**
 * velocityjs' `customMethodHandlers`: every Java method above, matched by name whatever the receiver (`$input`'s and
 * `$util`'s own methods have other names).
 */
export const javaMethodHandlers = Object.entries(methods).map(([name, method]) => ({
  uid: `java: ${name}`,
  match: ({ property }: MethodCall) => property === name,
  resolve: ({ context, params }: MethodCall) => method(context, params),
}));
