/**
 * The run settings of a P1 training run (FIGURES.md "Training runs"): what is not part of the Spec — batch size,
 * number of updates, probe steps, probe kinds, probe set, data order, extra measurements. They are a SpecGrid's
 * settings, so they are part of every run's cache key.
 */
import { allProbeKinds, type ProbeKind } from '../../probes/probe';
import { checkKnownKeys, showValue } from '../../spec/validate';

/** A type (not an interface) so that it is a SpecGrid's Settings record. */
export type P1TrainSettings = {
  /** Images per update. */
  batchSize: number;
  /** Number of updates t. */
  steps: number;
  /** Updates after which to probe (t = 0 is added when any is listed; [] probes nothing). */
  probeSteps: number[];
  /** Probe kinds measured at the probe steps. */
  probeKinds: ProbeKind[];
  /** Probe images: the first `probeCount` test images. */
  probeCount: number;
  /** Seed of the one data order every run of a figure reads. */
  dataSeed: number;
  /** Also return Σ A² / count per (block, head) at t = 0 (for Var A(0) checks). */
  initialLogits: boolean;
  /** Also split the last block's key and logit changes at the end into weight- and input-driven parts. */
  weightDriven: boolean;
};

const settingKeys = ['batchSize', 'steps', 'probeSteps', 'probeKinds', 'probeCount', 'dataSeed', 'initialLogits', 'weightDriven'];

/**
 * Complete settings from the required batch size and steps; defaults: no probes, probe kinds changes + movement +
 * attention, 32 probe images, data order 0, no extra measurements.
 */
export function p1TrainSettings(settings: Partial<P1TrainSettings> & Pick<P1TrainSettings, 'batchSize' | 'steps'>): P1TrainSettings {
  const defaults = { probeSteps: [], probeKinds: ['changes', 'movement', 'attention'] as P1TrainSettings['probeKinds'], probeCount: 32, dataSeed: 0, initialLogits: false, weightDriven: false };
  const { batchSize, steps, ...rest } = settings;
  return checkP1TrainSettings({ batchSize, steps, ...defaults, ...rest });
}

const isCount = (v: unknown, min: number) => typeof v === 'number' && Number.isInteger(v) && v >= min;

/** Checks a point's settings (every field present, known, of its type); throws naming the field, its value and what is allowed. */
export function checkP1TrainSettings(settings: Record<string, unknown>): P1TrainSettings {
  if (!settings || typeof settings !== 'object') throw new Error(`settings: expected an object of ${settingKeys.join(', ')}, got ${showValue(settings)}`);
  checkKnownKeys('settings.', 'a P1 training run', settings, settingKeys);
  const s = settings as unknown as P1TrainSettings;
  for (const [field, min] of [['batchSize', 1], ['steps', 0], ['probeCount', 1]] as const) {
    if (!isCount(s[field], min)) throw new Error(`settings.${field}: expected an integer ≥ ${min}, got ${showValue(s[field])}`);
  }
  if (typeof s.dataSeed !== 'number' || !Number.isFinite(s.dataSeed)) throw new Error(`settings.dataSeed: expected a finite number, got ${showValue(s.dataSeed)}`);
  if (!Array.isArray(s.probeSteps) || !s.probeSteps.every((t) => isCount(t, 0) && t <= s.steps)) {
    throw new Error(`settings.probeSteps: expected a list of integers in [0, ${s.steps}], got ${showValue(s.probeSteps)}`);
  }
  if (!Array.isArray(s.probeKinds) || !s.probeKinds.every((k) => allProbeKinds.includes(k))) {
    throw new Error(`settings.probeKinds: expected a list of ${allProbeKinds.join(', ')}, got ${showValue(s.probeKinds)}`);
  }
  for (const field of ['initialLogits', 'weightDriven'] as const) {
    if (typeof s[field] !== 'boolean') throw new Error(`settings.${field}: expected true or false, got ${showValue(s[field])}`);
  }
  return s;
}
