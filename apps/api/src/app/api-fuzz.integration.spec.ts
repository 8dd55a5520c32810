import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createPartnership, type PartnershipFixture } from '../../test-support/fixtures.js';
import {
  edgeCasesFor,
  fieldsOf,
  malformedBody,
  malformedFor,
  malformedQueryValue,
  malformedSegment,
  plausible,
  requiredOf,
  type SchemaNode,
} from '../../test-support/malformed.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

/**
 * Every operation of the OpenAPI document the app serves, with one input at a
 * time made malformed (a path segment, a query value, the body, or one body
 * field) and the rest plausible, sent as an admin and as a side member: no
 * answer is a 5xx or carries a stack trace, and an answer of 4xx changed no
 * stored row. FUZZ_SEED replays a run; the seed is in every failure.
 */
const seed = Number(process.env.FUZZ_SEED ?? 20261313);
/** Random values per input of every operation, besides its format's edges: ~1,600 requests, about 20 s. FUZZ_RUNS=50 digs deeper. */
const RUNS_PER_INPUT = Number(process.env.FUZZ_RUNS ?? 5);

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  parameters: { in: 'path' | 'query'; name: string; required?: boolean; schema?: SchemaNode }[];
  body?: SchemaNode;
}

type Input =
  | { kind: 'path' | 'query'; name: string; schema?: SchemaNode }
  | { kind: 'body' }
  | { kind: 'field'; path: string[]; schema: SchemaNode };

const ZERO_UUID = '00000000-0000-4000-8000-000000000000';

describe(`API fuzz from the OpenAPI document (seed ${seed})`, () => {
  let t: TestApp;
  let p: PartnershipFixture;
  let operations: Operation[] = [];
  const ids: Record<string, string> = {};
  let fingerprint: () => Promise<Record<string, string>>;
  let writeMark: () => Promise<string>;

  /** Values a field or parameter of this name takes in the seeded partnership. */
  const known = (): Record<string, unknown> => ({
    key: 'fuzz-new',
    quarter: '2026-Q2',
    quarterRaised: '2026-Q2',
    from: '2026-Q1',
    to: '2026-Q2',
    scheduledDate: '2026-05-21',
    meetingId: ids.meeting,
    fromSide: 'A',
    toSide: 'B',
    side: 'A',
    text: 'fuzz',
    name: 'Fuzz',
    company: 'Fuzz vendor',
    currency: 'USD',
    a: 'fuzz-a',
    b: 'fuzz-b',
    revision: 1,
    baseRevision: 1,
  });

  const pathValue = (op: Operation, name: string): string => {
    const fixed: Record<string, string> = { key: p.key, side: 'A', motionKey: 'mssp', quarter: '2026-Q2', revision: '1', format: 'csv' };
    if (name !== 'id') return fixed[name] ?? 'fuzz';
    if (op.path.includes('/asks/{id}')) return ids.ask;
    if (op.path.includes('/meetings/{id}')) return ids.meeting;
    if (op.path.includes('/decisions/{id}')) return ids.decision;
    return ZERO_UUID;
  };

  async function send(op: Operation, input: Input, value: unknown, token: string) {
    let url = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
      input.kind === 'path' && input.name === name ? (value as string) : encodeURIComponent(pathValue(op, name)),
    );
    const query: string[] = [];
    for (const param of op.parameters.filter((x) => x.in === 'query')) {
      if (input.kind === 'query' && input.name === param.name) {
        for (const v of value as string[]) query.push(`${param.name}=${v}`);
      } else if (param.required) {
        query.push(`${param.name}=${encodeURIComponent(String(plausible(param.name, param.schema ?? {}, known())))}`);
      }
    }
    if (query.length > 0) url += `?${query.join('&')}`;
    let request = t.http[op.method](url).set(bearer(token));
    if (input.kind === 'body') {
      const { raw, contentType } = value as { raw: string; contentType: string };
      request = request.set('Content-Type', contentType).send(raw);
    } else if (op.body) {
      const body = requiredOf(op.body, known());
      if (input.kind === 'field') setAt(body, input.path, value);
      request = request.set('Content-Type', 'application/json').send(JSON.stringify(body));
    }
    return request;
  }

  function arbitraryFor(input: Input): fc.Arbitrary<unknown> {
    if (input.kind === 'path') return malformedSegment;
    if (input.kind === 'query') return malformedQueryValue;
    if (input.kind === 'body') return malformedBody;
    return malformedFor(input.schema);
  }

  /** Each edge of the input's format is sent once, as an admin (who passes every access check), before the random values. */
  function edgesFor(input: Input): ['admin', unknown][] {
    if (input.kind === 'field') return edgeCasesFor(input.schema).map((value) => ['admin', value]);
    if (input.kind === 'query') return edgeCasesFor(input.schema).map((value) => ['admin', [encodeURIComponent(String(value))]]);
    return [];
  }

  function inputsOf(op: Operation): Input[] {
    return [
      ...op.parameters.map((x) => ({ kind: x.in, name: x.name, schema: x.schema })),
      ...(op.body ? [{ kind: 'body' as const }, ...fieldsOf(op.body).map((f) => ({ kind: 'field' as const, ...f }))] : []),
    ];
  }

  beforeAll(async () => {
    t = await createTestApp();
    p = await createPartnership(t, 'fuzz');
    const post = async (path: string, body: object) => {
      const res = await t.http.post(`/api/partnerships/fuzz${path}`).set(bearer(p.memberA)).send(body);
      if (res.status !== 201) throw new Error(`seeding ${path}: ${res.status} ${res.text}`);
      return res.body.id as string;
    };
    await post('/motions', { key: 'mssp', name: 'MSSP', forecasts: { '2026-Q2': 100000 } });
    ids.meeting = await post('/meetings', { quarter: '2026-Q2', scheduledDate: '2026-05-21' });
    ids.ask = await post('/asks', { fromSide: 'A', toSide: 'B', quarterRaised: '2026-Q2', text: 'Intro to three accounts' });
    ids.decision = await post('/decisions', { meetingId: ids.meeting, kind: 'other', text: 'Meet monthly' });
    // A revision and a packet version exist, so revision and version inputs reach the rows they name.
    await post('/artifacts/2026-Q2', { asOf: '2026-07-15T00:00:00Z', notes: 'First draft' });
    await post(`/meetings/${ids.meeting}/packet`, {});

    const document = (await t.http.get('/api/docs/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'> & { requestBody?: { content: Record<string, { schema: SchemaNode }> } }>>;
    };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method as Operation['method'],
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content['application/json']?.schema,
      })),
    );

    // Every table's rows but one column written by reads: a token's last use (kept to the minute, by design).
    const columns = await t.db.dataSource.query<{ table_name: string; columns: string }[]>(
      `select c.table_name, string_agg(quote_ident(c.column_name), ', ' order by c.ordinal_position) as columns
         from information_schema.columns c
         join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name and tb.table_type = 'BASE TABLE'
        where c.table_schema = current_schema() and not (c.table_name = 'api_tokens' and c.column_name = 'last_used_at')
        group by c.table_name order by c.table_name`,
    );
    const sql = columns
      .map(
        ({ table_name, columns: list }) =>
          `select '${table_name}' as name, md5(coalesce(string_agg(r::text, E'\\n' order by r::text), '')) as hash from (select ${list} from ${JSON.stringify(table_name)}) r`,
      )
      .join(' union all ');
    fingerprint = async () =>
      Object.fromEntries((await t.db.dataSource.query<{ name: string; hash: string }[]>(sql)).map((r) => [r.name, r.hash]));
    // Any write, committed or rolled back, takes a transaction id; while none was taken the rows cannot differ.
    writeMark = async () =>
      (await t.db.dataSource.query<{ x: string }[]>('select pg_snapshot_xmax(pg_current_snapshot())::text as x'))[0].x;
  });
  afterAll(() => t?.close());

  it('reads an OpenAPI document that lists every route, with the body schemas', () => {
    expect(operations.length).toBeGreaterThanOrEqual(60);
    expect(operations.filter((op) => op.body).length).toBeGreaterThanOrEqual(20);
  });

  it('notices a stored change, and no change from a read', async () => {
    const [stored, mark] = [await fingerprint(), await writeMark()];
    await t.http.get('/api/partnerships/fuzz/asks').set(bearer(p.memberA)).expect(200);
    expect(await fingerprint()).toEqual(stored);
    await t.http.patch(`/api/partnerships/fuzz/asks/${ids.ask}`).set(bearer(p.memberA)).send({ owner: 'Sam' }).expect(200);
    expect(await writeMark()).not.toBe(mark);
    const changed = await fingerprint();
    // The ask, its audit row, and the partnership's change counter (asks feed the health figures: ADR 014).
    expect(Object.keys(changed).filter((table) => changed[table] !== stored[table]).sort()).toEqual(['asks', 'audit_log', 'partnership_changes']);
  });

  it('answers every malformed input below 500, and a refused one leaves every stored row as it was', async () => {
    const started = performance.now();
    let stored = await fingerprint();
    let mark = await writeMark();
    let requests = 0;
    const statuses = new Map<number, number>();
    for (const op of operations) {
      for (const input of inputsOf(op)) {
        const label = `${op.method.toUpperCase()} ${op.path} ${input.kind === 'field' ? input.path.join('.') : input.kind === 'body' ? 'body' : `${input.kind} ${input.name}`}`;
        await fc.assert(
          fc.asyncProperty(fc.constantFrom<'admin' | 'memberA'>('admin', 'memberA'), arbitraryFor(input), async (actor, value) => {
            const res = await send(op, input, value, p[actor]);
            requests++;
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            expect(res.status, `${label} as ${actor}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
            expect(res.text, label).not.toMatch(/\n\s+at .+:\d+:\d+/);
            if (res.status >= 400) {
              expect(res.headers['content-type'], `${label}: ${res.status}`).toMatch(/^application\/json/);
              expect(typeof res.body.message, `${label}: ${res.text.slice(0, 200)}`).toBe('string');
            }
            const nextMark = await writeMark();
            if (nextMark === mark) return;
            mark = nextMark;
            const now = await fingerprint();
            if (res.status >= 400) expect(now, `${label} as ${actor} answered ${res.status} but changed stored rows`).toEqual(stored);
            stored = now;
          }),
          // fast-check counts the examples among the runs.
          { seed, numRuns: RUNS_PER_INPUT + edgesFor(input).length, examples: edgesFor(input) },
        );
      }
    }
    const seconds = (performance.now() - started) / 1000;
    console.info(`api fuzz: ${requests} requests in ${seconds.toFixed(1)} s, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(requests).toBeGreaterThan(1000);
  }, 300_000);
});

function setAt(target: Record<string, unknown>, path: string[], value: unknown) {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null || Array.isArray(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}
