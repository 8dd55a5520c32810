/**
 * Okabe–Ito colours: distinguishable with the common colour-vision deficiencies and on a washed-out
 * projector. Colour never carries meaning alone: every series also has a label, a legend entry or a
 * dash pattern. The one palette of the screen, the PDFs, the pages and the emails; the dashboard's
 * stylesheet names the same values (styles.css `--closed-won` …).
 */
export const palette = {
  closedWon: '#009E73',
  commit: '#0072B2',
  upside: '#E69F00',
  pipeline: '#56B4E9',
  sourced: '#0072B2',
  influenced: '#E69F00',
  kill: '#D55E00',
  atRisk: '#E69F00',
  onTrack: '#0072B2',
  forecast: '#1b1f24',
  ink: '#1b1f24',
  muted: '#4a5562',
  grid: '#d5d9df',
  /** Text on paper: the series colours are for marks; a flag's words need 4.5:1 (WCAG AA). */
  warn: '#6b4a00',
  warnBackground: '#fff4d6',
  error: '#b3261e',
  errorBackground: '#fdecea',
  tint: '#eef2f8',
} as const;

/** The four parts of the joint number, in stacking order (bottom first: what is already won). */
export const categorySeries = [
  { key: 'closedWon', label: 'Closed won', color: palette.closedWon },
  { key: 'commit', label: 'Commit', color: palette.commit },
  { key: 'upside', label: 'Upside', color: palette.upside },
  { key: 'pipeline', label: 'Pipeline', color: palette.pipeline },
] as const;
