/**
 * Showing and saving figures. `show(fig)` displays a static PNG inline in a tslab notebook (and, when the notebook
 * runner set TL_FIGURE_DIR, also writes it there); `save(fig, path)` writes .png, .svg or a self-contained .html.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Figure } from './figure';
import { readableFigure } from './labels';
import { plotlyPath, renderFigure } from './render';

let counter = 0;

function tslabDisplay(): { png(b: Uint8Array): void; html(s: string): void; markdown(s: string): void } | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('tslab').display;
  } catch {
    return null;
  }
}

/** A file-name-safe slug. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/<[^>]*>/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'figure';
}

/** Self-contained interactive HTML (plotly.js inlined, works offline). */
export function figureHtml(shown: Figure, inlinePlotly = true): string {
  const figure = readableFigure(shown);
  const id = `plot-${++counter}`;
  const lib = inlinePlotly ? `<script>${readFileSync(plotlyPath(), 'utf8')}</script>` : '';
  return `${lib}<div id="${id}"></div><script>Plotly.newPlot(${JSON.stringify(id)}, ${JSON.stringify(figure.data)}, ${JSON.stringify(figure.layout)});</script>`;
}

/** Writes a figure to `path`; the extension picks the format: .png, .svg or .html (.html needs no browser). */
export async function save(figure: Figure, path: string): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  const ext = extname(path).toLowerCase();
  if (ext === '.html') {
    writeFileSync(path, `<!doctype html><html><head><meta charset="utf-8"></head><body>${figureHtml(figure)}</body></html>`);
  } else if (ext === '.png' || ext === '.svg') {
    writeFileSync(path, await renderFigure(figure, ext === '.png' ? 'png' : 'svg', ext === '.png' ? 2 : 1));
  } else {
    throw new Error(`path: expected a .png, .svg or .html file name, got '${basename(path)}'`);
  }
  return path;
}

export interface ShowOptions {
  /** Name of the image file written to TL_FIGURE_DIR (default: the figure title or a counter). */
  name?: string;
  /** Emit interactive Plotly HTML instead of a static image. */
  interactive?: boolean;
}

/**
 * Displays a figure in the notebook as a static PNG (or interactive HTML) and, under the notebook runner, writes it
 * to TL_FIGURE_DIR as `<notebook>--<name>.png`. Outside a tslab kernel (a script) it only writes the file, when
 * TL_FIGURE_DIR is set. Returns the written path, if any.
 */
export async function show(figure: Figure, options: ShowOptions = {}): Promise<string | null> {
  const display = tslabDisplay();
  const png = (await renderFigure(figure, 'png', 1.5)) as Buffer;
  try {
    if (options.interactive && display) display.html(figureHtml(figure));
    else if (display) display.png(new Uint8Array(png));
  } catch {
    /* tslab is installed but this is not a kernel ("Not ready", e.g. a plain node script): nothing to display */
  }
  const dir = process.env.TL_FIGURE_DIR;
  if (!dir) return null;
  mkdirSync(dir, { recursive: true });
  const title = typeof figure.layout.title === 'object' && figure.layout.title ? String((figure.layout.title as { text?: string }).text ?? '') : '';
  const prefix = process.env.TL_NOTEBOOK ? `${process.env.TL_NOTEBOOK}--` : '';
  const path = join(dir, `${prefix}${slug(options.name ?? (title || `figure-${++counter}`))}.png`);
  writeFileSync(path, png);
  return path;
}
