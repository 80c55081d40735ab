/**
 * Scales of every figure (FIGURES.md "Conventions"): smoke (seconds, CI: checks the pipeline runs), quick (minutes on
 * 2 cores, the default of `npm run figures`: every claim should pass) and paper (the papers' sizes). The scale
 * reaches a notebook through the TL_SCALE environment variable set by the runner; this is the one place that reads it.
 */
export type Scale = 'smoke' | 'quick' | 'paper';
export const scales: readonly Scale[] = ['smoke', 'quick', 'paper'];

/** The active scale: TL_SCALE, or 'quick'. Throws naming the allowed values for anything else. */
export function currentScale(): Scale {
  const value = process.env.TL_SCALE ?? 'quick';
  if (!(scales as readonly string[]).includes(value)) throw new Error(`TL_SCALE: expected one of ${scales.join(', ')}, got '${value}'`);
  return value as Scale;
}

/** Picks the value for the active (or given) scale: byScale({smoke: 2, quick: 20, paper: 200}). */
export function byScale<T>(choices: Record<Scale, T>, scale: Scale = currentScale()): T {
  return choices[scale];
}

/** Folder for run outputs (claims, figures, executed notebooks): TL_OUT or ./out. */
export function outputDir(): string {
  return process.env.TL_OUT ?? 'out';
}
