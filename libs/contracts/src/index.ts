export * from './domain.js';
export * from './crm-mapping.js';
export * from './partnerships.js';
export * from './asks.js';
export * from './meetings.js';
export * from './decisions.js';
export * from './motions.js';
export * from './partnership-file.js';
