import { Foundation1763900000000 } from './1763900000000-foundation.js';
import { SyncEngine1763990000000 } from './1763990000000-sync-engine.js';
import { OpportunitiesByAccount1764050000000 } from './1764050000000-opportunities-by-account.js';
import { DealGroupOverrides1764100000000 } from './1764100000000-deal-group-overrides.js';

/** In order. A migration is never edited after it lands; add a new one. */
export const migrations = [
  Foundation1763900000000,
  SyncEngine1763990000000,
  OpportunitiesByAccount1764050000000,
  DealGroupOverrides1764100000000,
];
