/**
 * HubSpot records as the client hands them to the rest of the connector:
 * plain JSON (instants as ISO strings), otherwise untouched, so the mapper's
 * zod schema sees exactly what HubSpot sent.
 */
export interface RawHistoryEntry {
  value: unknown;
  timestamp: string | null;
  sourceType: unknown;
}

export interface RawObject {
  id: string;
  /** HubSpot sends strings (or null); anything else is a malformed record for the mapper to reject. */
  properties: Record<string, unknown>;
  createdAt: string | null;
  updatedAt: string | null;
  archived: boolean;
  archivedAt: string | null;
  /** Newest first, as HubSpot returns it. */
  propertiesWithHistory?: Record<string, RawHistoryEntry[]>;
}

export interface RawAssociation {
  companyId: string;
  /** Association type 5, "Primary" deal-to-company. */
  primary: boolean;
}

export interface RawPipeline {
  id: string;
  label: string;
  stages: { id: string; label: string; metadata: Record<string, unknown> }[];
}

export interface RawProperty {
  name: string;
  type: string;
}
