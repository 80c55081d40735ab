/**
 * Language-model data: a tokenized corpus split by document, and contiguous context windows. A window of context T
 * starting at s gives inputs x[s … s+T−1] and next-token targets x[s+1 … s+T]. Training batch `step` draws its B
 * starts uniformly from 0 … n−T−1 with streamRandom(seed, step) (random access, resumable); evaluation walks
 * non-overlapping windows in order.
 */
import { streamRandom } from './streams';
import { CharTokenizer, type TextTokenizer } from './char-tokenizer';
import { BytePairTokenizer } from './bpe-tokenizer';
import { joinSpeeches, loadSpeeches, splitSpeeches, type Speech } from './sotu';

export interface TokenBatch {
  /** batchSize·context input ids. */
  inputs: Int32Array;
  /** batchSize·context next-token ids. */
  targets: Int32Array;
  batchSize: number;
  context: number;
}

function checkWindow(tokens: ArrayLike<number>, context: number): void {
  if (!Number.isInteger(context) || context < 1) throw new Error(`context: expected a positive integer, got ${context}`);
  if (tokens.length < context + 1) throw new Error(`context: ${context} needs at least ${context + 1} tokens, the stream has ${tokens.length}`);
}

/** The windows starting at the given positions. */
export function windowsAt(tokens: ArrayLike<number>, starts: ArrayLike<number>, context: number): TokenBatch {
  checkWindow(tokens, context);
  const B = starts.length;
  const inputs = new Int32Array(B * context);
  const targets = new Int32Array(B * context);
  for (let b = 0; b < B; b++) {
    const s = starts[b];
    if (!(s >= 0 && s + context < tokens.length)) throw new Error(`starts[${b}]: ${s} leaves no room for ${context} + 1 tokens`);
    for (let t = 0; t < context; t++) {
      inputs[b * context + t] = tokens[s + t];
      targets[b * context + t] = tokens[s + t + 1];
    }
  }
  return { inputs, targets, batchSize: B, context };
}

/** Seeded random contiguous windows: batch(step) is fixed by (seed, step). */
export function textBatches(tokens: ArrayLike<number>, options: { context: number; batchSize: number; seed: number }): { batch(step: number): TokenBatch } {
  checkWindow(tokens, options.context);
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) throw new Error(`batchSize: expected a positive integer, got ${options.batchSize}`);
  const span = tokens.length - options.context; // starts 0 … span−1
  return {
    batch(step: number) {
      if (!Number.isInteger(step) || step < 0) throw new Error(`step: expected a non-negative integer, got ${step}`);
      const rng = streamRandom(options.seed, step);
      const starts = new Int32Array(options.batchSize);
      for (let b = 0; b < starts.length; b++) starts[b] = rng.integer(span);
      return windowsAt(tokens, starts, options.context);
    },
  };
}

/** Non-overlapping windows 0, T, 2T, … (those that fit), grouped in batches of at most batchSize. */
export function evaluationWindows(tokens: ArrayLike<number>, options: { context: number; batchSize: number; maxWindows?: number }): TokenBatch[] {
  checkWindow(tokens, options.context);
  const count = Math.min(Math.floor((tokens.length - 1) / options.context), options.maxWindows ?? Infinity);
  const out: TokenBatch[] = [];
  for (let w = 0; w < count; w += options.batchSize) {
    const starts = Int32Array.from({ length: Math.min(options.batchSize, count - w) }, (_, i) => (w + i) * options.context);
    out.push(windowsAt(tokens, starts, options.context));
  }
  return out;
}

export interface TextCorpus {
  /** Label to print with results, e.g. 'sotu (bpe 512)'. */
  name: string;
  tokenizer: TextTokenizer;
  train: Int32Array;
  test: Int32Array;
  trainSpeeches: Speech[];
  testSpeeches: Speech[];
}

const memo = new Map<string, TextCorpus>();

/**
 * The State of the Union corpus tokenized: split by document (splitSpeeches), tokenizer fitted on the training
 * split only ('char': its characters; 'bpe': merges learned to vocabSize, default 512). Memoised per options.
 */
export function loadTextCorpus(
  options: { tokenizer?: 'char' | 'bpe'; vocabSize?: number; dir?: string; testYears?: number[]; heldOutEvery?: number } = {},
): TextCorpus {
  const kind = options.tokenizer ?? 'bpe';
  if (kind !== 'char' && kind !== 'bpe') throw new Error(`tokenizer: expected 'char' or 'bpe', got ${JSON.stringify(kind)}`);
  const id = JSON.stringify({ ...options, kind });
  const hit = memo.get(id);
  if (hit) return hit;
  const { train, test } = splitSpeeches(loadSpeeches({ dir: options.dir }), options);
  const trainText = joinSpeeches(train);
  const tokenizer = kind === 'char' ? CharTokenizer.fromText(trainText) : BytePairTokenizer.train(trainText, { vocabSize: options.vocabSize ?? 512 });
  const corpus: TextCorpus = {
    name: `sotu (${kind} ${tokenizer.vocabSize})`,
    tokenizer,
    train: tokenizer.encode(trainText),
    test: tokenizer.encode(joinSpeeches(test)),
    trainSpeeches: train,
    testSpeeches: test,
  };
  memo.set(id, corpus);
  return corpus;
}
