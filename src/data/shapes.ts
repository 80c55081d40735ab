/**
 * A procedural image data set, selectable explicitly when no real images are wanted (tests, data-free runs):
 * 28×28 grey images of ten seeded shape classes — the class is the shape; position, size, brightness and pixel
 * noise vary. Example i of a split is drawn from streamRandom(seed, split === 'test' ? 1 : 0, i), so splits are
 * disjoint streams and every example is reproducible alone.
 */
import { streamRandom } from './streams';
import type { ImageDataset } from './fashion-mnist';

export const shapeClassNames = ['disc', 'ring', 'square', 'frame', 'horizontal bar', 'vertical bar', 'diagonal', 'cross', 'X', 'triangle'];

function inside(shape: number, dx: number, dy: number, r: number): boolean {
  const ax = Math.abs(dx);
  const ay = Math.abs(dy);
  const w = Math.max(1, 0.25 * r);
  switch (shape) {
    case 0: return dx * dx + dy * dy <= r * r;
    case 1: { const d = Math.sqrt(dx * dx + dy * dy); return d <= r && d >= r - w - 0.5; }
    case 2: return ax <= r && ay <= r;
    case 3: return ax <= r && ay <= r && (ax >= r - w || ay >= r - w);
    case 4: return ax <= r && ay <= w;
    case 5: return ay <= r && ax <= w;
    case 6: return ax <= r && ay <= r && Math.abs(dx - dy) <= w;
    case 7: return (ax <= r && ay <= w) || (ay <= r && ax <= w);
    case 8: return ax <= r && ay <= r && (Math.abs(dx - dy) <= w || Math.abs(dx + dy) <= w);
    default: return dy <= r && dy >= -r && ax <= (dy + r) / 2;
  }
}

/** Draw one 28×28 image of class `label` into out (bytes). */
function drawShape(out: Uint8Array, offset: number, label: number, rng: ReturnType<typeof streamRandom>): void {
  const size = 28;
  const r = 5 + rng.uniform() * 5;
  const cx = 13.5 + (rng.uniform() - 0.5) * (size - 2 * r - 4);
  const cy = 13.5 + (rng.uniform() - 0.5) * (size - 2 * r - 4);
  const bright = 150 + rng.uniform() * 105;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = (inside(label, x - cx, y - cy, r) ? bright : 0) + 12 * rng.normal();
      out[offset + y * size + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
}

/** `count` seeded shape images, each label uniform over the ten classes. */
export function shapeImages(split: 'train' | 'test', count: number, seed = 0): ImageDataset {
  if (split !== 'train' && split !== 'test') throw new Error(`split: expected 'train' or 'test', got ${JSON.stringify(split)}`);
  if (!Number.isInteger(count) || count < 1) throw new Error(`count: expected a positive integer, got ${count}`);
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const rng = streamRandom(seed, split === 'test' ? 1 : 0, i);
    labels[i] = rng.integer(10);
    drawShape(images, i * 784, labels[i], rng);
  }
  return { name: 'shapes (procedural)', source: 'procedural', split, count, rows: 28, cols: 28, classes: 10, images, labels };
}
