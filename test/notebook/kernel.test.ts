import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/base/paths';

describe('tslab kernel conformance (python3-jupyter-kernel-test)', () => {
  it('passes every check it runs; only kernel_info is skipped for the known missing status field', () => {
    const run = spawnSync('/usr/bin/python3', [join(packageRoot, 'scripts', 'kernel-conformance.py')], {
      encoding: 'utf8',
      env: { ...process.env, JUPYTER_PATH: join(packageRoot, '.jupyter', 'share', 'jupyter'), PYDEVD_DISABLE_FILE_VALIDATION: '1' },
      timeout: 240_000,
    });
    const log = run.stderr + run.stdout;
    expect(log, log.slice(-3000)).toMatch(/\nOK/);
    expect(log).toMatch(/test_kernel_info .* skipped "tslab's kernel_info reply lacks the 'status' field/);
    for (const name of ['test_execute_stdout', 'test_execute_stderr', 'test_completion', 'test_display_data', 'test_is_complete', 'test_inspect']) {
      expect(log).toMatch(new RegExp(`${name} \\(.*\\) \\.\\.\\. ok`));
    }
  });
});
