/**
 * A small byte-pair tokenizer (Sennrich et al. 2016; byte-level as in GPT-2). Base vocabulary: the 256 bytes of
 * UTF-8; text is pre-split into chunks (an optional space then letters, digits or other symbols; runs of
 * whitespace), so merges never cross a chunk. Training repeats, until vocabSize ids exist: count every adjacent
 * pair weighted by chunk frequency, merge the most frequent (ties: the smaller pair of ids, first id first) into a
 * new id. Deterministic: the same text and vocabSize give the same merges. Pair counts are updated incrementally.
 */
import type { TextTokenizer } from './char-tokenizer';

const chunkPattern = / ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+/g;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Pre-tokenisation: the chunks merges stay inside. */
export function textChunks(text: string): string[] {
  return text.match(chunkPattern) ?? [];
}

const pairKey = (a: number, b: number) => a * 65536 + b;

export class BytePairTokenizer implements TextTokenizer {
  readonly kind = 'bpe';
  /** Byte string of every id. */
  private readonly pieces: Uint8Array[] = [];
  private readonly rank = new Map<number, number>();
  private readonly memo = new Map<string, number[]>();

  /** @param merges the learned merges in order; merge k creates id 256 + k from the pair [a, b]. */
  constructor(readonly merges: readonly (readonly [number, number])[]) {
    for (let b = 0; b < 256; b++) this.pieces.push(Uint8Array.of(b));
    merges.forEach(([a, b], k) => {
      if (!(a < 256 + k && b < 256 + k)) throw new Error(`merges[${k}]: ids ${a}, ${b} do not exist yet (next id ${256 + k})`);
      const piece = new Uint8Array(this.pieces[a].length + this.pieces[b].length);
      piece.set(this.pieces[a]);
      piece.set(this.pieces[b], this.pieces[a].length);
      this.pieces.push(piece);
      this.rank.set(pairKey(a, b), k);
    });
  }

  get vocabSize(): number {
    return 256 + this.merges.length;
  }

  /** Learn merges on `text` until the vocabulary has `vocabSize` ids (or no pair occurs twice). */
  static train(text: string, options: { vocabSize?: number } = {}): BytePairTokenizer {
    const vocabSize = options.vocabSize ?? 512;
    if (!Number.isInteger(vocabSize) || vocabSize < 256 || vocabSize > 65536) {
      throw new Error(`vocabSize: expected an integer in 256…65536, got ${vocabSize}`);
    }
    const counts = new Map<string, number>();
    for (const c of textChunks(text)) counts.set(c, (counts.get(c) ?? 0) + 1);
    const chunkTexts = [...counts.keys()].sort(); // fixed order, independent of Map history
    const words = chunkTexts.map((c) => Array.from(encoder.encode(c)));
    const freq = chunkTexts.map((c) => counts.get(c)!);
    const pairs = new Map<number, number>();
    const where = new Map<number, Set<number>>();
    const addWord = (w: number, sign: number) => {
      const s = words[w];
      for (let i = 0; i + 1 < s.length; i++) {
        const k = pairKey(s[i], s[i + 1]);
        pairs.set(k, (pairs.get(k) ?? 0) + sign * freq[w]);
        if (sign > 0) {
          let set = where.get(k);
          if (!set) where.set(k, (set = new Set()));
          set.add(w);
        }
      }
    };
    for (let w = 0; w < words.length; w++) addWord(w, 1);
    const merges: [number, number][] = [];
    while (256 + merges.length < vocabSize) {
      let best = -1;
      let bestCount = 1;
      for (const [k, n] of pairs) if (n > bestCount || (n === bestCount && n > 1 && k < best)) [best, bestCount] = [k, n];
      if (best < 0) break;
      const a = Math.floor(best / 65536);
      const b = best % 65536;
      const id = 256 + merges.length;
      merges.push([a, b]);
      for (const w of where.get(best) ?? []) {
        addWord(w, -1);
        const s = words[w];
        const out: number[] = [];
        for (let i = 0; i < s.length; i++) {
          if (i + 1 < s.length && s[i] === a && s[i + 1] === b) {
            out.push(id);
            i++;
          } else out.push(s[i]);
        }
        words[w] = out;
        addWord(w, 1);
      }
      where.delete(best);
      for (const [k, n] of pairs) if (n === 0) pairs.delete(k);
    }
    return new BytePairTokenizer(merges);
  }

  private encodeChunk(chunk: string): number[] {
    const hit = this.memo.get(chunk);
    if (hit) return hit;
    let s = Array.from(encoder.encode(chunk));
    for (;;) {
      let bestRank = Infinity;
      let at = -1;
      for (let i = 0; i + 1 < s.length; i++) {
        const r = this.rank.get(pairKey(s[i], s[i + 1]));
        if (r !== undefined && r < bestRank) [bestRank, at] = [r, i];
      }
      if (at < 0) break;
      const [a, b] = this.merges[bestRank];
      const out: number[] = [];
      for (let i = 0; i < s.length; i++) {
        if (i + 1 < s.length && s[i] === a && s[i + 1] === b) {
          out.push(256 + bestRank);
          i++;
        } else out.push(s[i]);
      }
      s = out;
    }
    if (this.memo.size < 200_000) this.memo.set(chunk, s);
    return s;
  }

  /** Apply the merges in rank order inside each chunk. decode(encode(t)) === t for every string t. */
  encode(text: string): Int32Array {
    const ids: number[] = [];
    for (const c of textChunks(text)) for (const id of this.encodeChunk(c)) ids.push(id);
    return Int32Array.from(ids);
  }

  decode(ids: ArrayLike<number>): string {
    let length = 0;
    for (let i = 0; i < ids.length; i++) length += this.pieces[ids[i]]?.length ?? 0;
    const bytes = new Uint8Array(length);
    let o = 0;
    for (let i = 0; i < ids.length; i++) {
      const p = this.pieces[ids[i]];
      if (!p) throw new Error(`ids[${i}]: ${ids[i]} is not in the vocabulary (size ${this.vocabSize})`);
      bytes.set(p, o);
      o += p.length;
    }
    return decoder.decode(bytes);
  }

  /** Plain JSON for caching: {kind: 'bpe', merges}. */
  toJSON(): { kind: 'bpe'; merges: [number, number][] } {
    return { kind: 'bpe', merges: this.merges.map(([a, b]) => [a, b]) };
  }

  static fromJSON(json: { merges: [number, number][] }): BytePairTokenizer {
    if (!json || !Array.isArray(json.merges)) throw new Error('BytePairTokenizer.fromJSON: expected {merges: [[a, b], …]}');
    return new BytePairTokenizer(json.merges);
  }
}
