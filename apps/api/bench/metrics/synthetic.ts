/**
 * Seeded synthetic opportunities for `bench:metrics`: the same sizes give the
 * same records on every run and machine.
 *
 * Per partnership: side A in Salesforce (18-character ids), side B in HubSpot;
 * 10% of deals shared (a record on each side): four in five linked by a
 * cross-reference (B naming A's 18-character id, or A naming B's), one in five
 * only by the heuristic match (same domain, close dates and amounts close, a
 * single candidate each way); a few ambiguous clusters (two A records and one
 * B record on one domain) that stay apart as possible duplicates. Categories
 * follow the close date against `asOf`; attributions, 3–5 motions (values
 * spelled with stray case and spaces, some unknown), deleted records, missing
 * amounts, conflicting members. Amounts in base currency with cents.
 */
import {
  quarterBounds,
  quarterOf,
  shiftQuarter,
  type DealRecord,
  type FiscalCalendar,
  type MotionDefinition,
  type MotionPlan,
  type QuarterBounds,
  type RecordEncoding,
} from '@alignboard/metrics';
import type { Attribution, ForecastCategory } from '@alignboard/contracts';

export const PARTNERSHIPS = 50;
export const QUARTERS = 12;
/** The instant every figure is asked for (and the records reflect): in the last quarter of most calendars. */
export const AS_OF_MS = Date.UTC(2026, 10, 20);
const DAY = 86_400_000;
const FIRST_CREATED_MS = Date.UTC(2023, 6, 1);
const SHARED_SHARE = 0.1;
const HEURISTIC_SHARE = 0.2;
const AMBIGUOUS_SHARE = 0.001;

/** `YYYY-MM-DD` of a UTC instant, cached by day (formatting dates was a fifth of the generation time). */
const dayStrings = new Map<number, string>();
function isoDate(ms: number): string {
  const day = Math.floor(ms / DAY);
  let text = dayStrings.get(day);
  if (text === undefined)
    dayStrings.set(day, (text = new Date(day * DAY).toISOString().slice(0, 10)));
  return text;
}
const two = (n: number) => (n < 10 ? `0${n}` : String(n));
/** An ISO instant to the second. */
function isoInstant(ms: number): string {
  const seconds = Math.floor((ms % DAY) / 1000);
  return `${isoDate(ms)}T${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}.000Z`;
}

/** A small, fast, seeded generator (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const calendars: FiscalCalendar[] = [
  { startMonth: 1, namedBy: 'start' },
  { startMonth: 2, namedBy: 'end' },
  { startMonth: 4, namedBy: 'start' },
  { startMonth: 7, namedBy: 'end' },
  { startMonth: 11, namedBy: 'end' },
];
const motionCatalogue = ['co-sell', 'marketplace', 'referral', 'services-led', 'joint-webinar'];

export interface SyntheticPartnership {
  index: number;
  key: string;
  calendar: FiscalCalendar;
  bookingSide: 'A' | 'B';
  encoding: RecordEncoding;
  motions: MotionDefinition[];
  /** The 12 quarters asked for, oldest first. */
  quarters: QuarterBounds[];
  /** Per quarter, the motions' plans as `quarterMetrics` builds them. */
  plans: MotionPlan[][];
  records: DealRecord[];
}

/** Deterministic per size and partnership: partnerships can be built (and dropped) one at a time. */
export function syntheticPartnership(size: number, index: number): SyntheticPartnership {
  const random = prng(Math.imul(size, 2654435761) ^ Math.imul(index + 1, 40503));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const key = `bench-${String(index).padStart(2, '0')}`;
  const calendar = calendars[index % calendars.length];
  const first = quarterOf(Date.UTC(2024, 0, 1), calendar);
  const quarters = Array.from({ length: QUARTERS }, (_, q) =>
    quarterBounds(shiftQuarter(first, q), calendar),
  );
  const motionCount = 3 + (index % 3);
  const total = Math.floor(size / PARTNERSHIPS) + (index < size % PARTNERSHIPS ? 1 : 0);

  // Counts: 2 records per shared deal, 3 per ambiguous cluster, 1 per single.
  const shared = Math.round((total * SHARED_SHARE) / (1 + SHARED_SHARE));
  const ambiguous = Math.round((total * AMBIGUOUS_SHARE) / 3);
  const singles = total - 2 * shared - 3 * ambiguous;
  const deals = singles + shared + ambiguous;

  const meanAmount = 40_000;
  const perQuarterPerMotion = ((deals * 0.67) / motionCount / 13.5) * meanAmount;
  const motions: MotionDefinition[] = motionCatalogue.slice(0, motionCount).map((k, m) => ({
    key: k,
    name: k.replace(
      /(^|-)(\w)/g,
      (_, dash: string, c: string) => `${dash ? ' ' : ''}${c.toUpperCase()}`,
    ),
    status: m === motionCount - 1 && index % 5 === 0 ? 'killed' : 'active',
    forecasts: Object.fromEntries(
      quarters.map((q) => {
        const forecast = Math.round(perQuarterPerMotion * (0.7 + random() * 0.7));
        return [
          q.quarter,
          { forecast, stretch: random() < 0.5 ? Math.round(forecast * 1.3) : null },
        ];
      }),
    ),
  }));
  const plans = quarters.map((q) =>
    motions.map((m) => ({
      key: m.key,
      name: m.name,
      status: m.status,
      forecast: m.forecasts[q.quarter]?.forecast ?? null,
      stretch: m.forecasts[q.quarter]?.stretch ?? null,
    })),
  );

  const a: DealRecord[] = [];
  const b: DealRecord[] = [];
  const sfId = (n: number) => `006${n.toString(36).toUpperCase().padStart(12, '0')}AAQ`;
  const hsId = (n: number) => String(20_000_000_000 + n);
  const amount = () => {
    // Log-normal around 25k (mean ≈ 40k), with cents.
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.round(Math.min(5_000_000, Math.max(500, 25_000 * Math.exp(normal))) * 100) / 100;
  };
  const category = (closeMs: number): ForecastCategory | null => {
    const r = random();
    if (r < 0.003) return null;
    if (closeMs < AS_OF_MS)
      return r < 0.4
        ? 'closed_won'
        : r < 0.85
          ? 'closed_lost'
          : r < 0.89
            ? 'pipeline'
            : r < 0.92
              ? 'upside'
              : r < 0.95
                ? 'commit'
                : 'omitted';
    return r < 0.42
      ? 'pipeline'
      : r < 0.64
        ? 'upside'
        : r < 0.84
          ? 'commit'
          : r < 0.9
            ? 'omitted'
            : r < 0.97
              ? 'closed_won'
              : 'closed_lost';
  };
  const attribution = (): Attribution | null => {
    const r = random();
    return r < 0.3 ? 'sourced' : r < 0.7 ? 'influenced' : null;
  };
  const motion = (): string | null => {
    const r = random();
    if (r < 0.3) return null;
    if (r < 0.33) return 'legacy-program'; // no motion's key: counted as none, with a warning
    const k = pick(motions).key;
    return r < 0.4 ? `  ${k.toUpperCase()} ` : k;
  };

  // Creation times rise with the deal number (CRM ids roughly follow creation).
  const span = AS_OF_MS - FIRST_CREATED_MS;
  let accountDomains = 0;
  const record = (
    side: 'A' | 'B',
    list: DealRecord[],
    createdMs: number,
    closeMs: number,
    amountValue: number | null,
    domain: string | null,
  ): DealRecord => {
    const n = list.length;
    const r: DealRecord = {
      id: `${key}-${side}-${n}`,
      side,
      crmId: side === 'A' ? sfId(n) : hsId(n),
      partnerRecordId: null,
      domain,
      amount: amountValue,
      closeDate: isoDate(closeMs),
      category: category(closeMs),
      attribution: attribution(),
      motion: motion(),
      createdAt: isoInstant(createdMs),
      deleted: random() < 0.01,
    };
    list.push(r);
    return r;
  };
  const sideDomain = (side: string) =>
    random() < 0.2 ? null : `${side}${Math.floor(random() * (deals / 8 + 1))}.${key}.example`;

  const kinds = new Uint8Array(deals); // 0 single, 1 shared by reference, 2 shared by heuristic, 3 ambiguous
  for (let d = singles; d < deals; d++)
    kinds[d] = d < singles + shared ? (random() < HEURISTIC_SHARE ? 2 : 1) : 3;
  for (let d = deals - 1; d > 0; d--) {
    const j = Math.floor(random() * (d + 1));
    [kinds[d], kinds[j]] = [kinds[j], kinds[d]];
  }
  for (let d = 0; d < deals; d++) {
    const createdMs =
      FIRST_CREATED_MS + Math.floor((((d + random()) / deals) * span) / 1000) * 1000;
    const closeMs = Math.floor((createdMs + (14 + random() * 316) * DAY) / DAY) * DAY;
    const value = amount();
    const kind = kinds[d];
    if (kind === 0) {
      const side = random() < 0.5 ? 'A' : 'B';
      record(
        side,
        side === 'A' ? a : b,
        createdMs,
        closeMs,
        random() < 0.003 ? null : value,
        sideDomain(side.toLowerCase()),
      );
      continue;
    }
    if (kind === 3) {
      // Two A records and one B record alike on one domain: several candidates, none linked.
      const domain = `amb${d}.${key}.example`;
      record('A', a, createdMs, closeMs, value, domain);
      record('A', a, createdMs + DAY, closeMs + 3 * DAY, Math.round(value * 102) / 100, domain);
      record('B', b, createdMs + 2 * DAY, closeMs + 6 * DAY, Math.round(value * 99) / 100, domain);
      continue;
    }
    const domain =
      kind === 2
        ? `deal${d}.${key}.example`
        : `c${accountDomains++ % Math.max(1, Math.floor(deals / 8))}.${key}.example`;
    const other = Math.round(value * (95 + random() * 10)) / 100;
    const otherClose = closeMs + Math.floor((random() * 2 - 1) * (kind === 2 ? 20 : 10)) * DAY;
    const ra = record('A', a, createdMs, closeMs, value, domain);
    const rb = record(
      'B',
      b,
      createdMs + Math.floor(random() * 5 * DAY),
      otherClose,
      other,
      domain,
    );
    ra.deleted = rb.deleted = false;
    // Members mostly agree; a few disagree (a conflict) or one side has no value.
    const r = random();
    rb.attribution =
      r < 0.85
        ? ra.attribution
        : r < 0.95
          ? null
          : ra.attribution === 'sourced'
            ? 'influenced'
            : 'sourced';
    const s = random();
    rb.motion = s < 0.85 ? ra.motion : s < 0.95 ? null : pick(motions).key;
    if (kind === 1) {
      if (random() < 0.6) rb.partnerRecordId = ra.crmId;
      else ra.partnerRecordId = rb.crmId;
    }
  }
  return {
    index,
    key,
    calendar,
    bookingSide: index % 2 === 0 ? 'A' : 'B',
    encoding: {
      providers: { A: 'salesforce', B: 'hubspot' },
      motionKeys: motions.map((m) => m.key),
    },
    motions,
    quarters,
    plans,
    records: a.concat(b),
  };
}
