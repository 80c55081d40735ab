/**
 * Measured claims: each figure notebook ends by computing its claim (quantity, accepted band, pass/fail) and
 * recording it here. Claims are appended as JSON lines to <TL_OUT>/claims.jsonl (one line per claim, atomic append)
 * and shown in the notebook; the report gathers them. A failing claim is recorded as failing, never hidden.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentScale, outputDir, type Scale } from './scale';

export interface ClaimInput {
  /** FIGURES.md row id, e.g. 'P1-3c' or 'P2-1L'. */
  figure: string;
  /** What is measured, in words. */
  claim: string;
  /** The measured value. */
  value: number;
  /** Accepted band [low, high] (either end may be ±Infinity). */
  band: [number, number];
  /** Standard error or half-width of the interval of the value, when known. */
  error?: number;
  /** Whether the claim must pass at quick scale (false for rows FIGURES.md says not to gate on). */
  gated?: boolean;
  /** Anything else worth keeping (settings, data set used). */
  details?: Record<string, unknown>;
}

export interface Claim extends ClaimInput {
  pass: boolean;
  /** False at smoke scale: its sizes only check that the pipeline runs and are too small to judge the claim. */
  judged: boolean;
  scale: Scale;
  notebook: string | null;
  time: string;
}

/** True when value ∈ [low, high]. */
export function withinBand(value: number, band: [number, number]): boolean {
  return Number.isFinite(value) && value >= band[0] && value <= band[1];
}

function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(3) : x.toPrecision(4);
}

/** What smoke-scale verdicts say after pass/fail: the sizes are too small to judge. */
export const smokeCaveat = 'smoke scale: too small to judge';

/**
 * A verdict in words: 'pass'/'FAIL' (or the given words), and at smoke scale followed by "(smoke scale: too small to
 * judge)" — smoke sizes check that the pipeline runs, not the claim. Use it for every verdict a notebook prints.
 */
export function verdictText(pass: boolean, options: { scale?: Scale; words?: [string, string] } = {}): string {
  const [yes, no] = options.words ?? ['pass', 'FAIL'];
  const scale = options.scale ?? currentScale();
  return `${pass ? yes : no}${scale === 'smoke' ? ` (${smokeCaveat})` : ''}`;
}

/** A claim's verdict: pass/FAIL, "(not gated)" for rows not gated at quick scale, and the smoke caveat. */
export function verdictWord(c: Pick<Claim, 'pass' | 'gated' | 'scale'>): string {
  return `${verdictText(c.pass, { scale: c.scale })}${c.gated === false ? ' (not gated)' : ''}`;
}

/** One line: "P1-3c slope: −1.03 ± 0.08 in [−1.25, −0.75]: pass". */
export function formatClaim(c: Claim): string {
  const err = c.error !== undefined ? ` ± ${formatNumber(c.error)}` : '';
  return `${c.figure} ${c.claim}: ${formatNumber(c.value)}${err} in [${formatNumber(c.band[0])}, ${formatNumber(c.band[1])}]: ${verdictWord(c)}`;
}

/** Computes pass/fail, appends the claim to <TL_OUT>/claims.jsonl, prints it, and returns it. */
export function recordClaim(input: ClaimInput): Claim {
  if (!input.figure) throw new Error('figure: expected a FIGURES.md row id, got an empty value');
  if (!Array.isArray(input.band) || input.band.length !== 2 || !(input.band[0] <= input.band[1])) {
    throw new Error(`band: expected [low, high] with low ≤ high, got ${JSON.stringify(input.band)}`);
  }
  const claim: Claim = {
    ...input,
    error: input.error !== undefined && Number.isFinite(input.error) ? input.error : undefined,
    pass: withinBand(input.value, input.band),
    judged: currentScale() !== 'smoke',
    scale: currentScale(),
    notebook: process.env.TL_NOTEBOOK ?? null,
    time: new Date().toISOString(),
  };
  const dir = outputDir();
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, 'claims.jsonl'), JSON.stringify(claim, encodeNonFinite) + '\n');
  console.log(formatClaim(claim));
  return claim;
}

/** JSON has no NaN/±Infinity: keep them as the strings 'NaN', 'Infinity', '-Infinity' (decoded on read). */
function encodeNonFinite(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}

function decodeNonFinite(key: string, value: unknown): unknown {
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value);
  if (value === null && key === 'value') return Number.NaN; // lines written before non-finite values were encoded
  if (key === '' && value && typeof value === 'object' && !('judged' in value)) return { ...value, judged: (value as Claim).scale !== 'smoke' };
  if (Array.isArray(value) && key === 'band') return [value[0] ?? -Infinity, value[1] ?? Infinity];
  return value;
}

/** Reads every recorded claim (ignores a truncated last line). */
export function readClaims(dir: string = outputDir()): Claim[] {
  const path = join(dir, 'claims.jsonl');
  if (!existsSync(path)) return [];
  const claims: Claim[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      claims.push(JSON.parse(line, decodeNonFinite));
    } catch {
      /* a line cut by a killed process */
    }
  }
  return claims;
}
