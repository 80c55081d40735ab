import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shapedLanguageModelSpec, shapedTrainingCorpus, shapedTrainingRun, unigramEntropy } from '../../../src/experiments/p2/training';

const sotuDir = join(__dirname, '..', '..', 'data', 'fixtures', 'sotu');
const settings = { steps: 4, batchSize: 2, evalEvery: 2, evalWindows: 4, dataSeed: 0, sotuDir, heldOutEvery: 3 };
const network = { headDim: 4, heads: 2, depth: 1, context: 8, learningRate: 1e-3, warmupSteps: 2, branchWeightSquared: 1 / 8, temperature: 1 };
const vocabulary = shapedTrainingCorpus(settings).tokenizer.vocabSize;
const tiny = (architecture: 'shaped' | 'preLn') => shapedLanguageModelSpec({ ...network, architecture }, vocabulary);

describe('P2-train experiment: shaped vs Pre-LN character LM', () => {
  it('trains both variants deterministically and returns per-step losses and checkpoints', async () => {
    for (const variant of ['shaped', 'preLn'] as const) {
      const a = await shapedTrainingRun(tiny(variant), settings, 1);
      const b = await shapedTrainingRun(tiny(variant), settings, 1);
      expect(a).toEqual(b);
      expect(a.status).toBe('completed');
      expect(a.losses).toHaveLength(4);
      expect(a.evalSteps).toEqual([0, 2, 4]);
      expect(a.validationLosses).toHaveLength(3);
      expect(a.finalValidationLoss).toBe(a.validationLosses[2]);
      expect(Number.isFinite(a.finalValidationLoss)).toBe(true);
      expect(a.unigramEntropy).toBeGreaterThan(0);
    }
  }, 60_000);

  it('builds the two architectures with γ² = 1/8 and names a bad architecture', () => {
    const shaped = shapedLanguageModelSpec({ ...network, architecture: 'shaped' }, 30);
    expect(shaped.architecture).toBe('shaped');
    expect(shaped.causal).toBe(true);
    expect(shaped.branchScale).toBeCloseTo(Math.sqrt(1 / 8), 12);
    expect(shapedLanguageModelSpec({ ...network, architecture: 'preLn' }, 30).architecture).toBe('preLn');
    expect(() => shapedLanguageModelSpec({ ...network, architecture: 'bogus' as never }, 30)).toThrow(/^architecture: expected 'shaped' \| 'preLn', got 'bogus'/);
  });

  it('refuses a spec whose vocabulary is not the corpus’s, naming the fields', async () => {
    await expect(shapedTrainingRun(shapedLanguageModelSpec({ ...network, architecture: 'shaped' }, vocabulary + 1), settings, 1))
      .rejects.toThrow(/^spec.inputDim, spec.outputDim: expected the corpus's vocabulary/);
  });

  it('unigram entropy of a uniform stream over 4 symbols is ln 4', () => {
    expect(unigramEntropy([0, 1, 2, 3, 3, 2, 1, 0])).toBeCloseTo(Math.log(4), 12);
    expect(unigramEntropy([5, 5, 5])).toBe(0);
  });
});
