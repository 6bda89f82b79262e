/**
 * DynamoDB's item size rules
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html), so a write
 * that cannot fit is refused before DynamoDB is called.
 */
import { isNumberValue, numberText, type ExactNumber } from './exact-numbers.ts';
import { ItemTooLarge } from './store-errors.ts';

/** DynamoDB's item size limit. */
export const maxItemBytes = 400 * 1024;

/** A number's significant digits, leading and trailing zeros trimmed as DynamoDB does: 1200 and 0.012 have 2. */
function significantDigits(value: ExactNumber): number {
  const [mantissa = ''] = numberText(value).replace('-', '').split(/e/i);
  return mantissa.replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
}

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number' || isNumberValue(value)) return Math.ceil(significantDigits(value) / 2) + 1;
  if (typeof value === 'boolean' || value === null) return 1;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + valueBytes(v), 0);
  if (typeof value === 'object') {
    let sum = 3;
    for (const [k, v] of Object.entries(value)) sum += 1 + Buffer.byteLength(k, 'utf8') + valueBytes(v);
    return sum;
  }
  return 0;
}

export function itemBytes(item: Record<string, unknown>): number {
  let sum = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value !== undefined && value !== null) sum += Buffer.byteLength(name, 'utf8') + valueBytes(value);
  }
  return sum;
}

export function assertFits(item: Record<string, unknown>): void {
  const bytes = itemBytes(item);
  if (bytes > maxItemBytes) {
    throw new ItemTooLarge(`The item would take ${bytes} bytes; one item can hold at most ${maxItemBytes} (400 KB).`);
  }
}
