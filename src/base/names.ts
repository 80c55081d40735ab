/**
 * Names: the edit distance behind every "nearest valid name" hint of the toolkit's input checks (spec fields in
 * src/spec/validate.ts, solver options in src/theory/solver-inputs.ts). A base module: it imports nothing, and any
 * layer may import it.
 */

/** Levenshtein distance between a and b, case-insensitive (insertions, deletions and substitutions cost 1). */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length];
}
