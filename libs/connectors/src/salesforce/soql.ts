/**
 * The fixed SOQL templates the connector sends (so a simulator can implement
 * a small parser). Datetime literals are unquoted ISO instants; ids and text
 * are quoted with backslash escapes.
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm
 */
export interface KeysetPosition {
  /** ISO instant (`…Z`) of the last row's SystemModstamp. */
  ts: string;
  id: string;
}

export const quote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** `2024-05-01T10:00:00.000Z` is already a SOQL datetime literal. */
const datetime = (iso: string) => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(iso)) throw new Error(`not an ISO instant: ${iso}`);
  return iso;
};

/** Rows after `after` in (SystemModstamp, Id) order, up to the window's end. */
export function keysetWhere(after: KeysetPosition | null, end: string): string {
  const upTo = `SystemModstamp <= ${datetime(end)}`;
  if (!after) return upTo;
  const ts = datetime(after.ts);
  return `(SystemModstamp > ${ts} OR (SystemModstamp = ${ts} AND Id > ${quote(after.id)})) AND ${upTo}`;
}

export function keysetQuery(object: string, fields: string[], after: KeysetPosition | null, end: string, limit: number): string {
  return `SELECT ${fields.join(', ')} FROM ${object} WHERE ${keysetWhere(after, end)} ORDER BY SystemModstamp ASC, Id ASC LIMIT ${limit}`;
}

export function countQuery(object: string, after: KeysetPosition | null, end: string): string {
  return `SELECT COUNT() FROM ${object} WHERE ${keysetWhere(after, end)}`;
}

export const historyFields = ['Id', 'OpportunityId', 'CreatedDate', 'StageName', 'Amount', 'CloseDate', 'Probability', 'ForecastCategory'];

export function historyQuery(opportunityIds: string[]): string {
  return `SELECT ${historyFields.join(', ')} FROM OpportunityHistory WHERE OpportunityId IN (${opportunityIds.map(quote).join(', ')}) ORDER BY CreatedDate ASC, Id ASC`;
}

/** The narrow scan reconciliation compares: every row, live or deleted, keyset-paged by Id (stable while rows change). */
export function inventoryQuery(object: string, afterId: string | null, limit: number): string {
  const where = afterId === null ? '' : ` WHERE Id > ${quote(afterId)}`;
  return `SELECT Id, SystemModstamp, IsDeleted FROM ${object}${where} ORDER BY Id ASC LIMIT ${limit}`;
}

/** Rows by id (IN lists kept small enough for a URL). */
export function byIdsQuery(object: string, fields: string[], ids: string[]): string {
  return `SELECT ${fields.join(', ')} FROM ${object} WHERE Id IN (${ids.map(quote).join(', ')})`;
}
