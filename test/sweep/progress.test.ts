import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultOnProgress, ProgressTracker, progressOutput } from '../../src/sweep/progress';

afterEach(() => vi.restoreAllMocks());

function captureStderr(): string[] {
  const written: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string) => {
    written.push(String(chunk));
    return true;
  }) as never);
  return written;
}

describe('sweep progress output', () => {
  it('chooses a bar on a terminal, lines elsewhere when asked, nothing by default off a terminal', () => {
    expect(progressOutput(true, true)).toBe('bar');
    expect(progressOutput(true, false)).toBe('lines');
    expect(progressOutput('auto', false)).toBe('none');
    expect(progressOutput(undefined, true)).toBe('bar');
    expect(progressOutput(false, true)).toBe('none');
  });

  it('writes whole lines when not on a terminal: the start, every 10 % of runs, and the end once', () => {
    const written = captureStderr();
    const tracker = new ProgressTracker('s', 40, 'lines');
    tracker.report(); // start: nothing done yet
    for (let i = 0; i < 40; i++) {
      tracker.add('computed', 'ok');
      tracker.report();
    }
    tracker.report(true);
    expect(written.every((w) => w.endsWith('\n') && !w.includes('\r'))).toBe(true);
    // 1 start line + one per tenth (4, 8, …, 40 runs: 10 lines); the final report repeats nothing.
    expect(written).toHaveLength(11);
    expect(written[0]).toMatch(/^s \[\.+\] 0\/40/);
    expect(written[1]).toMatch(/ 4\/40 /);
    expect(written[10]).toMatch(/ 40\/40 .*ETA 0s\n$/);
  });

  it('writes the final state when the last run never crossed a line', () => {
    const written = captureStderr();
    const tracker = new ProgressTracker('t', 0, 'lines');
    tracker.report(true);
    expect(written).toEqual([expect.stringMatching(/^t \[#+\] 0\/0/)]);
  });

  it('gives sweeps in a notebook kernel a live line by default, and none elsewhere', () => {
    expect(defaultOnProgress('x')).toBeUndefined();
    const argv = process.argv;
    process.argv = [...argv, '/repo/node_modules/.bin/tslab', 'kernel'];
    try {
      expect(typeof defaultOnProgress('x')).toBe('function');
    } finally {
      process.argv = argv;
    }
  });
});
