#!/usr/bin/env node
// Runs the vitest suite and ends with the plain line CI reads: "N passed, N failed" (skipped tests on the line before).
// vitest's own summary is printed above it; the counts come from its JSON report.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reportDir = join(root, 'out');
mkdirSync(reportDir, { recursive: true });
const report = join(reportDir, 'test-report.json');
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const run = spawnSync('npx', args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  failed = (json.numFailedTests ?? 0) + (json.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
  skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
} else {
  failed = 1;
}
if (run.status !== 0 && failed === 0) failed = 1; // vitest itself failed (e.g. a file that cannot load)
if (skipped) console.log(`${skipped} skipped`);
console.log(`${passed} passed, ${failed} failed`); // the last line, exactly as CI reads it
process.exit(failed > 0 ? 1 : 0);
