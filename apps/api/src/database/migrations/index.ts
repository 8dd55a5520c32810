import { Foundation1763900000000 } from './1763900000000-foundation.js';
import { SyncEngine1763990000000 } from './1763990000000-sync-engine.js';
import { OpportunitiesByAccount1764050000000 } from './1764050000000-opportunities-by-account.js';
import { DealGroupOverrides1764100000000 } from './1764100000000-deal-group-overrides.js';
import { MeetingScheduleDelivery1764200000000 } from './1764200000000-meeting-schedule-delivery.js';
import { PreworkPackets1764300000000 } from './1764300000000-prework-packets.js';
import { ArtifactDecisionLinks1764400000000 } from './1764400000000-artifact-decision-links.js';
import { Alerts1764500000000 } from './1764500000000-alerts.js';
import { Reconciliation1765200000000 } from './1765200000000-reconciliation.js';
import { OverrideSides1765300000000 } from './1765300000000-override-sides.js';
import { SyncLeaseHolders1765400000000 } from './1765400000000-sync-lease-holders.js';
import { PartnershipChanges1765500000000 } from './1765500000000-partnership-changes.js';

/** In order. A migration is never edited after it lands; add a new one. */
export const migrations = [
  Foundation1763900000000,
  SyncEngine1763990000000,
  OpportunitiesByAccount1764050000000,
  DealGroupOverrides1764100000000,
  MeetingScheduleDelivery1764200000000,
  PreworkPackets1764300000000,
  ArtifactDecisionLinks1764400000000,
  Alerts1764500000000,
  Reconciliation1765200000000,
  OverrideSides1765300000000,
  SyncLeaseHolders1765400000000,
  PartnershipChanges1765500000000,
];
