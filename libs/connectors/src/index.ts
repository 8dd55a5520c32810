/**
 * CRM connectors: Salesforce through jsforce, HubSpot through @hubspot/api-client,
 * behind one `CrmConnector` interface, and the wire-faithful simulators the tests
 * and the demo use. No Nest, no TypeORM: the API's sync module drives these.
 */
export * from './core/crm-connector.js';
export * from './core/errors.js';
export * from './core/normalized.js';
export * from './core/domain.js';
export { inChunks } from './shared/in-chunks.js';
export { VirtualClock } from './simulators/virtual-clock.js';
export { Random } from './simulators/demo/random.js';
export { createHubspotConnector, type HubspotConnectorOptions } from './hubspot/hubspot.connector.js';
export { startHubspotSimulator, type HubspotSimulator, type HubspotSimulatorOptions, type HubspotSimulatorCredentials, type HubspotSimulatorStats } from './simulators/hubspot/server.js';
export { toHubspotSeed, partnerDealPipeline, type HubspotSeedMapping } from './simulators/hubspot/demo-seed.js';
export * from './simulators/hubspot/seed.js';
export type { HubspotFault } from './simulators/hubspot/faults.js';
export type { HubspotStore } from './simulators/hubspot/store.js';
export { createSalesforceConnector, type SalesforceConnectorOptions } from './salesforce/salesforce.connector.js';
export { startSalesforceSimulator, type SalesforceSimulator, type SalesforceSimulatorOptions, type SalesforceSimulatorCredentials, type SalesforceSimulatorStats } from './simulators/salesforce/server.js';
export { toSalesforceSeed, salesforceMappingFor, demoSalesforceFields, demoOpportunityStages, type SalesforceSeedFields } from './simulators/salesforce/demo-seed.js';
export * from './simulators/salesforce/seed.js';
export type { SalesforceFault } from './simulators/salesforce/faults.js';
export type { SalesforceStore } from './simulators/salesforce/store.js';
export { planDemoDeals, salesforceId, type DealPlan, type PlannedDeal, type PlannedAccount, type PlannedState, type PlanOptions } from './simulators/demo/deal-plan.js';
