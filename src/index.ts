/**
 * transformer-limits: the researcher's vocabulary at the root (spec → table → model → train → probes; theory solvers;
 * sweeps over spec grids; analysis, plots and claims; the figures of both papers), every area in full under its
 * namespace (tl.theory, tl.data, tl.nn, tl.probes, tl.analysis, tl.sweeps, tl.spec, tl.models, tl.training, tl.plots,
 * tl.notebook, tl.backend, tl.base) and the figures' internals under tl.experiments. README "A tour of the API".
 */
// backend and base
export { initBackend, activeBackend, availableBackends, nativeKernelsActive } from './backend';
export { Random } from './base/random';
// spec → parameter table
export type * from './spec/types';
export { preset, optimizerDefaults } from './spec/presets';
export { validateSpec, specFields, architectures, presetNames } from './spec/validate';
export { resolve, parameterCount, branchMultiplier, globalLearningRate } from './spec/resolve';
export { logitScaleOf } from './spec/scales';
export { mlpActivationOf, shapedReluSlopesOf } from './spec/families';
export { describeSpec, formatTable } from './spec/describe';
// models, training, probes
export { buildVit, buildCausalLm, buildSimpleTransformer, buildShapedTransformer, buildPreLnTransformer, buildModel } from './models/builders';
export type { Model } from './models/types';
export { train, defaultDivergenceThreshold, type TrainingRecord, type TrainOptions, type TrainingBatch } from './train/loop';
export { createOptimizer } from './train/optimizers';
export { scheduleFactor } from './train/schedule';
export { pooledKernel, spatialKernel, tokenKernel, kernelDistance } from './probes/kernels';
export { attentionMaps, headVariance } from './probes/attention';
export { weightMovement, movementByGroup } from './probes/movement';
export { coordinateSizes } from './probes/coordinates';
export { probeModel } from './probes/probe';
// data
export { loadFashionMnist, fashionMnistClassNames } from './data/fashion-mnist';
export { loadImageData, imageBatches, patchGeometry } from './data/images';
export { loadTextCorpus, textBatches } from './data/text';
export { CharTokenizer } from './data/char-tokenizer';
export { BytePairTokenizer } from './data/bpe-tokenizer';
export { gaussianMixtureTask } from './data/synthetic-vectors';
export { markovChainTask } from './data/synthetic-sequences';
// theory solvers
export { simulateCovarianceChain } from './theory/covariance-chain';
export { simulateCovarianceSde } from './theory/covariance-sde';
export { simulateTwoTokenCorrelation } from './theory/correlation-sde';
export { simulateBruteForceNetwork } from './theory/brute-force-network';
export { simulatePlainMlpChain, simulatePlainMlpNetwork } from './theory/plain-mlp';
export { shapedDrift, shapedDiffusion } from './theory/shaped-coefficients';
export { meanCorrelationAt, correlationAt } from './theory/covariance-trajectories';
export { AttentionLogitLaw } from './theory/attention-logit-law';
export { infiniteHeadKernels } from './theory/infinite-head-kernels';
export { infiniteHeadLogitLaw } from './theory/infinite-head-logit-law';
export { gatedToyDmft } from './theory/gated-toy-dmft';
export { trainGatedToyNetwork } from './theory/gated-toy-network';
export { defaultWorkLimit, type LongRunOptions, type ProgressCallback } from './theory/solver-inputs';
// analysis
export { mean, variance, standardDeviation, standardError, quantile, median, ksOneSample, ksTwoSample, ksThreshold99, ksTwoSampleThreshold99, wasserstein1, normalCdf } from './analysis/statistics';
export { fitLine, fitPowerLaw } from './analysis/fit';
export { relativeSquaredError, relativeFrobeniusDistance, convergenceSlope, extrapolateToLimit } from './analysis/finite-size';
export { gaussianKde } from './analysis/kde';
export { recordsToFrame, frameToRecords, frameColumn, readCsv, writeCsv, printFrame } from './analysis/dataframe';
export { groupRows, meanOverSeeds, argminPerGroup } from './analysis/groups';
export { coordinateCheck } from './analysis/coordinate-check';
// sweeps over grids of specs
export { sweep, cachedSweepRows, type SweepOptions, type SweepResult, type SweepRecord } from './sweep/sweep';
export { expandGrid, type GridSpec } from './sweep/grid';
export { SpecGrid, type GridPoint, type SpecGridDefinition } from './sweep/spec-grid';
export { specRun, type SpecRunContext } from './sweep/spec-run';
export { notebookProgress } from './sweep/progress';
// plots, notebooks and claims
export { color, lineFigure, logLogFigure, heatmapFigure, densityFigure, smallMultiples, linspace, logspace, save, show } from './plot';
export type { Figure, Series } from './plot';
export { currentScale, byScale, scales, recordClaim, readClaims, verdictText, withinBand, outputDir, type Scale, type Claim, type ClaimInput } from './notebook';
// the figures of both papers
export { figures, figure } from './figures/registry';
export { definePaperFigure, figureOutput, type PaperFigure, type FigureOutput, type FigureRunOptions } from './experiments/figure';
export { printTables, showPlots, recordClaims } from './experiments/present';
// every area in full
export * as backend from './backend';
export * as base from './base';
export * as spec from './spec';
export * as nn from './nn';
export * as models from './models';
export * as training from './train';
export * as probes from './probes';
export * as data from './data';
export * as theory from './theory';
export * as analysis from './analysis';
export * as sweeps from './sweep';
export * as plots from './plot';
export * as notebook from './notebook';
export * as experiments from './experiments';
