import { afterAll, expect, it } from 'vitest';
import { startSalesforceSimulator } from '../simulators/salesforce/server.js';
import { passwordConfig, syntheticSeed } from './__fixtures__/org.js';

/*
 * jsforce takes http(s)_proxy from the environment when it is first imported
 * and sends every request through it, loopback included. A proxy variable
 * pointing nowhere must not reach the connector.
 */
const saved = process.env.https_proxy;
process.env.https_proxy = 'http://127.0.0.1:9';
const { createSalesforceConnector } = await import('./salesforce.connector.js');

afterAll(() => {
  if (saved === undefined) delete process.env.https_proxy;
  else process.env.https_proxy = saved;
});

it('ignores proxy variables in the environment', async () => {
  const sim = await startSalesforceSimulator({ seed: syntheticSeed({ opportunities: 5, accounts: 1 }) });
  try {
    const c = createSalesforceConnector(passwordConfig(sim), { maxRetries: 0 });
    await c.connect();
    expect(sim.stats().requests).toEqual({ token: 1, describe: 1, query: 1 });
    await c.close();
  } finally {
    await sim.stop();
  }
});
