/**
 * @alignboard/connectors — the CRM connectors (Salesforce, HubSpot) behind one
 * `CrmConnector` interface, their pure mappers from a provider's raw record to a
 * normalized opportunity (SPEC §2–§3), the small error-code set provider errors
 * become, and wire-faithful CRM simulators for tests and the demo.
 *
 * No Nest and no database here: the API's sync drives a connector and writes
 * what it returns. Later issues fill this file with named re-exports.
 */
export {};
