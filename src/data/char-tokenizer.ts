/**
 * Character-level tokenizer: the vocabulary is id 0 = unknown, then the distinct characters (Unicode code points)
 * of the fitting text in code-point order. Deterministic: the same text gives the same vocabulary.
 */

/** What every tokenizer offers. */
export interface TextTokenizer {
  readonly kind: string;
  readonly vocabSize: number;
  encode(text: string): Int32Array;
  decode(ids: ArrayLike<number>): string;
}

export class CharTokenizer implements TextTokenizer {
  readonly kind = 'char';
  private readonly index = new Map<string, number>();

  /** @param alphabet the characters, id i+1 for alphabet[i]. */
  constructor(readonly alphabet: readonly string[]) {
    alphabet.forEach((c, i) => this.index.set(c, i + 1));
  }

  /** The tokenizer of a text's distinct characters. */
  static fromText(text: string): CharTokenizer {
    const set = new Set<string>(text);
    return new CharTokenizer([...set].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!));
  }

  get vocabSize(): number {
    return this.alphabet.length + 1;
  }

  /** One id per code point; characters outside the alphabet map to 0. */
  encode(text: string): Int32Array {
    const chars = [...text];
    const out = new Int32Array(chars.length);
    for (let i = 0; i < chars.length; i++) out[i] = this.index.get(chars[i]) ?? 0;
    return out;
  }

  /** Id 0 decodes to U+FFFD. */
  decode(ids: ArrayLike<number>): string {
    let s = '';
    for (let i = 0; i < ids.length; i++) s += ids[i] === 0 ? '\uFFFD' : this.alphabet[ids[i] - 1] ?? '\uFFFD';
    return s;
  }
}
