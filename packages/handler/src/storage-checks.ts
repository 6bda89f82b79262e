/**
 * What the contract's schemas admit but DynamoDB or the AWS SDK cannot store as sent, checked before any write so
 * the client gets a 400 naming the place instead of a 500 from DynamoDB or a value changed without a word. The
 * contract states each rule in the description of the schema it refines (`ItemAttributes`, `AttributeValue`, and
 * well-formed text in its conventions): OpenAPI 3.0 has no keyword for them. DynamoDB's limits:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html and, for numbers,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number
 *
 * Not checked here because the schemas already bound them: nesting (attribute values are scalars: two levels, far
 * below DynamoDB's 32), string lengths. The item's total size (400 KB, names counted) is item-size.ts's job and
 * answered with 413.
 */
import type { ProblemFieldError } from '@items-api/openapi/schema';
import { isNumberValue, numberText, type ExactNumber } from './exact-numbers.ts';
import { pointerToken } from './json-pointer.ts';

/** DynamoDB: "Attribute names must be at least one character long and less than 64 KB" (a name in a map included). */
export const maxAttributeNameBytes = 65_535;
/** DynamoDB's smallest magnitude other than 0, 1e-130: a number's decimal exponent is at least this. */
export const minNumberExponent = -130;
/** DynamoDB's largest magnitude is 9.9999999999999999999999999999999999999e125: the decimal exponent is at most 125. */
export const maxNumberExponent = 125;
/** DynamoDB keeps 38 significant digits; it refuses a number with more rather than round it. */
export const maxNumberDigits = 38;
/**
 * The one key the AWS SDK's marshaller cannot carry: it builds maps by assignment, and assigning `__proto__`
 * sets the prototype instead, so the attribute would vanish (or the whole map be refused).
 */
const unmarshallableName = '__proto__';

/** A lone surrogate (a `\ud800` escape without its pair): no UTF-8 encoding exists for it. */
const loneSurrogate = /\p{Surrogate}/u;

function attributeNameErrors(name: string, path: string): ProblemFieldError[] {
  if (name === '')
    return [{ path, message: `is an empty attribute name; a name is 1 to ${maxAttributeNameBytes} bytes of UTF-8` }];
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > maxAttributeNameBytes)
    return [
      { path, message: `is an attribute name of ${bytes} bytes of UTF-8; a name is at most ${maxAttributeNameBytes}` },
    ];
  if (name === unmarshallableName)
    return [{ path, message: `is a name the AWS SDK cannot store (${unmarshallableName})` }];
  return [];
}

/** A JSON number's sign, significant digits and decimal exponent (of its first significant digit), from its text. */
function decimalOf(text: string): { negative: boolean; digits: string; exponent: number } {
  const [, sign = '', integer = '', fraction = '', exponent = '0'] =
    /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text) ?? [];
  const all = integer + fraction;
  const leadingZeros = all.length - all.replace(/^0+/, '').length;
  return {
    negative: sign === '-',
    digits: all.replace(/^0+/, '').replace(/0+$/, ''),
    exponent: integer.length - 1 - leadingZeros + Number(exponent),
  };
}

/** Why DynamoDB cannot hold `value` as sent (a body's number, or a number key from the path); empty when it can. */
export function numberErrors(value: ExactNumber, path: string): ProblemFieldError[] {
  const { negative, digits, exponent } = decimalOf(numberText(value));
  if (digits === '') {
    // JSON.parse reads -0 as -0; DynamoDB stores it as 0.
    return negative || Object.is(value, -0)
      ? [{ path, message: 'is negative zero, which DynamoDB stores as 0; send 0' }]
      : [];
  }
  if (digits.length > maxNumberDigits)
    return [{ path, message: `has ${digits.length} significant digits; DynamoDB keeps at most ${maxNumberDigits}` }];
  if (exponent < minNumberExponent)
    return [
      {
        path,
        message: `must be 0 or have a magnitude of at least 1e${minNumberExponent} (DynamoDB's smallest number)`,
      },
    ];
  if (exponent > maxNumberExponent)
    return [{ path, message: `must have a magnitude below 1e${maxNumberExponent + 1} (DynamoDB's largest number)` }];
  return [];
}

/** Every number in `value`, each with the JSON pointer of the place it is. */
function* numbers(value: unknown, path: string): Generator<{ value: ExactNumber; path: string }> {
  if (typeof value === 'number' || isNumberValue(value)) yield { value, path };
  else if (Array.isArray(value))
    for (const [index, element] of value.entries()) yield* numbers(element, `${path}/${index}`);
  else if (typeof value === 'object' && value !== null)
    for (const [key, element] of Object.entries(value)) yield* numbers(element, `${path}/${pointerToken(key)}`);
}

/** Every string and object key in `value`, each with the JSON pointer of the place it is. */
function* texts(value: unknown, path: string): Generator<{ text: string; path: string; isKey: boolean }> {
  if (typeof value === 'string') yield { text: value, path, isKey: false };
  else if (isNumberValue(value)) return;
  else if (Array.isArray(value))
    for (const [index, element] of value.entries()) yield* texts(element, `${path}/${index}`);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, element] of Object.entries(value)) {
      const at = `${path}/${pointerToken(key)}`;
      yield { text: key, path: at, isKey: true };
      yield* texts(element, at);
    }
  }
}

/** Why the (schema-valid) body cannot be stored as sent: one entry per offending place, empty when it can. */
export function storageErrors(body: unknown): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  for (const { text, path, isKey } of texts(body, '/body')) {
    if (loneSurrogate.test(text)) {
      errors.push({
        path,
        message: `${isKey ? 'is a name that is' : 'is'} not well-formed Unicode (it holds a lone surrogate)`,
      });
    }
  }
  // The body's own property names are the schema's; the keys of a map inside it are DynamoDB attribute names.
  for (const { text, path, isKey } of texts(body, '/body'))
    if (isKey && path.lastIndexOf('/') > '/body'.length) errors.push(...attributeNameErrors(text, path));
  for (const { value, path } of numbers(body, '/body')) errors.push(...numberErrors(value, path));
  return errors;
}
