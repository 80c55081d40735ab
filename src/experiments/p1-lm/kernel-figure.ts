/**
 * The analysis P1-7b and P1-7c share (docs/FIGURES.md P1-7b, P1-7c): heat maps of seed-averaged kernels (initial,
 * final α_A = 1, final α_A = ½ per member), the distance d(K̄(α_A = 1), K̄(α_A = ½)) of every member with its
 * jackknife SE, and the claims that it is largest for the N-scaled model (kernel-claims.ts). Only the kernel differs:
 * the final-token kernel across probe sequences (7b) or the token × token kernel of probe 0 (7c).
 */
import type { SweepRecord, SweepResult } from '../../sweep/sweep';
import { figureOutput, type FigureOutput } from '../figure';
import type { LmKernelKind } from './analysis';
import { lmFamilyRuns, lmSweepNotes, orderedMembers } from './family';
import { alphaKernelClaims, alphaKernelDistanceFigure, alphaKernelDistances } from './kernel-claims';
import { lmKernelHeatmaps } from './plots';
import { p1LmDataLabel } from './run';

/** What distinguishes 7b from 7c: the kernel, its words, and the titles of the two plots. */
export interface LmKernelFigureOptions {
  figure: 'P1-7b' | 'P1-7c';
  kind: LmKernelKind;
  kernelLabel: string;
  kernelDescription: string;
  /** The probes the kernel is taken on, for the plot note (given the probe count). */
  probes: (probeCount: number) => string;
  heatmapTitle: string;
  heatmapName: string;
  distanceTitle: string;
}

/** Heat maps, the distance per member (table and plot) and the two claims of P1-7b or P1-7c. */
export function analyseKernelFigure(records: SweepRecord[], swept: SweepResult, options: LmKernelFigureOptions): FigureOutput {
  const { family, runs, notOk } = lmFamilyRuns(records);
  const ordered = orderedMembers(family);
  const out = figureOutput();
  out.notes.push(...lmSweepNotes(family, swept, notOk));
  const note = `data: ${p1LmDataLabel}; ${options.probes(family.probeCount)}, context ${family.context}; seed mean of ${family.seeds} seeds, ${family.steps} steps`;
  out.plots.push({ name: options.heatmapName, figure: lmKernelHeatmaps(runs, ordered, options.kind, { title: `${options.heatmapTitle}<br><sub>${note}</sub>` }) });
  const rows = alphaKernelDistances(runs, ordered, options.kind);
  out.frames.push({
    name: 'd(K̄(αA=1), K̄(αA=½)) per model, ± jackknife SE over seeds',
    rows: rows.map((r) => ({ member: r.member, initial: +r.initial.value.toFixed(4), initialSE: +r.initial.error.toFixed(4), final: +r.final.value.toFixed(4), finalSE: +r.final.error.toFixed(4) })),
  });
  out.plots.push({ name: 'alpha-distance', figure: alphaKernelDistanceFigure(rows, { title: options.distanceTitle, note }) });
  const claims = alphaKernelClaims({
    figure: options.figure, kernelLabel: options.kernelLabel, kernelDescription: options.kernelDescription, runs, members: ordered, family, kind: options.kind, rows,
  });
  out.notes.push(...claims.notes);
  out.claims.push(...claims.claims);
  return out;
}
