/**
 * `44.8%`: every ratio in every view. A ratio with no denominator (null) is `—`, never `NaN%` or
 * `Infinity%`. `trim` drops trailing zeros (`20%`, `6.5%`) where a sentence reads better without
 * them (the one-pager).
 */
export function formatRatio(value: number | null | undefined, fractionDigits = 1, zeros: 'keep' | 'trim' = 'keep'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  // A tiny negative rounds to "-0.0": there is no negative zero share.
  const fixed = (value * 100).toFixed(fractionDigits).replace(/^-(?=0(\.0*)?$)/, '');
  const text = zeros === 'trim' && fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
  return `${text}%`;
}
