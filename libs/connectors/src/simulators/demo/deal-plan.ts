import type { Attribution, ForecastCategory } from '@alignboard/contracts';
import { Random } from './random.js';

/**
 * A provider-neutral plan of a two-sided partnership's deals: side A lives in
 * Salesforce, side B in HubSpot. Each simulator turns the plan into its CRM's
 * own record shapes (`toSalesforceSeed`, `toHubspotSeed`). Shared deals appear
 * on both sides; some carry a cross-reference, some only match by account
 * domain, close date and amount, a few disagree (conflicts) or are ambiguous.
 */
export interface PlannedAccount {
  index: number;
  name: string;
  /** As the CRM holds it, e.g. `https://www.acme.example/` — normalizing it is the mapper's job. */
  website: string | null;
  domain: string | null;
  sfId: string;
  hsId: string;
}

export interface PlannedState {
  at: string;
  category: ForecastCategory;
  amount: number | null;
  closeDate: string;
}

export interface PlannedDeal {
  side: 'A' | 'B';
  /** Salesforce 18-character id for side A, HubSpot numeric id for side B. */
  crmId: string;
  account: PlannedAccount;
  name: string;
  currency: string;
  createdAt: string;
  /** Oldest first; the last state is the current one. */
  states: PlannedState[];
  attribution: Attribution | null;
  motion: string | null;
  /** The other side's `crmId` written in this record's partner-id field, if any. */
  partnerRecordId: string | null;
  /** The other side's `crmId` of the same deal, whether or not it is cross-referenced (for tests). */
  twin: string | null;
  deleted: boolean;
}

export interface DealPlan {
  accounts: PlannedAccount[];
  deals: PlannedDeal[];
  motions: string[];
  quarters: string[];
}

export interface PlanOptions {
  seed?: number;
  /** Opportunities per side (shared deals count on both sides). */
  perSide?: number;
  /** The instant the dataset is "now"; six quarters end with the quarter holding it. */
  now: Date;
  motions?: string[];
}

const words = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent', 'Hooli', 'Vandelay', 'Wonka', 'Gringotts', 'Oscorp', 'Massive', 'Dynamic', 'Aperture', 'Black Mesa', 'Nakatomi', 'Zorg'];
const kinds = ['Logistics', 'Health', 'Bank', 'Retail', 'Energy', 'Foods', 'Media', 'Insurance', 'Telecom', 'Labs'];
const products = ['MDR renewal', 'Firewall refresh', 'Zero-trust rollout', 'SOC expansion', 'Cloud posture', 'Endpoint upgrade', 'SASE pilot', 'Incident retainer'];

export function planDemoDeals(options: PlanOptions): DealPlan {
  const random = new Random(options.seed ?? 20261123);
  const perSide = options.perSide ?? 2100;
  const motions = options.motions ?? ['mssp-upsell', 'cloud-migration', 'smb-bundle'];
  const quarters = lastSixQuarters(options.now);
  const start = quarterStart(quarters[0]);
  const end = addDays(quarterStart(nextQuarter(quarters[quarters.length - 1])), -1);

  const accounts: PlannedAccount[] = Array.from({ length: Math.max(40, Math.round(perSide / 3.5)) }, (_, i) => {
    const name = `${words[i % words.length]} ${kinds[Math.floor(i / words.length) % kinds.length]}${i >= 200 ? ` ${Math.floor(i / 200) + 1}` : ''}`;
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const domain = i % 97 === 13 ? null : `${slug}.example`;
    const website = domain === null ? null : random.weighted({ bare: 2, https: 3, www: 3, path: 1 }) === 'bare' ? domain : random.chance(0.5) ? `https://www.${domain}/` : `http://${domain}/about`;
    return { index: i, name, website, domain, sfId: salesforceId('001', i), hsId: String(9_000_000 + i) };
  });

  const deals: PlannedDeal[] = [];
  let a = 0;
  let b = 0;
  const makeDeal = (side: 'A' | 'B', account: PlannedAccount, closeDate: string, currency: string): PlannedDeal => {
    const crmId = side === 'A' ? salesforceId('006', a++) : String(40_000_000 + b++);
    const today = options.now.toISOString().slice(0, 10);
    // Nothing is created in the future, whatever its close date.
    const createdDay = min(addDays(closeDate, -random.int(20, 160)), addDays(today, -random.int(1, 20)));
    const createdAt = isoAt(createdDay, random);
    return {
      side,
      crmId,
      account,
      name: `${account.name} — ${random.pick(products)}`,
      currency,
      createdAt: createdAt < isoAt(start, random) ? isoAt(addDays(start, -random.int(0, 60)), random) : createdAt,
      states: [],
      attribution: null,
      motion: null,
      partnerRecordId: null,
      twin: null,
      deleted: false,
    };
  };

  const sharedCount = Math.round(perSide * 0.3);
  for (let i = 0; i < perSide; i++) {
    const account = random.pick(accounts);
    const closeDate = addDays(start, random.int(0, daysBetween(start, end)));
    const amount = random.chance(0.005) ? null : roundTo(random.int(8, 400) * 1000 + random.int(0, 999), 1);
    const currencyA = random.weighted({ USD: 80, EUR: 12, GBP: 8 });
    const dealA = makeDeal('A', account, closeDate, currencyA);
    const shared = i < sharedCount;
    const inScope = shared ? random.chance(0.85) : random.chance(0.3);
    if (inScope) {
      const attribution = random.weighted({ sourced: 45, influenced: 45, none: 10 });
      dealA.attribution = attribution === 'none' ? null : attribution;
      dealA.motion = random.chance(0.035) ? pickMotion(random, motions) : null;
      if (!dealA.attribution && !dealA.motion) dealA.attribution = 'influenced';
    }
    dealA.states = evolve(random, dealA.createdAt, closeDate, amount, options.now);
    deals.push(dealA);

    if (shared) {
      const twinClose = addDays(closeDate, random.int(-25, 25));
      const twinAmount = amount === null ? null : roundTo(amount * (1 + (random.next() - 0.5) * 0.2), 1);
      const dealB = makeDeal('B', account, twinClose, currencyA === 'GBP' ? 'USD' : currencyA);
      const conflict = random.chance(0.06);
      dealB.attribution = conflict && dealA.attribution ? (dealA.attribution === 'sourced' ? 'influenced' : 'sourced') : random.chance(0.7) ? dealA.attribution : null;
      dealB.motion = conflict && dealA.motion ? motions[(motions.indexOf(dealA.motion) + 1) % motions.length] : random.chance(0.7) ? dealA.motion : null;
      dealB.states = evolve(random, dealB.createdAt, twinClose, twinAmount, options.now);
      dealA.twin = dealB.crmId;
      dealB.twin = dealA.crmId;
      const link = random.weighted({ fromA: 35, fromB: 25, none: 40 });
      if (link === 'fromA') dealA.partnerRecordId = dealB.crmId;
      if (link === 'fromB') dealB.partnerRecordId = dealA.crmId;
      deals.push(dealB);
    }
  }
  // Side B's own business fills it up to `perSide` records.
  while (b < perSide) {
    const account = random.pick(accounts);
    const closeDate = addDays(start, random.int(0, daysBetween(start, end)));
    const amount = roundTo(random.int(5, 250) * 1000, 1);
    const deal = makeDeal('B', account, closeDate, random.weighted({ USD: 85, EUR: 15 }));
    if (random.chance(0.25)) deal.attribution = random.chance(0.4) ? 'sourced' : 'influenced';
    if (random.chance(0.004)) deal.motion = pickMotion(random, motions);
    deal.states = evolve(random, deal.createdAt, closeDate, amount, options.now);
    deals.push(deal);
  }
  for (const deal of deals) if (random.chance(0.01)) deal.deleted = true;
  return { accounts, deals, motions, quarters };
}

/** A deal's path: created in pipeline, maybe upgraded, closed once its close date has passed. */
function evolve(random: Random, createdAt: string, closeDate: string, amount: number | null, now: Date): PlannedState[] {
  const nowIso = now.toISOString();
  const states: PlannedState[] = [{ at: createdAt, category: 'pipeline', amount, closeDate: addDays(closeDate, random.int(-10, 30)) }];
  const steps: ForecastCategory[] = random.chance(0.7) ? ['upside', 'commit'] : ['upside'];
  let at = createdAt;
  for (const category of steps) {
    at = isoAt(addDays(at.slice(0, 10), random.int(5, 30)), random);
    if (at >= nowIso || at.slice(0, 10) > closeDate) break;
    const prev = states[states.length - 1];
    states.push({ at, category, amount: prev.amount === null ? null : roundTo(prev.amount * (1 + (random.next() - 0.4) * 0.15), 1), closeDate });
  }
  const last = states[states.length - 1];
  const closedAt = isoAt(closeDate, random);
  if (closeDate < nowIso.slice(0, 10) && closedAt > last.at) {
    const outcome = random.weighted({ closed_won: last.category === 'commit' ? 70 : 35, closed_lost: 45, omitted: 10 }) as ForecastCategory;
    states.push({ at: closedAt, category: outcome, amount: last.amount, closeDate });
  } else if (random.chance(0.04)) {
    states.push({ at: isoAt(addDays(last.at.slice(0, 10), 3), random), category: 'omitted', amount: last.amount, closeDate: last.closeDate });
  }
  return states.filter((s) => s.at < nowIso);
}

/** 15-character base-62 id plus Salesforce's 3-character case-safe suffix. */
export function salesforceId(prefix: string, n: number): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let body = '';
  for (let i = 0, v = n; i < 12; i++, v = Math.floor(v / 62)) body = alphabet[v % 62] + body;
  const id15 = `${prefix}${body}`;
  const suffixAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) if (/[A-Z]/.test(id15[chunk * 5 + i])) bits |= 1 << i;
    suffix += suffixAlphabet[bits];
  }
  return id15 + suffix;
}

export function lastSixQuarters(now: Date): string[] {
  let year = now.getUTCFullYear();
  let q = Math.floor(now.getUTCMonth() / 3) + 1;
  const out: string[] = [];
  for (let i = 0; i < 6; i++) {
    out.unshift(`${year}-Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      year -= 1;
    }
  }
  return out;
}

const quarterStart = (q: string) => `${q.slice(0, 4)}-${String((Number(q[6]) - 1) * 3 + 1).padStart(2, '0')}-01`;
const nextQuarter = (q: string) => (q[6] === '4' ? `${Number(q.slice(0, 4)) + 1}-Q1` : `${q.slice(0, 4)}-Q${Number(q[6]) + 1}`);
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
const min = (a: string, b: string) => (a < b ? a : b);
const roundTo = (value: number, step: number) => Math.round(value / step) * step;
const isoAt = (date: string, random: Random) => `${date}T${String(random.int(8, 18)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}.000Z`;

/**
 * Joint motions are a small share of each side's business, sized so the
 * example partnership's forecasts come out near 100% for the first two
 * motions while the third barely produces: the demo shows attainment as a
 * room would see it, kill candidates included.
 */
function pickMotion(random: Random, motions: readonly string[]): string {
  const weights = motions.map((_, i) => [55, 43, 2][i] ?? 10);
  let x = random.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < motions.length; i++) if ((x -= weights[i]) < 0) return motions[i];
  return motions[motions.length - 1];
}
