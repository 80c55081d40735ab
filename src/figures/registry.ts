/**
 * tl.figures: every figure row of docs/FIGURES.md as a PaperFigure (its grid of specs per scale, its typed run, its
 * analysis), keyed by row id. Figures that share runs share one cache folder.
 */
import type { PaperFigure } from '../experiments/figure';
import { p1Figure3a } from '../experiments/p1-init/figure-3a';
import { p1Figure3b } from '../experiments/p1-init/figure-3b';
import { p1Figure3c } from '../experiments/p1-init/figure-3c';
import { p1Figure4 } from '../experiments/p1-scaled/figure-4';
import { p1Figure6a } from '../experiments/p1-scaled/figure-6a';
import { p1Figure6b } from '../experiments/p1-scaled/figure-6b';
import { p1Figure6bGap } from '../experiments/p1-scaled/figure-6b-gap';
import { p1Figure6c } from '../experiments/p1-scaled/figure-6c';
import { p1Figure6d } from '../experiments/p1-scaled/figure-6d';
import { p1Figure7a } from '../experiments/p1-lm/figure-7a';
import { p1Figure7b } from '../experiments/p1-lm/figure-7b';
import { p1Figure7c } from '../experiments/p1-lm/figure-7c';
import { p1Figure8 } from '../experiments/p1-scaled/figure-8';
import { p1Figure9and10 } from '../experiments/p1-scaled/figure-9-10';
import { p1Figure12 } from '../experiments/p1-lm/figure-12';
import { toyDmftFigure } from '../experiments/p1-init/figure-dmft';
import { p2Figure1l } from '../experiments/p2/figure-1l';
import { p2Figure1r } from '../experiments/p2/figure-1r';
import { p2FigureAbl } from '../experiments/p2/figure-abl';
import { p2FigureConv } from '../experiments/p2/figure-conv';
import { p2FigureTrain } from '../experiments/p2/figure-train';
import { vChain } from '../experiments/p2/figure-v-chain';
import { p1Figure2a } from '../experiments/p1-train/figure-2a';
import { p1Figure2b } from '../experiments/p1-train/figure-2b';
import { p1Figure5a } from '../experiments/p1-train/figure-5a';
import { p1Figure5b } from '../experiments/p1-train/figure-5b';
import { p1TableT1 } from '../experiments/p1-train/figure-t1';
import { p1TableT3 } from '../experiments/p1-train/figure-t3';
import { vSde1 } from '../experiments/p2/figure-v-sde1';

const all: PaperFigure<unknown, object, object>[] = [
  p1Figure2a,
  p1Figure2b,
  p1Figure3a,
  p1Figure3b,
  p1Figure3c,
  p1Figure4,
  p1Figure5a,
  p1Figure5b,
  p1Figure6a,
  p1Figure6b,
  p1Figure6bGap,
  p1Figure6c,
  p1Figure6d,
  p1Figure7a,
  p1Figure7b,
  p1Figure7c,
  p1Figure8,
  p1Figure9and10,
  p1Figure12,
  p2Figure1l,
  p2Figure1r,
  p2FigureAbl,
  p2FigureConv,
  p2FigureTrain,
  vChain,
  vSde1,
  toyDmftFigure,
  p1TableT1,
  p1TableT3,
];

/** The registry: row id → figure (ids as in docs/FIGURES.md, e.g. 'P1-3a'). */
export const figures: Readonly<Record<string, PaperFigure<unknown, object, object>>> = Object.freeze(Object.fromEntries(all.map((f) => [f.id, f])));

/** The figure of a row id; throws naming the nearest id. */
export function figure(id: string): PaperFigure<unknown, object, object> {
  const f = figures[id];
  if (f) return f;
  const ids = Object.keys(figures);
  const near = ids.find((k) => k.toLowerCase() === String(id).toLowerCase()) ?? ids.find((k) => k.toLowerCase().startsWith(String(id).toLowerCase().slice(0, 4)));
  throw new Error(`figure: no figure '${id}' (figures: ${ids.join(', ')}${near ? `; did you mean '${near}'?` : ''})`);
}
