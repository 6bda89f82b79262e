/**
 * The few Velocity (VTL) building blocks the DynamoDB templates are made of. API Gateway's mapping templates are
 * Velocity 1.7 with `$input`, `$util` and `$context`; everything the generator writes goes through these helpers, so
 * the VTL features the templates rely on (and the local emulator must implement) stay a short, known list:
 * `#set`, `#if/#elseif/#else`, `#foreach` with `$foreach.hasNext`, list literals `[]`, and the Java methods
 * `String.length/matches/replaceAll/split/endsWith/equalsIgnoreCase`, `Map.keySet/get`, `List.add/isEmpty/size/get`.
 */
import { ContractError } from '../../contract.ts';

/**
 * A VTL expression, printed inside a JSON string, for the string value of a reference. `$util.escapeJavaScript`
 * escapes `'` as `\'`, which JSON does not allow; AWS's documented fix turns it back (the regex `\\'` is a
 * backslash then a quote, always the escape's own backslash).
 */
export function jsonStringOf(reference: string): string {
  return String.raw`"$util.escapeJavaScript(${reference}).replaceAll("\\'","'")"`;
}

/** Velocity would act on these in plain template text: references, directives and comments. */
const velocityActive = /[$#][A-Za-z{!*#[]|\\[$#]/;

/**
 * Text the generator puts into a template as is (JSON punctuation, problem titles, messages). Fails when Velocity
 * would interpret any of it, instead of emitting a template that renders something else.
 */
export function literal(text: string): string {
  const active = velocityActive.exec(text);
  if (active) {
    throw new ContractError(
      `The dynamodb integration cannot put ${JSON.stringify(text)} into a mapping template: Velocity would read "${active[0]}" in it`,
    );
  }
  return text;
}

/** A JSON string literal of a fixed text, safe as template text. */
export function jsonLiteral(text: string): string {
  return literal(JSON.stringify(text));
}

/** A single-quoted VTL string (no interpolation), e.g. a regular expression for `String.matches`. */
export function vtlString(text: string): string {
  if (text.includes("'")) {
    throw new ContractError(`The dynamodb integration cannot quote ${JSON.stringify(text)} in VTL: it holds a '`);
  }
  return `'${text}'`;
}

/**
 * `#if(condition)then#else otherwise#end` as pieces. Pieces are joined with nothing in between (whitespace outside
 * directives would be output, and a 204 must have an empty body); the golden files show one piece a line.
 */
export function ifElse(condition: string, then: string[], otherwise: string[] = []): string[] {
  return [`#if(${condition})`, ...then, ...(otherwise.length > 0 ? ['#else', ...otherwise] : []), '#end'];
}
