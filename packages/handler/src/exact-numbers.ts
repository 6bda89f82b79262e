/**
 * JSON numbers kept digit for digit between the client and DynamoDB. A JS number holds about 17 significant
 * digits and DynamoDB 38, so a number whose text a JS number cannot write back unchanged travels as the SDK's
 * `NumberValue` (its text): parsed from the request body, marshalled as `N` with those digits, unmarshalled
 * (`wrapNumbers`) and written into the response as they are. Every other number stays a plain JS number, so the
 * common case costs nothing. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number
 */
import { NumberValue } from '@aws-sdk/lib-dynamodb';
import { parse, stringify } from 'lossless-json';

/** A number as the handler carries it: a JS number when that holds it exactly, its text otherwise. */
export type ExactNumber = number | NumberValue;

/**
 * The JS number when it writes back as `text` and the SDK's marshaller takes it (it refuses magnitudes beyond
 * 2^53 - 1 even when exact, such as 1e20), else the text as a NumberValue.
 */
export function exactNumber(text: string): ExactNumber {
  const value = Number(text);
  return String(value) === text && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? value : new NumberValue(text);
}

/** The number's text: what the client sent or DynamoDB answered. */
export function numberText(value: ExactNumber): string {
  return typeof value === 'number' ? String(value) : value.toString();
}

export const isNumberValue = (value: unknown): value is NumberValue => value instanceof NumberValue;

/** Whether any number in a JSON.parse result: only then does the text need a second, digit-keeping parse. */
export function holdsNumber(value: unknown): boolean {
  if (typeof value === 'number') return true;
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(holdsNumber);
}

/** Whether a NumberValue is anywhere in `value`: only then does writing it need more than JSON.stringify. */
function holdsNumberValue(value: unknown): boolean {
  if (isNumberValue(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(holdsNumberValue);
}

/**
 * Parses JSON text that JSON.parse accepted, keeping each number's digits (see `exactNumber`). A repeated key
 * keeps its last value, as JSON.parse does.
 */
export function parseExactly(text: string): unknown {
  return parse(text, null, {
    parseNumber: exactNumber,
    onDuplicateKey: ({ newValue }) => newValue,
  });
}

/** JSON.stringify, with each NumberValue written as its digits. */
export function stringifyExactly(value: unknown): string {
  if (!holdsNumberValue(value)) return JSON.stringify(value);
  return stringify(value, undefined, undefined, [
    { test: isNumberValue, stringify: (number) => (number as NumberValue).toString() },
  ]) as string;
}
