/**
 * fast-check arbitraries derived from the contract's own schemas. `valid` values sit at and between every limit a
 * schema states (lengths, item and property counts, `minimum`/`maximum`, patterns, enums, optional and nullable
 * properties) and at the limits of what stores them, which the schemas allow but the contract bounds in prose
 * (DynamoDB's number range and attribute-name size, prototype-named keys, lone surrogates); `nearMiss` values
 * break exactly one limit somewhere (one past a length or count, beyond a bound, off the pattern, a missing
 * required or an unknown property, `null` where it is not allowed, a wrong type). Whether a value is valid is
 * not this module's business: the conformance check asks the contract's validators.
 */
import fc from 'fast-check';
import { ContractError, deref, isObject, type Json, type JsonObject } from '../contract.ts';

/** Numbers a JavaScript double, DynamoDB or JSON make interesting; only those inside a schema's bounds are used as valid. */
const edgeNumbers = [
  0,
  -0,
  1,
  -1,
  0.1,
  0.1 + 0.2,
  1.5,
  90,
  1e-7,
  1.2345678901234567e-100,
  1e-130,
  -1e-130,
  1.0000000000000001e-130,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER - 0.5,
  1e15 + 0.3,
  123456789.12345679,
  Number.MAX_SAFE_INTEGER + 1,
  1e20,
  -1.234567890123457e125,
  9.999999999999999e125,
];
/** In a schema's bounds but below DynamoDB's smallest magnitude: the contract refuses them in prose. */
const underflowNumbers = [9.99e-131, -9.99e-131, Number.MIN_VALUE, -Number.MIN_VALUE, 1e-200];
/** Beyond any bound the contract states for numbers, and beyond what JavaScript or DynamoDB hold. */
const hugeNumbers = [1e126, -1e126, 1.0000000000000001e126, Number.MAX_VALUE, -Number.MAX_VALUE];

/** Characters that exercise encodings: ASCII, quotes and escapes, multi-byte UTF-8, astral (two UTF-16 units), NUL. */
const character = fc.oneof(
  { weight: 16, arbitrary: fc.constantFrom(...'abcXYZ019_- ') },
  { weight: 2, arbitrary: fc.constantFrom('"', '\\', '/', '~', '\n', '\t', '\u0000', '\u007f', '\u2028') },
  { weight: 3, arbitrary: fc.constantFrom('é', 'ß', '日', '本', '\u00a0', '\ufeff', '😀', '𝄞') },
);
/** A lone surrogate (a `\ud800` escape in JSON): a string the schemas allow and the contract refuses in prose. */
const loneSurrogate = fc.constantFrom('\ud800', '\udfff');

/** `bytes` bytes of UTF-8 in one- or two-byte characters, starting with `tag` so names stay distinct. */
function textOfBytes(bytes: number, twoByte: boolean, tag: string): string {
  return twoByte
    ? tag + 'é'.repeat(Math.floor((bytes - tag.length) / 2)) + 'a'.repeat((bytes - tag.length) % 2)
    : tag.padEnd(bytes, 'k');
}

/** Names for the keys of a map (`additionalProperties`): ordinary ones mostly, prototype names, the empty name, names at 64 KB. */
const mapKey = fc.oneof(
  { weight: 150, arbitrary: fc.string({ unit: character, minLength: 1, maxLength: 12 }) },
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'constructor',
      'prototype',
      'toString',
      'hasOwnProperty',
      'valueOf',
      '#id',
      ':v',
      'a.b',
      'a[0]',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('', '__proto__') },
  { weight: 1, arbitrary: fc.string({ unit: character, maxLength: 4 }).chain((s) => loneSurrogate.map((l) => s + l)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(65_535, 65_536, 60_000), fc.boolean(), fc.nat(999))
      .map(([bytes, twoByte, i]) => textOfBytes(bytes, twoByte, `${i}`)),
  },
);

const wrongTypes: Record<string, Json[]> = {
  string: [null, 0, true, [], {}],
  number: [null, '1', true, [], {}],
  integer: [null, '1', 1.5, true, []],
  boolean: [null, 'true', 0, []],
  array: [null, 'x', 1, {}],
  object: [null, 'x', 1, [], [{}]],
};

interface Bounds {
  min: number;
  max: number;
}

function bounds(schema: JsonObject, minKey: string, maxKey: string, fallbackMax: number): Bounds {
  return {
    min: typeof schema[minKey] === 'number' ? schema[minKey] : 0,
    max: typeof schema[maxKey] === 'number' ? schema[maxKey] : fallbackMax,
  };
}

/** A length in [min, max]: small ones mostly (cheap), the ends on purpose. */
function lengthWithin({ min, max }: Bounds, usualMax: number): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min, max: Math.max(min, Math.min(max, usualMax)) }) },
    { weight: 1, arbitrary: fc.constantFrom(min, max) },
  );
}

/** An object with exactly these own properties, `__proto__` included (as JSON.parse makes it, not as `=` would). */
export function objectOf(entries: Iterable<readonly [string, Json]>): JsonObject {
  const object: JsonObject = {};
  for (const [key, value] of entries)
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

export class SchemaArbitraries {
  readonly #document: JsonObject;
  readonly #valid = new Map<string, fc.Arbitrary<Json>>();
  readonly #nearMiss = new Map<string, fc.Arbitrary<Json>>();

  constructor(document: JsonObject) {
    this.#document = document;
  }

  /** Valid values mostly, a near miss one time in six. */
  of(schema: Json): fc.Arbitrary<Json> {
    return fc.oneof({ weight: 5, arbitrary: this.valid(schema) }, { weight: 1, arbitrary: this.nearMiss(schema) });
  }

  /** Values the schema admits, at and between its limits. */
  valid(schema: Json): fc.Arbitrary<Json> {
    return this.#cached(this.#valid, schema, (s) => {
      const value = this.#validOfType(s);
      return s.nullable === true
        ? fc.oneof({ weight: 6, arbitrary: value }, { weight: 1, arbitrary: fc.constant(null) })
        : value;
    });
  }

  /** Values that break exactly one of the schema's limits (at this level or in one part of it). */
  nearMiss(schema: Json): fc.Arbitrary<Json> {
    return this.#cached(this.#nearMiss, schema, (s) => this.#nearMissOfType(s));
  }

  /** Built once per component and kind (the contract's schemas are not recursive). */
  #cached(
    cache: Map<string, fc.Arbitrary<Json>>,
    schema: Json,
    build: (schema: JsonObject) => fc.Arbitrary<Json>,
  ): fc.Arbitrary<Json> {
    if (!isObject(schema)) throw new ContractError(`schema arbitraries: ${JSON.stringify(schema)} is not a schema`);
    if (typeof schema.$ref !== 'string') return build(schema);
    const built = cache.get(schema.$ref) ?? build(deref(this.#document, schema));
    cache.set(schema.$ref, built);
    return built;
  }

  #validOfType(schema: JsonObject): fc.Arbitrary<Json> {
    if (Array.isArray(schema.oneOf)) return fc.oneof(...schema.oneOf.map((branch) => this.valid(branch)));
    if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
    switch (schema.type) {
      case 'string':
        return this.#validString(schema);
      case 'number':
      case 'integer':
        return this.#validNumber(schema);
      case 'boolean':
        return fc.boolean();
      case 'array': {
        const items = this.valid(schema.items ?? {});
        const length = lengthWithin(bounds(schema, 'minItems', 'maxItems', 8), 4);
        return length.chain((n) =>
          schema.uniqueItems === true
            ? fc.uniqueArray(items, { minLength: n, maxLength: n, selector: (v) => JSON.stringify(v) })
            : fc.array(items, { minLength: n, maxLength: n }),
        );
      }
      case 'object':
        return this.#validObject(schema);
      default:
        throw new ContractError(`schema arbitraries: no generator for ${JSON.stringify(schema).slice(0, 120)}`);
    }
  }

  #validString(schema: JsonObject): fc.Arbitrary<Json> {
    if (schema.format === 'date-time')
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString());
    const limits = bounds(schema, 'minLength', 'maxLength', 64);
    if (typeof schema.pattern === 'string') {
      const pattern = new RegExp(schema.pattern, 'u');
      const longest = 'A'.repeat(limits.max);
      const matching = fc
        .stringMatching(pattern)
        .filter((s) => [...s].length >= limits.min && [...s].length <= limits.max);
      return pattern.test(longest)
        ? fc.oneof({ weight: 12, arbitrary: matching }, { weight: 1, arbitrary: fc.constant(longest) })
        : matching;
    }
    // Lengths count code points (JSON Schema), so an astral character is one, though two UTF-16 units.
    const text = lengthWithin(limits, 24).chain((n) =>
      fc.array(character, { minLength: n, maxLength: n }).map((cs) => cs.join('')),
    );
    if (limits.max === 0) return text;
    return fc.oneof(
      { weight: 100, arbitrary: text },
      {
        weight: 1,
        arbitrary: text.chain((t) => loneSurrogate.map((l) => [...t].slice(0, limits.max - 1).join('') + l)),
      },
    );
  }

  #validNumber(schema: JsonObject): fc.Arbitrary<Json> {
    const min = typeof schema.minimum === 'number' ? schema.minimum : -Number.MAX_VALUE;
    const max = typeof schema.maximum === 'number' ? schema.maximum : Number.MAX_VALUE;
    const integer = schema.type === 'integer';
    const fits = (n: number) => n >= min && n <= max && (!integer || Number.isInteger(n));
    const edges = [...edgeNumbers, min, max].filter(fits);
    const underflow = underflowNumbers.filter(fits);
    // fast-check's doubles favour tiny magnitudes; the tiny range below DynamoDB's comes from `underflow`, on purpose and less often.
    const anywhere = integer
      ? fc.integer({ min: Math.max(min, -1e9), max: Math.min(max, 1e9) })
      : fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).filter((n) => n === 0 || Math.abs(n) >= 1e-120);
    return fc.oneof(
      { weight: 12, arbitrary: anywhere },
      { weight: 8, arbitrary: fc.constantFrom(...edges) },
      ...(underflow.length > 0 ? [{ weight: 1, arbitrary: fc.constantFrom(...underflow) }] : []),
    );
  }

  #validObject(schema: JsonObject): fc.Arbitrary<Json> {
    const properties = isObject(schema.properties) ? schema.properties : {};
    const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
    const additional = schema.additionalProperties;
    if (isObject(additional)) {
      const count = bounds(schema, 'minProperties', 'maxProperties', 8);
      const entries = lengthWithin(count, 5).chain((n) =>
        fc.uniqueArray(fc.tuple(mapKey, this.valid(additional)), {
          minLength: n,
          maxLength: n,
          selector: ([key]) => key,
        }),
      );
      // Names near DynamoDB's limit, enough of them together to pass an item's 400 KB.
      const heavy = fc
        .integer({ min: 1, max: Math.min(8, count.max) })
        .map((n) => Array.from({ length: n }, (_, i) => [textOfBytes(60_000, false, `${i}`), i] as [string, Json]));
      return fc.oneof({ weight: 20, arbitrary: entries }, { weight: 1, arbitrary: heavy }).map(objectOf);
    }
    const minProperties = typeof schema.minProperties === 'number' ? schema.minProperties : 0;
    return fc
      .record(Object.fromEntries(Object.entries(properties).map(([name, s]) => [name, this.valid(s)])), {
        requiredKeys: required,
      })
      .filter((value) => Object.keys(value).length >= minProperties);
  }

  #nearMissOfType(schema: JsonObject): fc.Arbitrary<Json> {
    const misses: fc.Arbitrary<Json>[] = [];
    const type = typeof schema.type === 'string' ? schema.type : undefined;
    const wrong = type
      ? (wrongTypes[type] ?? []).filter((v) => !(v === null && schema.nullable === true))
      : [null, [], {}];
    if (wrong.length > 0) misses.push(fc.constantFrom(...wrong));
    if (Array.isArray(schema.enum))
      misses.push(fc.constantFrom(...schema.enum.map((v) => `${typeof v === 'string' ? v : JSON.stringify(v)} `), ''));
    if (type === 'string') {
      const limits = bounds(schema, 'minLength', 'maxLength', Number.POSITIVE_INFINITY);
      if (Number.isFinite(limits.max))
        misses.push(fc.constant('x'.repeat(limits.max + 1)), fc.constant('é'.repeat(limits.max + 1)));
      if (limits.min > 0) misses.push(fc.constant('x'.repeat(limits.min - 1)));
      if (typeof schema.pattern === 'string')
        misses.push(fc.constantFrom('a b', 'a/b', 'ä', 'a%20b', '*', '"1', 'W/1', ' "1"'));
    }
    if (type === 'number' || type === 'integer') {
      if (typeof schema.maximum === 'number')
        misses.push(fc.constantFrom(schema.maximum + 1, ...hugeNumbers.filter((n) => n > (schema.maximum as number))));
      if (typeof schema.minimum === 'number')
        misses.push(fc.constantFrom(schema.minimum - 1, ...hugeNumbers.filter((n) => n < (schema.minimum as number))));
      if (type === 'integer') misses.push(fc.constantFrom(1.5, -0.5));
    }
    if (Array.isArray(schema.oneOf)) misses.push(...schema.oneOf.map((branch) => this.nearMiss(branch)));
    if (type === 'array') {
      const items = this.valid(schema.items ?? {});
      const limits = bounds(schema, 'minItems', 'maxItems', Number.POSITIVE_INFINITY);
      if (Number.isFinite(limits.max))
        misses.push(
          fc.uniqueArray(items, {
            minLength: limits.max + 1,
            maxLength: limits.max + 1,
            selector: (v) => JSON.stringify(v),
          }),
        );
      if (schema.uniqueItems === true) misses.push(items.map((v) => [v, v]));
      misses.push(
        fc
          .tuple(fc.array(items, { maxLength: 2 }), this.nearMiss(schema.items ?? {}))
          .map(([rest, bad]) => [...rest, bad]),
      );
    }
    if (type === 'object') misses.push(...this.#objectNearMisses(schema));
    return fc.oneof(...misses);
  }

  #objectNearMisses(schema: JsonObject): fc.Arbitrary<Json>[] {
    const valid = this.valid({ ...schema, nullable: false }).map((v) => (isObject(v) ? v : {}));
    const properties = isObject(schema.properties) ? schema.properties : {};
    const misses: fc.Arbitrary<Json>[] = [];
    for (const name of Array.isArray(schema.required) ? schema.required.map(String) : []) {
      misses.push(valid.map((v) => objectOf(Object.entries(v).filter(([key]) => key !== name))));
    }
    for (const [name, propertySchema] of Object.entries(properties)) {
      misses.push(
        fc.tuple(valid, this.nearMiss(propertySchema)).map(([v, bad]) => objectOf([...Object.entries(v), [name, bad]])),
      );
    }
    if (schema.additionalProperties === false) {
      misses.push(
        fc
          .tuple(valid, fc.constantFrom('extra', 'id', 'version', '__proto__', 'constructor'))
          .map(([v, key]) => objectOf([...Object.entries(v), [key, 'x']])),
      );
    }
    const additional = schema.additionalProperties;
    if (isObject(additional)) {
      const { max } = bounds(schema, 'minProperties', 'maxProperties', Number.POSITIVE_INFINITY);
      if (Number.isFinite(max))
        misses.push(fc.constant(objectOf(Array.from({ length: max + 1 }, (_, i) => [`k${i}`, i] as [string, Json]))));
      misses.push(
        fc.tuple(valid, this.nearMiss(additional)).map(([v, bad]) => objectOf([...Object.entries(v), ['odd', bad]])),
      );
    }
    if (typeof schema.minProperties === 'number' && schema.minProperties > 0) misses.push(fc.constant({}));
    return misses;
  }
}
