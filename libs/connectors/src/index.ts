/**
 * CRM connectors: Salesforce through jsforce, HubSpot through @hubspot/api-client,
 * behind one `CrmConnector` interface, and the wire-faithful simulators the tests
 * and the demo use. No Nest, no TypeORM: the API's sync module drives these.
 */
export * from './core/crm-connector.js';
export * from './core/errors.js';
export * from './core/normalized.js';
export * from './core/domain.js';
