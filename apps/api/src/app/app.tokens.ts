/** Injection tokens for values that exist before Nest does. */
export const ENV = Symbol('ENV');
export const LOGGER = Symbol('LOGGER');
