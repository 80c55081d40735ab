/**
 * Seeded pseudo-random numbers for every stochastic computation in the toolkit.
 *
 * Generator: xoshiro128** (Blackman & Vigna), 128-bit state in four uint32 words, seeded through splitmix32 so
 * that nearby integer seeds give unrelated streams. Gaussians: polar Box–Muller (Marsaglia), one cached spare
 * (`normal`), or the faster ziggurat (`zigguratNormal`, used by the covariance samplers; a different stream).
 * No `Math.random` anywhere in the toolkit: the same seed gives the same numbers on every machine.
 */

/** Ziggurat tables (Marsaglia & Tsang 2000, Doornik 2005 layout): 128 layers, tail start r, layer area v. */
const ZIGGURAT_LAYERS = 128;
const ZIGGURAT_TAIL = 3.442619855899;
const ZIGGURAT_AREA = 9.91256303526217e-3;
/** x_i, the right edge of layer i (x_0 = v/f(r) is the virtual width of the base layer, x_128 = 0) */
const zigguratEdge = new Float64Array(ZIGGURAT_LAYERS + 1);
/** x_{i+1}/x_i: |u| below it lies inside the density for every height of layer i (the fast path) */
const zigguratRatio = new Float64Array(ZIGGURAT_LAYERS);
{
  let f = Math.exp(-0.5 * ZIGGURAT_TAIL * ZIGGURAT_TAIL);
  zigguratEdge[0] = ZIGGURAT_AREA / f;
  zigguratEdge[1] = ZIGGURAT_TAIL;
  for (let i = 2; i < ZIGGURAT_LAYERS; i++) {
    zigguratEdge[i] = Math.sqrt(-2 * Math.log(ZIGGURAT_AREA / zigguratEdge[i - 1] + f));
    f = Math.exp(-0.5 * zigguratEdge[i] * zigguratEdge[i]);
  }
  for (let i = 0; i < ZIGGURAT_LAYERS; i++) zigguratRatio[i] = zigguratEdge[i + 1] / zigguratEdge[i];
}
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare = 0;
  private hasSpare = false;

  /** @param seed any finite number; non-integers are hashed through their bits. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`seed: expected a finite number, got ${seed}`);
    let x = mixSeed(seed);
    const next = () => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  uint32(): number {
    return this.int32() >>> 0;
  }

  /**
   * The next xoshiro128** output as a signed 32-bit integer (same bits as uint32; kept int32 so that hot loops
   * stay in small-integer arithmetic).
   */
  private int32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const s2 = this.s2 ^ this.s0;
    const s3 = this.s3 ^ s1;
    this.s1 = s1 ^ s2;
    this.s0 ^= s3;
    this.s2 = s2 ^ (s1 << 9);
    this.s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.int32() >>> 5; // 27 bits
    const lo = this.int32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in {0, …, n − 1}. */
  integer(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`n: expected a positive integer, got ${n}`);
    return Math.floor(this.uniform() * n);
  }

  /** A standard normal draw N(0, 1) (polar Box–Muller). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }

  /** Fills out[offset … offset+length) with i.i.d. N(0, scale²) draws. */
  fillNormal(out: Float64Array, scale = 1, offset = 0, length = out.length - offset): Float64Array {
    const end = offset + length;
    for (let i = offset; i < end; i++) out[i] = scale * this.normal();
    return out;
  }

  /** Same as fillNormal for float32 storage (kept separate so each loop stays monomorphic). */
  fillNormal32(out: Float32Array, scale = 1, offset = 0, length = out.length - offset): Float32Array {
    const end = offset + length;
    for (let i = offset; i < end; i++) out[i] = scale * this.normal();
    return out;
  }

  /**
   * Gamma(shape, 1) draw (Marsaglia–Tsang; shape < 1 by the boost Gamma(a) = Gamma(a+1)·U^{1/a}).
   * χ²_k = 2·Gamma(k/2), used by the Bartlett decomposition of Wishart matrices (THEORY.md §6.12).
   */
  gamma(shape: number): number {
    if (!(shape > 0)) throw new Error(`shape: expected a positive number, got ${shape}`);
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.uniform() || Number.MIN_VALUE, 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number, v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** χ² draw with k degrees of freedom. */
  chiSquare(k: number): number {
    return 2 * this.gamma(k / 2);
  }

  /**
   * A standard normal draw N(0, 1) by the ziggurat method (Marsaglia & Tsang 2000 with Doornik's independent
   * layer bits; exact in law up to the 2⁻²⁴ resolution of u): one 32-bit word gives the layer i (7 bits) and
   * u ∈ (−1, 1) (25 bits); x = u·x_i is returned when |u| < x_{i+1}/x_i (≈ 98.8 % of draws), otherwise the wedge
   * test f(x_{i+1}) + U (f(x_i) − f(x_{i+1})) < f(x) or, for the base layer, the exponential tail beyond r.
   * About 5× faster than `normal` and a different stream; consumes no spare.
   */
  zigguratNormal(): number {
    const bits = this.int32();
    const u = ((bits >> 7) + 0.5) * 5.9604644775390625e-8; // (j + ½)/2²⁴, j the top 25 bits as a signed integer
    const i = bits & 127;
    if (Math.abs(u) < zigguratRatio[i]) return u * zigguratEdge[i];
    return this.zigguratSlow(u, i);
  }

  /** The rare branches of zigguratNormal for a first word that missed the fast path (layer i, u ∈ (−1, 1)). */
  private zigguratSlow(u: number, i: number): number {
    for (;;) {
      if (i === 0) return this.zigguratTail(u < 0);
      const edge = zigguratEdge[i];
      const next = zigguratEdge[i + 1];
      const x = u * edge;
      const f0 = Math.exp(-0.5 * (edge * edge - x * x));
      const f1 = Math.exp(-0.5 * (next * next - x * x));
      if (f1 + this.uniform() * (f0 - f1) < 1) return x;
      const bits = this.int32();
      u = ((bits >> 7) + 0.5) * 5.9604644775390625e-8;
      i = bits & 127;
      if (Math.abs(u) < zigguratRatio[i]) return u * zigguratEdge[i];
    }
  }

  /** Normal tail beyond r (Marsaglia 1964): x = −ln U₁/r accepted when −2 ln U₂ > x², returns ±(r + x). */
  private zigguratTail(negative: boolean): number {
    let x: number, y: number;
    do {
      x = Math.log(1 - this.uniform()) / ZIGGURAT_TAIL;
      y = Math.log(1 - this.uniform());
    } while (-2 * y < x * x);
    return negative ? x - ZIGGURAT_TAIL : ZIGGURAT_TAIL - x;
  }

  /** Fills out[offset … offset+length) with i.i.d. N(0, 1) ziggurat draws (the covariance samplers' stream). */
  fillZigguratNormal(out: Float64Array, offset = 0, length = out.length - offset): Float64Array {
    // zigguratNormal with the xoshiro128** state held in locals (written back around the rare slow path): same stream.
    const end = offset + length;
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    for (let k = offset; k < end; k++) {
      const bits = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
      const t2 = s2 ^ s0;
      const t3 = s3 ^ s1;
      s2 = t2 ^ (s1 << 9);
      s1 ^= t2;
      s0 ^= t3;
      s3 = (t3 << 11) | (t3 >>> 21);
      const u = ((bits >> 7) + 0.5) * 5.9604644775390625e-8;
      const i = bits & 127;
      if (Math.abs(u) < zigguratRatio[i]) {
        out[k] = u * zigguratEdge[i];
        continue;
      }
      this.s0 = s0;
      this.s1 = s1;
      this.s2 = s2;
      this.s3 = s3;
      out[k] = this.zigguratSlow(u, i);
      s0 = this.s0;
      s1 = this.s1;
      s2 = this.s2;
      s3 = this.s3;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
    return out;
  }

  /** χ²_k = 2·Gamma(k/2) by Marsaglia–Tsang with ziggurat normals (k ≥ 2; smaller k uses chiSquare's path). */
  zigguratChiSquare(k: number): number {
    const shape = k / 2;
    if (!(shape >= 1)) return this.chiSquare(k);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number, v: number;
      do {
        x = this.zigguratNormal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = ((this.int32() >>> 0) + 0.5) * 2.3283064365386963e-10; // (0, 1) with 32 bits: ample for the test
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return 2 * d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return 2 * d * v;
    }
  }

  /** An independent generator for sub-stream `index` (e.g. one per sample, worker or layer). */
  fork(index: number): Random {
    return new Random(this.uint32() * 4096 + (index % 4096));
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.integer(i + 1);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function mixSeed(seed: number): number {
  if (Number.isInteger(seed) && Math.abs(seed) < 2 ** 31) return seed | 0;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, seed);
  return (view.getUint32(0) ^ Math.imul(view.getUint32(4), 0x9e3779b1)) | 0;
}
