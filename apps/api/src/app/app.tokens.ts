/** Injection tokens for values that exist before Nest does. */
export const ENV = Symbol('ENV');
export const LOGGER = Symbol('LOGGER');
/** Whether this process runs scheduled work (serve, demo) or not (CLI commands, tests). */
export const SCHEDULING = Symbol('SCHEDULING');
