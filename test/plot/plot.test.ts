import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closePlots, heatmapFigure, logLogFigure, save, smallMultiples, densityFigure } from '../../src/plot';

describe('plots', () => {
  afterAll(async () => closePlots());
  const fig = logLogFigure([{ name: 'a', x: [1, 2, 4], y: [1, 0.5, 0.25], error: [0.1, 0.05, 0.02] }], {
    title: 'test',
    references: [{ exponent: -1, prefactor: 1, xMin: 1, xMax: 4 }],
  });

  it('builds plain Plotly specs', () => {
    expect(fig.layout.xaxis).toMatchObject({ type: 'log' });
    expect(fig.data).toHaveLength(2);
    expect((fig.data[0].y as number[])[19]).toBeCloseTo(0.25, 12); // the reference line, drawn first (beneath the data)
    const grid = smallMultiples([{ title: 'k', figure: heatmapFigure([[1, 0], [0, 1]]) }, { title: 'd', figure: densityFigure([{ name: 'p', x: [0, 1], y: [1, 1] }]) }]);
    expect(grid.data.map((t) => t.xaxis)).toEqual(['x', 'x2']);
  });

  it('saves PNG (real image bytes), SVG and self-contained HTML', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-plot-'));
    const png = await save(fig, join(dir, 'a.png'));
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(png).size).toBeGreaterThan(5000);
    const svg = await save(fig, join(dir, 'a.svg'));
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg/);
    const html = await save(fig, join(dir, 'a.html'));
    expect(readFileSync(html, 'utf8')).toMatch(/Plotly\.newPlot/);
    await expect(save(fig, join(dir, 'a.jpg'))).rejects.toThrow(/\.png, \.svg or \.html/);
    expect(existsSync(join(dir, 'a.jpg'))).toBe(false);
  });

  it('gives a clear error naming the install command when Chromium is missing', async () => {
    const previous = process.env.TL_CHROMIUM;
    process.env.TL_CHROMIUM = '/nonexistent/chromium';
    await closePlots();
    try {
      await expect(save(fig, join(tmpdir(), 'x.png'))).rejects.toThrow(/apt-get install -y chromium/);
    } finally {
      if (previous === undefined) delete process.env.TL_CHROMIUM;
      else process.env.TL_CHROMIUM = previous;
    }
  });
});
