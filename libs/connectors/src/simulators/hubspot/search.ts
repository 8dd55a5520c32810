import type { StoredObject } from './store.js';

/**
 * The CRM search API's filter and sort semantics (filter groups are OR'ed,
 * filters inside a group AND'ed; one sort; datetimes compare as epoch ms).
 * https://developers.hubspot.com/docs/api/crm/search
 */
export interface SearchFilter {
  propertyName: string;
  operator: string;
  value?: string;
  highValue?: string;
  values?: string[];
}

export interface SearchRequest {
  filterGroups?: { filters?: SearchFilter[] }[];
  sorts?: (string | { propertyName: string; direction?: string })[];
  properties?: string[];
  limit?: number;
  after?: string | number;
}

export const searchOperators = ['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY'];

/** A property's value for comparison: numbers and instants as numbers, the rest as strings. */
function comparable(object: StoredObject, property: string): number | string | null {
  if (property === 'hs_lastmodifieddate') return object.modifiedMs;
  if (property === 'hs_object_id') return Number(object.id);
  const raw = object.properties[property];
  if (raw === null || raw === undefined || raw === '') return null;
  return toComparable(raw);
}

function toComparable(raw: string | number): number | string {
  if (typeof raw === 'number') return raw;
  if (/^-?\d+(\.\d+)?$/.test(raw.trim())) return Number(raw);
  const instant = /^\d{4}-\d{2}-\d{2}/.test(raw) ? Date.parse(raw) : NaN;
  return Number.isFinite(instant) ? instant : raw;
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

function matches(object: StoredObject, filter: SearchFilter): boolean {
  const actual = comparable(object, filter.propertyName);
  const op = filter.operator;
  if (op === 'HAS_PROPERTY') return actual !== null;
  if (op === 'NOT_HAS_PROPERTY') return actual === null;
  if (op === 'IN' || op === 'NOT_IN') {
    const inList = actual !== null && (filter.values ?? []).some((v) => compare(actual, toComparable(v)) === 0);
    return op === 'IN' ? inList : !inList;
  }
  if (actual === null) return op === 'NEQ';
  const value = toComparable(filter.value ?? '');
  const c = compare(actual, value);
  switch (op) {
    case 'EQ': return c === 0;
    case 'NEQ': return c !== 0;
    case 'LT': return c < 0;
    case 'LTE': return c <= 0;
    case 'GT': return c > 0;
    case 'GTE': return c >= 0;
    case 'BETWEEN': return c >= 0 && compare(actual, toComparable(filter.highValue ?? '')) <= 0;
    default: return false;
  }
}

export function matchesRequest(object: StoredObject, request: SearchRequest): boolean {
  const groups = request.filterGroups ?? [];
  if (!groups.length) return true;
  return groups.some((g) => (g.filters ?? []).every((f) => matches(object, f)));
}

/** One sort rule; ties (and no sort) fall back to ascending id, which keeps offset paging stable. */
export function sortObjects(objects: StoredObject[], sorts: SearchRequest['sorts']): StoredObject[] {
  const rule = sorts?.[0];
  const property = typeof rule === 'string' ? rule.replace(/^-/, '') : rule?.propertyName;
  const descending = typeof rule === 'string' ? rule.startsWith('-') : rule?.direction === 'DESCENDING';
  const byId = (a: StoredObject, b: StoredObject) => Number(a.id) - Number(b.id);
  if (!property) return objects.sort(byId);
  return objects.sort((a, b) => {
    const va = comparable(a, property);
    const vb = comparable(b, property);
    // HubSpot puts records without the property last whatever the direction.
    if (va === null || vb === null) return va === vb ? byId(a, b) : va === null ? 1 : -1;
    const c = compare(va, vb);
    return (descending ? -c : c) || byId(a, b);
  });
}
