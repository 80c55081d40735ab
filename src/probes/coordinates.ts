/**
 * Coordinate sizes ⟨|x|⟩ of every activation of a probe pass (the statistic of μP coordinate checks; THEORY.md §2.9).
 */
import { meanAbsolute, meanAbsoluteDifference } from './read';
import type { InternalsSnapshot } from './snapshot';

/**
 * Named arrays of a snapshot: the model's own activations under their names, plus 'stream.ℓ' (residual after the
 * read-in, ℓ = 0, and after block ℓ), 'blockℓ.queries', 'blockℓ.keys', 'blockℓ.attentionLogits',
 * 'blockℓ.attentionMatrix' (ℓ = 1…L, as in table rows), 'features' and 'output', unless the model already uses the name.
 */
export function namedActivations(snapshot: InternalsSnapshot): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const [name, x] of Object.entries(snapshot.activations)) out[name] = x.values;
  const add = (name: string, values: Float64Array) => {
    if (!(name in out)) out[name] = values;
  };
  snapshot.residual.forEach((x, l) => add(`stream.${l}`, x.values));
  snapshot.queries.forEach((x, l) => add(`block${l + 1}.queries`, x.values));
  snapshot.keys.forEach((x, l) => add(`block${l + 1}.keys`, x.values));
  snapshot.logits.forEach((x, l) => add(`block${l + 1}.attentionLogits`, x.values));
  snapshot.attention.forEach((x, l) => add(`block${l + 1}.attentionMatrix`, x.values));
  add('features', snapshot.features.values);
  add('output', snapshot.output.values);
  return out;
}

/** ⟨|x|⟩ = (1/P) Σ_i |x_i| for every named activation of the snapshot (names as in namedActivations). */
export function coordinateSizes(snapshot: InternalsSnapshot): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, values] of Object.entries(namedActivations(snapshot))) out[name] = meanAbsolute(values);
  return out;
}

/** ⟨|x(t) − x(0)|⟩ for every named activation present in both snapshots (the μP check on changes from init). */
export function coordinateChanges(current: InternalsSnapshot, reference: InternalsSnapshot): Record<string, number> {
  const now = namedActivations(current);
  const before = namedActivations(reference);
  const out: Record<string, number> = {};
  for (const [name, values] of Object.entries(now)) {
    const initial = before[name];
    if (initial !== undefined && initial.length === values.length) out[name] = meanAbsoluteDifference(values, initial);
  }
  return out;
}
