import { Worker } from 'node:worker_threads';
import type { DemoCrms } from '../src/cli/demo/demo-crms.js';
import type { CrmWorkerReply, CrmWorkerRequest } from './crm-worker.js';

/**
 * Edits `share` of each side's records in the CRMs the way a user would (an
 * amount changed, stamped by the CRM's own clock), spread over the whole id
 * range; returns how many per side.
 */
export function editShare(crms: DemoCrms, share: number): { A: number; B: number } {
  const pick = (side: 'A' | 'B') => {
    const all = crms.plan.deals.filter((d) => d.side === side);
    const live = all.filter((d) => !d.deleted);
    const count = Math.round(all.length * share);
    return Array.from({ length: count }, (_, i) => live[Math.floor((i * live.length) / count)]);
  };
  const a = pick('A');
  a.forEach((deal, i) => crms.salesforce.store.upsert('Opportunity', { Id: deal.crmId, Amount: 1000 + (i % 997) * 10 }));
  const b = pick('B');
  b.forEach((deal, i) => crms.hubspot.store.updateDeal(deal.crmId, { amount: String(2000 + (i % 991) * 10) }));
  return { A: a.length, B: b.length };
}

export interface BenchCrms {
  salesforceUrl: string;
  hubspotUrl: string;
  /** `editShare` in the CRMs' thread. */
  edit(share: number): Promise<{ A: number; B: number }>;
  stop(): Promise<void>;
}

/**
 * The demo CRMs (`startDemoCrms`) started in a worker thread: they answer the
 * sync over HTTP on loopback as before, but their work (answering queries,
 * serializing pages) runs beside the sync's instead of between its steps.
 */
export async function startBenchCrms(values: Record<string, string>, options: { now: Date; perSide: number }): Promise<BenchCrms> {
  const worker = new Worker(new URL('./crm-worker.js', import.meta.url), {
    workerData: { values, now: options.now.toISOString(), perSide: options.perSide },
  });
  const next = () =>
    new Promise<CrmWorkerReply>((resolve, reject) => {
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      const onMessage = (message: CrmWorkerReply) => {
        cleanup();
        if (message.kind === 'failed') reject(new Error(`the CRM simulators failed: ${message.message}`));
        else resolve(message);
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
    });
  const ready = await next();
  if (ready.kind !== 'ready') throw new Error(`the CRM simulators answered ${ready.kind} before they were ready`);
  const ask = async <K extends CrmWorkerReply['kind']>(request: CrmWorkerRequest, kind: K) => {
    const answer = next();
    worker.postMessage(request);
    const message = await answer;
    if (message.kind !== kind) throw new Error(`the CRM simulators answered ${message.kind} to ${request.kind}`);
    return message as Extract<CrmWorkerReply, { kind: K }>;
  };
  return {
    salesforceUrl: ready.salesforceUrl,
    hubspotUrl: ready.hubspotUrl,
    edit: async (share) => (await ask({ kind: 'edit', share }, 'edited')).counts,
    stop: async () => {
      await ask({ kind: 'stop' }, 'stopped');
      await worker.terminate();
    },
  };
}
