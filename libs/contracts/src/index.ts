export * from './domain.js';
export * from './crm-mapping.js';
export * from './partnerships.js';
