import { Foundation1763900000000 } from './1763900000000-foundation.js';

/** In order. A migration is never edited after it lands; add a new one. */
export const migrations = [Foundation1763900000000];
