import { standardCompanyProperties } from './seed.js';
import { matchesRequest, searchOperators, sortObjects, type SearchRequest } from './search.js';
import type { HubspotStore, ObjectType, StoredObject } from './store.js';
import { fail, listParam, type Reply } from './wire.js';

/**
 * The CRM v3/v4 endpoints the connector and the SDK use, with HubSpot's paging,
 * limits and partial-success (207) rules.
 * https://developers.hubspot.com/docs/api/crm/understanding-the-crm
 */
export interface RouteContext {
  store: HubspotStore;
  origin: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  associationsPageSize: number;
}

const SEARCH_MAX_LIMIT = 200;
/** Search never returns more than 10,000 results for one query. */
const SEARCH_RESULT_CAP = 10_000;
const defaultProperties: Record<ObjectType, string[]> = {
  deals: ['dealname', 'amount', 'closedate', 'pipeline', 'dealstage'],
  companies: ['name', 'domain'],
};
const alwaysReturned = ['createdate', 'hs_lastmodifieddate', 'hs_object_id'];

export function objectType(segment: string): ObjectType | null {
  if (segment === 'deals' || segment === '0-3') return 'deals';
  if (segment === 'companies' || segment === '0-2') return 'companies';
  return null;
}

const known = new WeakMap<HubspotStore, Record<ObjectType, Set<string>>>();

/** The properties a portal defines (the seed's deal properties never change while it runs). */
function knownProperties(store: HubspotStore, type: ObjectType): Set<string> {
  let sets = known.get(store);
  if (!sets) {
    const of = (declared: { name: string }[]) => new Set([...declared.map((p) => p.name), ...alwaysReturned]);
    sets = { deals: of(store.seed.properties), companies: of(standardCompanyProperties) };
    known.set(store, sets);
  }
  return sets[type];
}

/** Requested properties come back (null when empty); unknown ones are silently ignored. */
function serialize(store: HubspotStore, type: ObjectType, object: StoredObject, requested: string[], withHistory: string[] = []) {
  const known = knownProperties(store, type);
  const names = new Set([...(requested.length ? requested : defaultProperties[type]), ...alwaysReturned]);
  const properties: Record<string, string | null> = {};
  for (const name of names) if (known.has(name) || name in object.properties) properties[name] = object.properties[name] ?? null;
  const result: Record<string, unknown> = {
    id: object.id,
    properties,
    createdAt: object.createdAt,
    updatedAt: object.updatedAt,
    archived: object.archived,
  };
  if (object.archived) result.archivedAt = object.archivedAt;
  if (withHistory.length) {
    result.propertiesWithHistory = Object.fromEntries(
      withHistory.filter((n) => known.has(n) || object.history.has(n)).map((n) => [n, object.history.get(n) ?? []]),
    );
  }
  return result;
}

const intParam = (value: string | null | undefined, fallback: number): number => {
  if (value === null || value === undefined || value === '') return fallback;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : fail(400, 'VALIDATION_ERROR', `Invalid number: ${value}`);
};

/** `GET /crm/v3/objects/{type}`: pages by id; the last page has no `paging` key. */
export function listObjects(ctx: RouteContext, type: ObjectType): Reply {
  const limit = Math.min(intParam(ctx.query.get('limit'), 10), 100);
  const after = intParam(ctx.query.get('after'), 0);
  const archived = ctx.query.get('archived') === 'true';
  const all = ctx.store.byId(type);
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Number(all[mid].id) < after) lo = mid + 1;
    else hi = mid;
  }
  const page: StoredObject[] = [];
  let next: StoredObject | undefined;
  for (let i = lo; i < all.length; i++) {
    if (all[i].archived !== archived) continue;
    if (page.length === limit) {
      next = all[i];
      break;
    }
    page.push(all[i]);
  }
  const properties = listParam(ctx.query, 'properties');
  const withHistory = listParam(ctx.query, 'propertiesWithHistory');
  const body: Record<string, unknown> = { results: page.map((o) => serialize(ctx.store, type, o, properties, withHistory)) };
  if (next) body.paging = { next: { after: next.id, link: `${ctx.origin}/crm/v3/objects/${type}?after=${next.id}` } };
  return { status: 200, body };
}

/** `GET /crm/v3/objects/{type}/{id}`. */
export function getObject(ctx: RouteContext, type: ObjectType, id: string): Reply {
  const object = ctx.store.objects(type).get(id);
  const archived = ctx.query.get('archived') === 'true';
  if (!object || object.archived !== archived) {
    return fail(404, 'OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.', { context: { id: [id] } });
  }
  const properties = listParam(ctx.query, 'properties');
  return { status: 200, body: serialize(ctx.store, type, object, properties, listParam(ctx.query, 'propertiesWithHistory')) };
}

/** `POST /crm/v3/objects/{type}/search`: never archived records; offset paging capped at 10,000. */
export function searchObjects(ctx: RouteContext, type: ObjectType): Reply {
  const request = ctx.body as SearchRequest;
  const limit = intParam(request.limit === undefined ? undefined : String(request.limit), 10);
  const after = intParam(request.after === undefined ? undefined : String(request.after), 0);
  if (limit > SEARCH_MAX_LIMIT) fail(400, 'VALIDATION_ERROR', `limit must be at most ${SEARCH_MAX_LIMIT}`);
  if ((request.sorts?.length ?? 0) > 1) fail(400, 'VALIDATION_ERROR', 'Only one sort is supported');
  const known = knownProperties(ctx.store, type);
  for (const filter of (request.filterGroups ?? []).flatMap((g) => g.filters ?? [])) {
    if (!searchOperators.includes(filter.operator)) fail(400, 'VALIDATION_ERROR', `Unsupported operator ${filter.operator}`);
    if (!known.has(filter.propertyName)) {
      fail(400, 'VALIDATION_ERROR', `There was a problem with the request.`, {
        errors: [{ message: `Property '${filter.propertyName}' does not exist`, code: 'PROPERTY_DOESNT_EXIST' }],
      });
    }
  }
  // [unverified wording] HubSpot answers 400 once a query pages past its 10,000th result.
  if (after + limit > SEARCH_RESULT_CAP) {
    fail(400, 'VALIDATION_ERROR', `Search results are limited to ${SEARCH_RESULT_CAP} records: after (${after}) + limit (${limit}) exceeds it`);
  }
  // Search answers from its index, which may lag behind the latest edits (`searchLagMs`).
  const hits = sortObjects(
    ctx.store.searchable(type).filter((o) => matchesRequest(o, request)),
    request.sorts,
  );
  const page = hits.slice(after, after + limit);
  const body: Record<string, unknown> = {
    total: hits.length,
    results: page.map((o) => serialize(ctx.store, type, o, request.properties ?? [])),
  };
  if (after + page.length < hits.length) body.paging = { next: { after: String(after + page.length) } };
  return { status: 200, body };
}

const batchTimes = (store: HubspotStore) => {
  const now = new Date(store.now()).toISOString();
  return { startedAt: now, completedAt: now };
};

/** `POST /crm/v3/objects/{type}/batch/read`: 200, or 207 listing the ids it could not find. */
export function batchRead(ctx: RouteContext, type: ObjectType): Reply {
  const inputs = ctx.body.inputs;
  if (!Array.isArray(inputs)) return fail(400, 'VALIDATION_ERROR', 'inputs is required');
  if (inputs.length > 100) fail(400, 'VALIDATION_ERROR', 'Batch input size must be at most 100');
  const archived = ctx.query.get('archived') === 'true';
  const properties = (ctx.body.properties as string[] | undefined) ?? [];
  const withHistory = (ctx.body.propertiesWithHistory as string[] | undefined) ?? [];
  const results: unknown[] = [];
  const missing: string[] = [];
  for (const input of inputs as { id?: unknown }[]) {
    const id = String(input?.id ?? '');
    const object = ctx.store.objects(type).get(id);
    if (object && object.archived === archived) results.push(serialize(ctx.store, type, object, properties, withHistory));
    else missing.push(id);
  }
  const kind = type === 'deals' ? 'DEAL' : 'COMPANY';
  if (!missing.length) return { status: 200, body: { status: 'COMPLETE', results, ...batchTimes(ctx.store) } };
  const error = {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    message: `Could not get some ${kind} objects, they may be deleted or not exist. Check that ids are valid.`,
    context: { ids: missing },
  };
  return { status: 207, body: { status: 'COMPLETE', results, numErrors: 1, errors: [error], ...batchTimes(ctx.store) } };
}

const associationTypes = (primary: boolean) => [
  ...(primary ? [{ category: 'HUBSPOT_DEFINED', typeId: 5, label: 'Primary' }] : []),
  { category: 'HUBSPOT_DEFINED', typeId: 341, label: null },
];

/** `POST /crm/v4/associations/deals/companies/batch/read`: integer `toObjectId`, per-input paging, 207 for inputs without any. */
export function batchReadAssociations(ctx: RouteContext): Reply {
  const inputs = ctx.body.inputs;
  if (!Array.isArray(inputs)) return fail(400, 'VALIDATION_ERROR', 'inputs is required');
  if (inputs.length > 1000) fail(400, 'VALIDATION_ERROR', 'Batch input size must be at most 1000');
  const results: unknown[] = [];
  const errors: unknown[] = [];
  for (const input of inputs as { id?: unknown; after?: unknown }[]) {
    const id = String(input?.id ?? '');
    const companies = ctx.store.associations.get(id) ?? [];
    if (!companies.length) {
      errors.push({
        status: 'error',
        category: 'OBJECT_NOT_FOUND',
        subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
        message: `No companies are associated with deal ${id}.`,
        context: { fromObjectId: [id] },
      });
      continue;
    }
    const start = intParam(input.after === undefined ? undefined : String(input.after), 0);
    const slice = companies.slice(start, start + ctx.associationsPageSize);
    const result: Record<string, unknown> = {
      from: { id },
      to: slice.map((companyId, i) => ({ toObjectId: Number(companyId), associationTypes: associationTypes(start + i === 0) })),
    };
    const next = start + slice.length;
    if (next < companies.length) result.paging = { next: { after: String(next), link: null } };
    results.push(result);
  }
  const body: Record<string, unknown> = { status: 'COMPLETE', results, ...batchTimes(ctx.store) };
  if (!errors.length) return { status: 200, body };
  return { status: 207, body: { ...body, numErrors: errors.length, errors } };
}

/** `GET /crm/v3/pipelines/deals`: stage metadata values are strings. */
export function pipelines(ctx: RouteContext): Reply {
  const epoch = '1970-01-01T00:00:00Z';
  const results = ctx.store.seed.pipelines.map((p) => ({
    id: p.id,
    label: p.label,
    displayOrder: p.displayOrder,
    archived: false,
    createdAt: epoch,
    updatedAt: epoch,
    stages: p.stages.map((s) => ({
      ...s,
      writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT',
      archived: false,
      createdAt: epoch,
      updatedAt: epoch,
    })),
  }));
  return { status: 200, body: { results } };
}

/** `GET /crm/v3/properties/{type}`. */
export function properties(ctx: RouteContext, type: ObjectType): Reply {
  const declared = type === 'deals' ? ctx.store.seed.properties : standardCompanyProperties;
  const results = declared.map((p, i) => ({
    name: p.name,
    label: p.label,
    type: p.type,
    fieldType: p.fieldType,
    description: '',
    groupName: p.groupName ?? (type === 'deals' ? 'dealinformation' : 'companyinformation'),
    options: p.options ?? [],
    displayOrder: i,
    calculated: false,
    externalOptions: false,
    hasUniqueValue: false,
    hidden: false,
    hubspotDefined: p.hubspotDefined ?? false,
    formField: true,
    modificationMetadata: { archivable: true, readOnlyDefinition: p.hubspotDefined ?? false, readOnlyValue: false },
  }));
  return { status: 200, body: { results } };
}

/** `GET /account-info/v3/details`: the portal's company currency. */
export function accountInfo(ctx: RouteContext): Reply {
  return {
    status: 200,
    body: {
      portalId: 20261123,
      accountType: 'STANDARD',
      timeZone: 'US/Eastern',
      companyCurrency: ctx.store.seed.companyCurrency ?? 'USD',
      additionalCurrencies: [],
      utcOffset: '-05:00',
      utcOffsetMilliseconds: -18_000_000,
      uiDomain: 'app.hubspot.com',
      dataHostingLocation: 'na1',
    },
  };
}
