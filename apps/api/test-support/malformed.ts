import fc from 'fast-check';

/** The part of an OpenAPI 3.0 schema (as `z.toJSONSchema` writes it) the fuzzer reads. */
export interface SchemaNode {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  nullable?: boolean;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
}

const NUL = '\u0000';

function nested(depth: number, leaf: unknown, wrap: (inner: unknown) => unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

/** Text PostgreSQL cannot store, or that no field means. */
const badText = fc.oneof(
  fc.string({ maxLength: 20 }).map((s) => `${s}${NUL}${s}`),
  fc.constantFrom('\ud800', 'x\udfff', '\udc00\ud800', `${NUL}`, '\ud83d'),
  fc.constantFrom('', ' ', '\t\n', 'NaN', 'Infinity', '-Infinity', '-0', '1e309', '0x1f', 'null', 'undefined', 'true', '[]', '{}'),
  fc.constantFrom('0000-Q1', '9999-Q4', '0000-01-01', '9999-12-31', '2026-02-30', '1900-01-01', '-000001-01-01T00:00:00Z', '+275760-09-13T00:00:00Z'),
  fc.constantFrom("'; drop table asks; --", '<script>alert(1)</script>', '../../etc/passwd', '%00', '\\u0000', '${jndi:x}'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 1_000, max: 30_000 }).map((n) => 'x'.repeat(n)),
);

/** A value of the wrong JSON type, or of the right one far out of range. */
const wrongType = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 2, Number.MIN_VALUE, [], {}, [null], { '': null }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: 2, max: 3_000 }).map((depth) => nested(depth, 'deep', (inner) => [inner])),
  fc.integer({ min: 2, max: 3_000 }).map((depth) => nested(depth, NUL, (inner) => ({ a: inner }))),
  fc.integer({ min: 100, max: 5_000 }).map((width) => Object.fromEntries(Array.from({ length: width }, (_, i) => [`k${i}`, i]))),
  fc.integer({ min: 100, max: 5_000 }).map((length) => Array.from({ length }, (_, i) => i)),
  fc.constantFrom(JSON.parse('{"__proto__":{"role":"admin"}}') as unknown, { constructor: { prototype: 1 } }),
);

const badNumber = fc.oneof(
  fc.constantFrom(-1, -0.001, 1.5, 0.001, 1e15 + 1, 1e21, 1e308, -1e308, 2 ** 31, 2 ** 53, 2 ** 53 + 2, 2 ** 63, Number.MIN_VALUE, Number.MAX_VALUE),
  fc.constantFrom('1', '1e309', 'NaN', '', ' 1', '0x10'),
  fc.double(),
);

/** Malformed values for a field of this schema: bad text, wrong types, numbers out of range. */
export function malformedFor(schema: SchemaNode | undefined): fc.Arbitrary<unknown> {
  switch (schema?.type) {
    case 'integer':
    case 'number':
      return fc.oneof(badNumber, wrongType, badText);
    case 'boolean':
      return fc.oneof(fc.constantFrom('true', 'false', 0, 1, 'yes'), wrongType);
    case 'array':
      return fc.oneof(wrongType, badText, fc.array(fc.oneof(malformedFor(schema.items), wrongType), { minLength: 1, maxLength: 3 }));
    case 'object':
      return fc.oneof(wrongType, badText, fc.dictionary(badText, wrongType, { maxKeys: 3 }));
    default:
      return fc.oneof({ weight: 3, arbitrary: badText }, { weight: 2, arbitrary: wrongType });
  }
}

const edgeDates = ['0000-01-01', '0001-01-01', '1969-12-31', '9999-12-31', '2026-02-29', '2026-00-10', '2026-04-31', '10000-01-01'];
const edgeInstants = ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '1969-12-31T23:59:59Z', '2026-05-01T24:00:00Z', '2026-05-01T00:00:00+99:00'];
const edgeQuarters = ['0000-Q1', '0099-Q4', '1969-Q4', '3000-Q1', '9999-Q4', '2026-Q0'];
const edgeUuids = ['00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', '00000000-0000-0000-0000-00000000000g'];
const edgeNumbers = [-1, 0, 1.005, 2 ** 31, 2 ** 53 + 2, 1e21, 1e308, Number.MIN_VALUE];

/**
 * The values at the edges of a field's format, tried for every field of that
 * format (not left to chance): where a schema's range and the database's differ.
 */
export function edgeCasesFor(schema: SchemaNode | undefined): unknown[] {
  if (!schema) return [];
  if (schema.type === 'integer' || schema.type === 'number') return edgeNumbers;
  if (schema.type === 'array') return edgeCasesFor(schema.items).map((value) => [value]);
  if (schema.type !== 'string') return [];
  if (schema.format === 'date-time') return edgeInstants;
  if (schema.format === 'uuid') return edgeUuids;
  if (schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return edgeDates;
  if (schema.pattern === '^\\d{4}-Q[1-4]$') return edgeQuarters;
  return [];
}

/** A whole body that is not the object a route reads. */
export const malformedBody: fc.Arbitrary<{ raw: string; contentType: string }> = fc.oneof(
  malformedFor(undefined).map((value) => ({ raw: JSON.stringify(value) ?? 'null', contentType: 'application/json' })),
  fc.constantFrom('{', '{"a":', '[1,]', '{"a":1}{"b":2}', 'nul', '\u0000', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '').map((raw) => ({
    raw,
    contentType: 'application/json',
  })),
  fc.integer({ min: 10_000, max: 60_000 }).map((depth) => ({ raw: '['.repeat(depth) + ']'.repeat(depth), contentType: 'application/json' })),
  fc.integer({ min: 120_000, max: 300_000 }).map((n) => ({ raw: JSON.stringify({ text: 'x'.repeat(n) }), contentType: 'application/json' })),
  fc.constantFrom({ raw: 'text=hello', contentType: 'application/x-www-form-urlencoded' }, { raw: 'plain words', contentType: 'text/plain' }),
);

/** A path segment as it goes on the wire: percent-encoded NUL, bad UTF-8, dot segments, huge, odd. */
export const malformedSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('%00', 'a%00b', '%00%00', '%2e%2e', '..', '.', '%2F', 'a%2Fb', '%ff', '%ED%A0%80', '%F0%9F%98', '%C0%AF', '%', '%zz', '%25'),
  fc.constantFrom('0', '-1', 'NaN', 'null', 'undefined', '0000-Q1', '9999-Q4', '2026-Q9', 'A%20', 'ZZ', '00000000-0000-0000-0000-000000000000', '%20'),
  fc.integer({ min: 300, max: 8_000 }).map((n) => 'x'.repeat(n)),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(encodeURIComponent),
  fc.string({ maxLength: 10 }).map((s) => `${encodeURIComponent(s)}%00`),
);

/** A query value as it goes on the wire, or several (`?q=1&q=2` is an array to Express). */
export const malformedQueryValue: fc.Arbitrary<string[]> = fc.oneof(
  fc.constantFrom('%00', '2026-Q2%00', '%ED%A0%80', '%ff', '%', '', '0000-Q1', '9999-Q4', 'NaN', '-1', '1e309', '0x10', '1.5', '99999999999999999999', 'true', '[]').map((v) => [v]),
  fc.integer({ min: 300, max: 6_000 }).map((n) => ['9'.repeat(n)]),
  fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => [encodeURIComponent(s)]),
  fc.constantFrom<string[]>(['2026-Q2', '2026-Q3'], ['a', '%00'], ['', '', '']),
);

/** A valid-looking value for a field, so that one malformed field is the only thing wrong with a body. */
export function plausible(name: string, schema: SchemaNode, known: Record<string, unknown>): unknown {
  if (name in known) return known[name];
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return schema.minimum !== undefined && schema.minimum > 0 ? schema.minimum : 1;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return requiredOf(schema, known);
    default:
      if (schema.format === 'email') return 'fuzz@fuzz.test';
      if (schema.format === 'uri') return 'https://example.test/hook';
      if (schema.format === 'date-time') return '2026-05-01T00:00:00Z';
      return 'fuzz';
  }
}

/** The object with only its required properties, each plausible. */
export function requiredOf(schema: SchemaNode, known: Record<string, unknown>): Record<string, unknown> {
  const variant = schema.oneOf?.[0] ?? schema.anyOf?.[0] ?? schema;
  return Object.fromEntries((variant.required ?? []).map((name) => [name, plausible(name, variant.properties?.[name] ?? {}, known)]));
}

/** Every property of a body schema, nested ones by their path (`owners.A`), at most `depth` deep. */
export function fieldsOf(schema: SchemaNode, depth = 2, prefix: string[] = []): { path: string[]; schema: SchemaNode }[] {
  const variant = schema.oneOf?.[0] ?? schema.anyOf?.[0] ?? schema;
  return Object.entries(variant.properties ?? {}).flatMap(([name, child]) => {
    const path = [...prefix, name];
    const below = depth > 1 && child.type === 'object' ? fieldsOf(child, depth - 1, path) : [];
    return [{ path, schema: child }, ...below];
  });
}
