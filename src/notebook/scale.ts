/**
 * Scales of every figure (FIGURES.md "Conventions"): smoke (seconds, CI: checks the pipeline runs), quick (minutes on
 * 2 cores, the default of `npm run figures`: every claim should pass) and paper (the papers' sizes). The scale
 * reaches a notebook through the TL_SCALE environment variable set by the runner; this is the one place that reads it.
 */
export type Scale = 'smoke' | 'quick' | 'paper';
export const scales: readonly Scale[] = ['smoke', 'quick', 'paper'];

/** True inside a tslab notebook kernel (interactive or under the headless runner). */
export function insideNotebook(): boolean {
  return process.argv.some((a) => a === 'kernel') && process.argv.some((a) => a.includes('tslab'));
}

let smokeNoticeShown = false;

/**
 * The active scale: TL_SCALE, or 'quick'. Throws naming the allowed values for anything else. In a notebook at smoke
 * scale the first call prints once that smoke sizes are too small to judge, so no verdict below reads as a result.
 */
export function currentScale(): Scale {
  const value = process.env.TL_SCALE ?? 'quick';
  if (!(scales as readonly string[]).includes(value)) throw new Error(`TL_SCALE: expected one of ${scales.join(', ')}, got '${value}'`);
  if (value === 'smoke' && !smokeNoticeShown && insideNotebook()) {
    smokeNoticeShown = true;
    console.log('Smoke scale: the sizes only check that the notebook runs; they are too small to judge any verdict or claim printed below.');
  }
  return value as Scale;
}

/**
 * Picks the value for the active (or given) scale: byScale({smoke: 2, quick: 20, paper: 200}). Throws naming the
 * scale when `choices` has no value for it (an undefined value counts as missing), and for a scale not in `scales`.
 */
export function byScale<T>(choices: Record<Scale, T>, scale: Scale = currentScale()): T {
  if (!(scales as readonly string[]).includes(scale)) {
    throw new Error(`scale: expected one of ${scales.map((s) => `'${s}'`).join(', ')}, got ${typeof scale === 'string' ? `'${scale}'` : String(scale)}`);
  }
  if (choices === null || typeof choices !== 'object') {
    throw new Error(`byScale: expected an object {smoke, quick, paper}, got ${String(choices)}`);
  }
  if (choices[scale] === undefined) {
    const given = Object.keys(choices).map((k) => `'${k}'`).join(', ') || 'none';
    throw new Error(`byScale: expected a value for '${scale}' (the active scale), got values for ${given} only`);
  }
  return choices[scale];
}

/** Folder for run outputs (claims, figures, executed notebooks): TL_OUT or ./out. */
export function outputDir(): string {
  return process.env.TL_OUT ?? 'out';
}
