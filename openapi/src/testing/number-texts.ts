/**
 * JSON numbers as text, for tests that check numbers are kept digit for digit: what DynamoDB holds (38
 * significant digits, decimal exponents -130 to 125) written in JSON's spellings, and the value a text stands for,
 * so `1.50` and `1.5e0` compare equal while `1` and `1.00000000000000000001` do not.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number
 */
import fc from 'fast-check';
import { LosslessNumber, parse } from 'lossless-json';

export const dynamodbNumber = { maxDigits: 38, minExponent: -130, maxExponent: 125 } as const;

/** A JSON number's value as sign, significant digits and decimal exponent (`0` for every zero, `-0` included). */
export function decimalValue(text: string): string {
  const [, sign = '', integer = '', fraction = '', exponent = '0'] =
    /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text) ?? [];
  const all = integer + fraction;
  const digits = all.replace(/^0+/, '').replace(/0+$/, '');
  if (digits === '') return integer === '' ? `not a number: ${text}` : '0';
  const leadingZeros = all.length - all.replace(/^0+/, '').length;
  return `${sign}${digits}e${integer.length - 1 - leadingZeros + Number(exponent)}`;
}

/** The text of each number among an item's attributes in a JSON answer, as written (JSON.parse would round it). */
export function attributeNumberTexts(itemJson: string): Record<string, string> {
  const item = parse(itemJson) as { attributes?: Record<string, unknown> };
  return Object.fromEntries(
    Object.entries(item.attributes ?? {}).map(([name, value]) => [
      name,
      value instanceof LosslessNumber ? value.toString() : `not a number: ${String(value)}`,
    ]),
  );
}

/** Numbers at DynamoDB's edges: the largest and smallest magnitudes, 38 digits, zeros and trailing zeros. */
export const edgeNumberTexts = [
  `9.${'9'.repeat(dynamodbNumber.maxDigits - 1)}e${dynamodbNumber.maxExponent}`,
  `-9.${'9'.repeat(dynamodbNumber.maxDigits - 1)}e${dynamodbNumber.maxExponent}`,
  `1e${dynamodbNumber.minExponent}`,
  `-1e${dynamodbNumber.minExponent}`,
  `1.${'0'.repeat(dynamodbNumber.maxDigits - 2)}1`,
  '1.00000000000000000001',
  '0',
  '0.0',
  '1.50',
  '1e2',
];

/** JSON number text of 1 to 38 significant digits and a decimal exponent DynamoDB holds, in `e`, `E+` and plain spellings. */
export const storableNumberText: fc.Arbitrary<string> = fc
  .record({
    negative: fc.boolean(),
    digits: fc
      .tuple(
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: dynamodbNumber.maxDigits - 1 }),
      )
      .map(([first, rest]) => `${first}${rest.join('')}`),
    exponent: fc.integer({ min: dynamodbNumber.minExponent, max: dynamodbNumber.maxExponent }),
    spelling: fc.constantFrom('e', 'E+', 'plain'),
  })
  .map(({ negative, digits, exponent, spelling }) => {
    const sign = negative ? '-' : '';
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    // Plain decimals only where they stay short: 0.000ddd, ddd000 and ddd.ddd.
    if (spelling === 'e' || exponent < -40 || exponent > 40) return `${sign}${mantissa}e${exponent}`;
    if (spelling === 'E+') return `${sign}${mantissa}E${exponent >= 0 ? '+' : ''}${exponent}`;
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
    const integer = digits.padEnd(exponent + 1, '0').slice(0, exponent + 1);
    const fraction = digits.slice(exponent + 1);
    return `${sign}${integer}${fraction === '' ? '' : `.${fraction}`}`;
  });
