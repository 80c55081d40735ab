/**
 * A figure's output in a notebook: the notes and tables printed, the plots shown (and written under the runner), the
 * claims recorded (docs/FIGURES.md "Figures as spec grids"). Three calls, so a notebook can put each in its own cell.
 */
import { show } from '../plot/show';
import { recordClaim, type Claim } from '../notebook/claims';
import type { FigureOutput } from './figure';

/** Prints the notes, then each table under its name (console.table). */
export function printTables(output: FigureOutput): void {
  for (const line of output.notes) console.log(line);
  for (const f of output.frames) {
    console.log(`${f.name}:`);
    console.table(f.rows);
  }
}

/** Shows every plot in order (tl.show, named so the runner writes <notebook>--<name>.png). */
export async function showPlots(output: FigureOutput): Promise<void> {
  for (const p of output.plots) await show(p.figure, { name: p.name });
}

/** Records every claim (pass/fail against its band, appended to claims.jsonl, printed) and returns them. */
export function recordClaims(output: FigureOutput): Claim[] {
  return output.claims.map((c) => recordClaim(c));
}
