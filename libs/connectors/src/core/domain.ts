/**
 * SPEC §4: lower-case, drop scheme, credentials, port, path, query, fragment,
 * a trailing dot and a leading `www.`; other subdomains stay (`eu.x.com` ≠ `x.com`).
 * Returns null for anything that is not a host name.
 */
export function normalizeDomain(value: string | null | undefined): string | null {
  if (!value) return null;
  let host = value.trim().toLowerCase();
  if (!host) return null;
  host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  host = host.replace(/^[^/?#]*@/, '');
  host = host.split(/[/?#]/, 1)[0];
  host = host.replace(/:\d*$/, '');
  host = host.replace(/\.$/, '');
  host = host.replace(/^www\./, '');
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host)) return null;
  return host;
}
