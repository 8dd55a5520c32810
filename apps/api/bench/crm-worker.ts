import { parentPort, workerData } from 'node:worker_threads';
import { startDemoCrms } from '../src/cli/demo/demo-crms.js';
import { editShare } from './bench-crms.js';

/**
 * The simulated CRMs on a thread of their own (see `startBenchCrms`): a real
 * CRM answers from its own machine, so its work should not queue behind the
 * sync's on one event loop.
 */
export type CrmWorkerRequest = { kind: 'edit'; share: number } | { kind: 'stop' };
export type CrmWorkerReply =
  | { kind: 'ready'; salesforceUrl: string; hubspotUrl: string }
  | { kind: 'edited'; counts: { A: number; B: number } }
  | { kind: 'stopped' }
  | { kind: 'failed'; message: string };

const port = parentPort!;
const { values, now, perSide } = workerData as { values: Record<string, string>; now: string; perSide: number };
const reply = (message: CrmWorkerReply) => port.postMessage(message);

try {
  const crms = await startDemoCrms(values, { now: new Date(now), perSide, usualPorts: false });
  port.on('message', (request: CrmWorkerRequest) => {
    void (async () => {
      try {
        if (request.kind === 'edit') reply({ kind: 'edited', counts: editShare(crms, request.share) });
        else {
          await crms.stop();
          reply({ kind: 'stopped' });
          port.close();
        }
      } catch (error) {
        reply({ kind: 'failed', message: (error as Error)?.stack ?? String(error) });
      }
    })();
  });
  reply({ kind: 'ready', salesforceUrl: crms.salesforceUrl, hubspotUrl: crms.hubspotUrl });
} catch (error) {
  reply({ kind: 'failed', message: (error as Error)?.stack ?? String(error) });
}
