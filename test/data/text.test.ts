import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadSpeeches, resolveSotuDir, sotuCandidates, splitSpeeches } from '../../src/data/sotu';
import { CharTokenizer } from '../../src/data/char-tokenizer';
import { BytePairTokenizer, textChunks } from '../../src/data/bpe-tokenizer';
import { evaluationWindows, loadTextCorpus, textBatches, windowsAt } from '../../src/data/text';

const fixtureDir = join(__dirname, 'fixtures', 'sotu'); // six real speeches cut to 1500 characters

describe('State of the Union loader (fixture)', () => {
  it('reads speeches sorted by year and splits by document', () => {
    const speeches = loadSpeeches({ dir: fixtureDir });
    expect(speeches.map((s) => s.year)).toEqual([1790, 1801, 1862, 1941, 1961, 1961]);
    expect(speeches[4].id).toBe('1961_dwight_d_eisenhower_r');
    expect(speeches[0].name).toBe('George Washington');
    const byYear = splitSpeeches(speeches, { testYears: [1961] });
    expect(byYear.test.map((s) => s.id)).toEqual(['1961_dwight_d_eisenhower_r', '1961_john_f_kennedy_d']);
    expect(byYear.train).toHaveLength(4);
    expect(splitSpeeches(speeches, { heldOutEvery: 3 }).test.map((s) => s.year)).toEqual([1862, 1961]); // positions 2 and 5
    expect(() => splitSpeeches(speeches, { testYears: [1500] })).toThrow(/both must be non-empty/);
  });
  it('a missing corpus names the npm package and the set-up command', () => {
    expect(() => resolveSotuDir(join(fixtureDir, 'nope'))).toThrow(/no <year>_<name>\.json/);
    expect(sotuCandidates().some((d) => d.endsWith(join('data', 'external', 'sotu', 'package', 'data')))).toBe(true);
  });
});

describe('tokenizers', () => {
  const text = loadSpeeches({ dir: fixtureDir }).map((s) => s.text).join('\n\n');
  it('char: fitted alphabet, round trip, unknown → 0', () => {
    const tok = CharTokenizer.fromText('abcab');
    expect(tok.vocabSize).toBe(4);
    expect(Array.from(tok.encode('cab'))).toEqual([3, 1, 2]);
    expect(Array.from(tok.encode('aé'))).toEqual([1, 0]);
    const full = CharTokenizer.fromText(text);
    expect(full.decode(full.encode(text))).toBe(text);
  });
  it('bpe: learns the most frequent pair first, deterministically, and round-trips any text', () => {
    const toy = BytePairTokenizer.train('ab ab ab ab cd', { vocabSize: 258 });
    // chunks: 'ab' ×1, ' ab' ×3, ' cd' ×1 → pairs (a,b) ×4, (' ',a) ×3: first merge is (a, b)
    expect(toy.merges[0]).toEqual([97, 98]);
    expect(toy.merges[1]).toEqual([32, 256]); // then (' ', ab) ×3
    const a = BytePairTokenizer.train(text, { vocabSize: 400 });
    const b = BytePairTokenizer.train(text, { vocabSize: 400 });
    expect(a.merges).toEqual(b.merges);
    expect(a.vocabSize).toBe(400);
    const odd = 'Grüße — “quoted” 1861–65 ✓\n\t tabs';
    expect(a.decode(a.encode(odd))).toBe(odd);
    expect(a.decode(a.encode(text))).toBe(text);
    expect(textChunks(' the Union, 1862')).toEqual([' the', ' Union', ',', ' 1862']);
    expect(BytePairTokenizer.fromJSON(a.toJSON()).encode(text)).toEqual(a.encode(text));
    // on its own training text, merges must compress: ids < bytes / 2
    expect(a.encode(text).length).toBeLessThan(new TextEncoder().encode(text).length / 2);
    expect(() => BytePairTokenizer.train(text, { vocabSize: 100 })).toThrow(/vocabSize/);
  });
});

describe('context windows', () => {
  const tokens = Int32Array.from({ length: 100 }, (_, i) => i);
  it('inputs and next-token targets are contiguous', () => {
    const w = windowsAt(tokens, [0, 90], 9);
    expect(Array.from(w.inputs.subarray(9, 18))).toEqual([90, 91, 92, 93, 94, 95, 96, 97, 98]);
    expect(Array.from(w.targets.subarray(9, 18))).toEqual([91, 92, 93, 94, 95, 96, 97, 98, 99]);
    expect(() => windowsAt(tokens, [91], 9)).toThrow(/starts\[0\]/);
  });
  it('seeded batches: fixed by (seed, step), random access, starts cover the range', () => {
    const s = textBatches(tokens, { context: 10, batchSize: 8, seed: 3 });
    const again = textBatches(tokens, { context: 10, batchSize: 8, seed: 3 });
    expect(again.batch(5).inputs).toEqual(s.batch(5).inputs);
    expect(s.batch(0).inputs).not.toEqual(s.batch(1).inputs);
    s.batch(9);
    expect(s.batch(5).inputs).toEqual(again.batch(5).inputs); // independent of call history
    const firsts = new Set<number>();
    for (let step = 0; step < 200; step++) {
      const b = s.batch(step);
      for (let i = 0; i < 8; i++) firsts.add(b.inputs[i * 10]);
    }
    // 1600 uniform draws over 90 starts: P(some start never drawn) ≤ 90·(89/90)^1600 ≈ 1e-6
    expect(firsts.size).toBe(90);
  });
  it('evaluation walks non-overlapping windows', () => {
    const ev = evaluationWindows(tokens, { context: 30, batchSize: 2 });
    expect(ev.map((b) => b.batchSize)).toEqual([2, 1]);
    expect(ev[1].inputs[0]).toBe(60);
  });
  it('loadTextCorpus tokenizes the training split and the held-out speeches', () => {
    const c = loadTextCorpus({ dir: fixtureDir, tokenizer: 'char', testYears: [1961] });
    expect(c.testSpeeches).toHaveLength(2);
    expect(c.tokenizer.decode(c.test)).toBe(c.testSpeeches.map((s) => s.text).join('\n\n').replace(/[^]/gu, (ch) => (c.trainSpeeches.some((s) => s.text.includes(ch)) || ch === '\n' ? ch : '\uFFFD')));
    const bpe = loadTextCorpus({ dir: fixtureDir, vocabSize: 300, testYears: [1961] });
    expect(bpe.name).toBe('sotu (bpe 300)');
    expect(bpe.tokenizer.decode(bpe.test)).toBe(bpe.testSpeeches.map((s) => s.text).join('\n\n'));
  });
});

const realSotu = (() => {
  try {
    return loadSpeeches().length >= 233;
  } catch {
    return false;
  }
})();
describe.skipIf(!realSotu)('real State of the Union corpus (skipped until scripts/fetch-data.sh has fetched it)', () => {
  it('has 233 speeches, 10.8 M characters, a by-document split, and a 512-id BPE that round-trips held-out text', () => {
    const speeches = loadSpeeches();
    expect(speeches).toHaveLength(233);
    const chars = speeches.reduce((n, s) => n + s.text.length, 0);
    expect(chars).toBeGreaterThan(10.7e6);
    expect(chars).toBeLessThan(10.9e6);
    const corpus = loadTextCorpus();
    expect(corpus.trainSpeeches).toHaveLength(210);
    expect(corpus.testSpeeches).toHaveLength(23);
    expect(corpus.tokenizer.vocabSize).toBe(512);
    const heldOut = corpus.testSpeeches.map((s) => s.text).join('\n\n');
    expect(corpus.tokenizer.decode(corpus.test)).toBe(heldOut);
    console.log(`sotu: ${chars} chars; bpe 512: ${(heldOut.length / corpus.test.length).toFixed(3)} chars/token on held-out speeches, ${corpus.train.length} training tokens`);
    expect(heldOut.length / corpus.test.length).toBeGreaterThan(2); // merges compress unseen text too
  });
});
