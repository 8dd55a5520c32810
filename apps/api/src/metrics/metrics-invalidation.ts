import { Global, Injectable, Module } from '@nestjs/common';

type Listener = (partnershipId: string) => void;

/**
 * Tells the figures' cache that a partnership's records changed in this
 * process (a sync run wrote pages), so it refreshes before anyone asks.
 * Global and dependency-free, so a writer can call it without importing the
 * metrics module. Changes from other processes are caught by the cache's
 * own staleness check at each request.
 */
@Injectable()
export class MetricsInvalidation {
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  recordsChanged(partnershipId: string): void {
    for (const listener of this.listeners) listener(partnershipId);
  }
}

@Global()
@Module({ providers: [MetricsInvalidation], exports: [MetricsInvalidation] })
export class MetricsInvalidationModule {}
