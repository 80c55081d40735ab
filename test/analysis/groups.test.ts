import { describe, expect, it } from 'vitest';
import { Random } from '../../src/base/random';
import { argminPerGroup, groupRows, meanOverSeeds, meanOverSeedsFrame } from '../../src/analysis/groups';
import { recordsToFrame } from '../../src/analysis/dataframe';

describe('meanOverSeeds', () => {
  it('gives the exact mean and standard error on a hand-checked group and drops non-finite values', () => {
    const rows = [
      { width: 64, lr: 0.1, seed: 0, loss: 1 },
      { width: 64, lr: 0.1, seed: 1, loss: 2 },
      { width: 64, lr: 0.1, seed: 2, loss: 3 },
      { width: 64, lr: 0.1, seed: 3, loss: NaN },
      { width: 128, lr: 0.1, seed: 0, loss: 5 },
    ];
    const out = meanOverSeeds(recordsToFrame(rows), { by: ['width', 'lr'], values: ['loss'] });
    expect(out).toHaveLength(2);
    // mean of 1,2,3 = 2; s² = (1+0+1)/2 = 1; se = 1/√3
    expect(out[0]).toMatchObject({ width: 64, lr: 0.1, loss_mean: 2, loss_n: 3, loss_dropped: 1 });
    expect(out[0].loss_se).toBeCloseTo(1 / Math.sqrt(3), 14);
    expect(out[1].loss_mean).toBe(5);
    expect(out[1].loss_se).toBeNaN();
    expect(meanOverSeedsFrame(rows, { by: ['width'], values: ['loss'] }).shape).toEqual([2, 5]);
    expect(() => meanOverSeeds(rows, { by: ['width'], values: ['nope'] })).toThrow(/nope/);
  });

  it('covers the true mean at the rate a 95% interval should (Monte Carlo over 400 groups)', () => {
    // 400 groups of 10 seeds, y ~ N(μ=1, σ=2). With se from n = 10 seeds, |ȳ − μ| < 2.262·se (t₉, 97.5%) holds
    // with probability 0.95. Misses ~ Binomial(400, 0.05): mean 20, sd √(400·0.05·0.95) = 4.36; accept 20 ± 4.5 sd
    // → (0.4, 39.6), so a wrong se (e.g. s instead of s/√n, or n in place of n−1 by far) fails.
    const rng = new Random(7);
    const rows = [];
    for (let g = 0; g < 400; g++) for (let s = 0; s < 10; s++) rows.push({ g, seed: s, y: 1 + 2 * rng.normal() });
    const out = meanOverSeeds(rows, { by: ['g'], values: ['y'] });
    const misses = out.filter((o) => Math.abs((o.y_mean as number) - 1) > 2.262 * (o.y_se as number)).length;
    expect(misses).toBeGreaterThan(0.4);
    expect(misses).toBeLessThan(39.6);
  });
});

describe('argminPerGroup', () => {
  it('finds the optimal learning rate per width, its neighbours, and the exact vertex of a log-parabola', () => {
    // loss(η; w) = (ln η − ln η*(w))² + c with η*(w) = 0.3·(64/w): an exact parabola in ln η, so the three-point
    // vertex recovers η* exactly (up to rounding) even between grid points.
    const grid = [1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1];
    const rows = [];
    for (const width of [64, 128, 256]) {
      const star = 0.3 * (64 / width);
      for (const lr of grid) rows.push({ width, lr, loss_mean: (Math.log(lr) - Math.log(star)) ** 2 + 0.5 });
    }
    rows.push({ width: 512, lr: 1, loss_mean: 2 }, { width: 512, lr: 0.1, loss_mean: NaN }, { width: 512, lr: 0.01, loss_mean: 3 });
    const res = argminPerGroup(rows, { by: ['width'], x: 'lr', metric: 'loss_mean' });
    expect(res.map((r) => r.key.width)).toEqual([64, 128, 256, 512]);
    expect(res[0].best).toBe(0.3);
    expect(res[0].left).toEqual({ x: 0.1, metric: (Math.log(0.1) - Math.log(0.3)) ** 2 + 0.5 });
    expect(res[0].right?.x).toBe(1);
    expect(res[0].refined).toBeCloseTo(0.3, 12);
    expect(res[1].best).toBe(0.1); // η* = 0.15, nearest in ln: 0.1 (|ln 1.5| < |ln 2|)
    expect(res[1].refined).toBeCloseTo(0.15, 12);
    expect(res[2].refined).toBeCloseTo(0.075, 12);
    expect(res[2].atEdge).toBe(false);
    // width 512: the NaN (diverged) point is skipped; the minimum is at the grid's edge.
    expect(res[3].best).toBe(1);
    expect(res[3].atEdge).toBe(true);
    expect(res[3].left).toBeNull();
    expect(res[3].refined).toBe(1);
  });

  it('refuses repeated x within a group (seeds not averaged)', () => {
    const rows = [
      { w: 1, lr: 0.1, loss: 1 },
      { w: 1, lr: 0.1, loss: 2 },
    ];
    expect(() => argminPerGroup(rows, { by: ['w'], x: 'lr', metric: 'loss' })).toThrow(/meanOverSeeds/);
    expect(groupRows(rows, ['w'])).toHaveLength(1);
  });
});
