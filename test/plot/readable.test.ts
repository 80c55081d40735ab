import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { classOrder, closePlots, heatmapFigure, lineFigure, logLogFigure, mathText, missingErrorNote, readableFigure, save, smallMultiples, type Figure } from '../../src/plot';

afterAll(async () => closePlots());

/** Every string a reader sees: titles, axis titles, annotations, legend names, colour-bar titles, tick labels. */
function visibleText(figure: Figure): string[] {
  const out: string[] = [];
  const title = (t: unknown) => (typeof t === 'string' ? t : (t as { text?: string } | undefined)?.text);
  out.push(title(figure.layout.title) ?? '');
  for (const [key, value] of Object.entries(figure.layout)) {
    if (/^(xaxis|yaxis|coloraxis)\d*$/.test(key) && value && typeof value === 'object') {
      const v = value as { title?: unknown; ticktext?: string[]; colorbar?: { title?: unknown } };
      out.push(title(v.title) ?? '', ...(v.ticktext ?? []), title(v.colorbar?.title) ?? '');
    }
  }
  for (const a of (figure.layout.annotations as { text: string }[] | undefined) ?? []) out.push(a.text);
  for (const t of figure.data) out.push(String(t.name ?? ''));
  return out.filter(Boolean);
}
const texish = /[_^]\{|\^[-−]?\d|\\[a-z]+|[A-Za-zΑ-ωℓ]_[A-Za-z0-9ℓ]/;

describe('labels render as math', () => {
  it.each([
    ['H^{-1}', 'H<sup>−1</sup>'],
    ['Φ_ℓ^{ref}', 'Φ<sub>ℓ</sub><sup>ref</sup>'],
    ['‖Φ_ℓ − Φ̄_ℓ^{ref}‖²/‖Φ̄_ℓ^{ref}‖²', '‖Φ<sub>ℓ</sub> − Φ̄<sub>ℓ</sub><sup>ref</sup>‖²/‖Φ̄<sub>ℓ</sub><sup>ref</sup>‖²'],
    ['α_A = ½', 'α<sub>A</sub> = ½'],
    ['N^{1−2α_A}/4', 'N<sup>1−2α<sub>A</sub></sup>/4'],
    ['A^a_{ss′}(x)', 'A<sup>a</sup><sub>ss′</sub>(x)'],
    ['\\gamma_0 \\cdot n', 'γ<sub>0</sub> · n'],
    ['∝ x^-1', '∝ x<sup>−1</sup>'],
    ['b_L ∝ L^{−1/2}', 'b<sub>L</sub> ∝ L<sup>−1/2</sup>'],
    // Left alone: words with underscores, paths, ordinary text.
    ['learning_rate', 'learning_rate'],
    ['data/cache/p1_scaled', 'data/cache/p1_scaled'],
    ['testLoss_mean', 'testLoss_mean'],
    ['loss after 200 steps', 'loss after 200 steps'],
  ])('%s → %s', (raw, shown) => {
    expect(mathText(raw)).toBe(shown);
  });

  it('reaches every title, axis, annotation and legend name of a figure, and the rendered SVG', async () => {
    const fig = logLogFigure([{ name: 'Φ_ℓ^{ref}, α_A = 1', x: [1, 2, 4], y: [1, 0.5, 0.25] }], {
      title: 'error vs H^{-1}',
      xTitle: 'H',
      yTitle: '‖Φ_ℓ − Φ̄_ℓ^{ref}‖²',
      references: [{ exponent: -1, prefactor: 1, xMin: 1, xMax: 4, name: 'H^{-1}' }, { exponent: -0.5, prefactor: 1, xMin: 1, xMax: 4 }],
    });
    const readable = readableFigure(fig);
    const shown = visibleText(readable);
    expect(shown.filter((s) => texish.test(s))).toEqual([]);
    expect(shown).toContain('x<sup>−0.5</sup>'.replace('x', '∝ x'));
    const svg = (await save(fig, join(mkdtempSync(join(tmpdir(), 'tl-math-')), 'm.svg'))) as string;
    const text = readFileSync(svg, 'utf8');
    expect(text).not.toMatch(/\^\{|_\{|\^-1/);
    expect(text).toMatch(/error vs H/);
  });
});

describe('error bars', () => {
  it('shows a one-seed (NaN) error as a missing bar, never zero, and says so', () => {
    const fig = lineFigure([{ name: 'a', x: [1, 2, 3], y: [1, 2, 3], error: [0.1, Number.NaN, 0] }]);
    const trace = fig.data[0] as { error_y: { array: (number | null)[] } };
    expect(trace.error_y.array).toEqual([0.1, null, 0]);
    expect((fig.layout.xaxis as { title: { text: string } }).title.text).toBe(`<br><sub>${missingErrorNote}</sub>`);
    const complete = lineFigure([{ name: 'a', x: [1, 2], y: [1, 2], error: [0.1, 0.2] }], { xTitle: 'η₀' });
    expect((complete.layout.xaxis as { title: { text: string } }).title.text).toBe('η₀');
  });
});

describe('data drawn over reference lines', () => {
  it('puts reference lines first (drawn beneath) and lists them after the data', () => {
    const fig = logLogFigure([{ name: 'a', x: [1, 2], y: [1, 2] }, { name: 'b', x: [1, 2], y: [2, 3] }], {
      references: [{ exponent: -1, prefactor: 1, xMin: 1, xMax: 2, name: 'ref' }],
    });
    expect(fig.data.map((t) => t.name)).toEqual(['ref', 'a', 'b']);
    const rank = (name: string) => fig.data.find((t) => t.name === name)!.legendrank as number;
    expect(rank('a')).toBeLessThan(rank('b'));
    expect(rank('b')).toBeLessThan(rank('ref'));
    // Theory curves given as series marked reference are drawn beneath the data too, keeping their legend place.
    const density = lineFigure([
      { name: 'samples', x: [0, 1], y: [1, 2], mode: 'markers' },
      { name: 'exact law', x: [0, 1], y: [1, 2], reference: true },
    ]);
    expect(density.data.map((t) => t.name)).toEqual(['exact law', 'samples']);
    expect(density.data[0].legendrank).toBeGreaterThan(density.data[1].legendrank as number);
  });
});

describe('kernel heat maps', () => {
  const kernel = [
    [1, 0.1, 0.9, 0.2],
    [0.1, 1, 0.1, 0.8],
    [0.9, 0.1, 1, 0.2],
    [0.2, 0.8, 0.2, 1],
  ];
  const classes = [3, 7, 3, 7];

  it('orders probes by class, marks the class boundaries and names the classes', () => {
    expect(classOrder(classes)).toEqual([0, 2, 1, 3]);
    const fig = heatmapFigure(kernel, { classes, classNames: ['c0', 'c1', 'c2', 'Dress', 'c4', 'c5', 'c6', 'Sneaker'], zTitle: 'Φ' });
    const z = fig.data[0].z as number[][];
    expect(z).toEqual([
      [1, 0.9, 0.1, 0.2],
      [0.9, 1, 0.1, 0.2],
      [0.1, 0.1, 1, 0.8],
      [0.2, 0.2, 0.8, 1],
    ]);
    expect(fig.layout.yaxis).toMatchObject({ tickvals: [0.5, 2.5], ticktext: ['Dress', 'Sneaker'] });
    expect(fig.layout.xaxis).toMatchObject({ tickvals: [0.5, 2.5], showticklabels: false });
    expect((fig.layout.shapes as { x0?: number; y0?: number }[]).length).toBe(2);
    expect(fig.data[0].showscale).toBe(true);
    expect(() => heatmapFigure(kernel, { classes: [1, 2] })).toThrow(/classes: expected one class per row and column of the 4×4 matrix, got 2/);
  });

  it('keeps a colour scale and every axis title in small multiples', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const panel = (zMin: number, zMax: number) => heatmapFigure(kernel, { classes, zMin, zMax, xTitle: 'probe x′', yTitle: 'probe x', zTitle: 'Φ' });
    // Two rows, each sharing its colour range: one colour bar per row, right of the grid.
    const grid = smallMultiples(
      [
        { title: 'H=4 initial', figure: panel(0, 1) },
        { title: 'H=8 initial', figure: panel(0, 1) },
        { title: 'H=4 final', figure: panel(-1, 2) },
        { title: 'H=8 final', figure: panel(-1, 2) },
      ],
      { columns: 2 },
    );
    expect(grid.data.map((t) => t.coloraxis)).toEqual(['coloraxis', 'coloraxis', 'coloraxis2', 'coloraxis2']);
    expect(grid.layout.coloraxis).toMatchObject({ cmin: 0, cmax: 1, showscale: true, colorbar: { x: 1.01 } });
    expect(grid.layout.coloraxis2).toMatchObject({ cmin: -1, cmax: 2, showscale: true });
    for (const k of ['', '2', '3', '4']) {
      expect((grid.layout[`xaxis${k}`] as { title: { text: string } }).title.text).toBe('probe x′');
      expect((grid.layout[`yaxis${k}`] as { title: { text: string } }).title.text).toBe('probe x');
    }
    // Class boundaries follow their panel's axes.
    expect((grid.layout.shapes as { xref: string }[]).map((s) => s.xref)).toContain('x4');
    expect(warn).not.toHaveBeenCalled();
    // A panel with no axis titles gets the defaults, or is reported.
    const line = lineFigure([{ name: 'a', x: [1, 2], y: [1, 2] }]);
    const defaulted = smallMultiples([{ title: 'p', figure: line }], { xTitle: 'step', yTitle: 'loss' });
    expect((defaulted.layout.xaxis as { title: { text: string } }).title.text).toBe('step');
    const withBlank = smallMultiples([{ title: 'p', figure: line }, { title: '', figure: { data: [], layout: {} } }], { xTitle: 'step', yTitle: 'loss' });
    expect(withBlank.layout.xaxis2).toMatchObject({ visible: false });
    expect(warn).not.toHaveBeenCalled(); // an empty placeholder panel needs no titles
    smallMultiples([{ title: 'bare panel', figure: line }]);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/panels without axis titles.*bare panel/));
    warn.mockRestore();
  });

  it('renders a grid of class-ordered kernels with colour bars to PNG', async () => {
    const panel = heatmapFigure(kernel, { classes, xTitle: 'probe x′', yTitle: 'probe x', zTitle: 'Φ' });
    const path = await save(smallMultiples([{ title: 'a', figure: panel }, { title: 'b', figure: panel }], { columns: 2 }), join(mkdtempSync(join(tmpdir(), 'tl-heat-')), 'h.png'));
    expect(readFileSync(path).subarray(1, 4).toString()).toBe('PNG');
  });
});
