import type { ValueTransformer } from 'typeorm';

/**
 * pg returns numeric as a string to keep precision. Forecasts and thresholds
 * are read as numbers at the edge; raw CRM amounts stay strings until the
 * metrics layer decides how to sum them.
 */
export const numericAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
