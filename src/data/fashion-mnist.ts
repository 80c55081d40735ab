/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017; MIT licence), the offline stand-in for CIFAR-5M: 60k/10k official
 * split, 28×28 grey images, 10 balanced classes. Files: the gzipped IDX quartet of Debian's dataset-fashion-mnist.
 * Folder resolution order: $TL_FASHION_MNIST_DIR, /usr/share/datasets/fashion-mnist, <project>/data/external/fashion-mnist.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readIdxFile } from './idx';
import { packagePath } from '../base/paths';

/** Grey images with integer labels, as stored (bytes 0…255). */
export interface ImageDataset {
  /** Data set label to print with every result (e.g. 'fashion-mnist', 'shapes (procedural)'). */
  name: string;
  /** Folder read, or 'procedural'. */
  source: string;
  split: 'train' | 'test';
  count: number;
  rows: number;
  cols: number;
  classes: number;
  /** count·rows·cols bytes, image-major, row-major within an image. */
  images: Uint8Array;
  /** count labels in 0 … classes−1. */
  labels: Uint8Array;
}

export const fashionMnistDebianDir = '/usr/share/datasets/fashion-mnist';
export const fashionMnistClassNames = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

const files = {
  train: ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'],
  test: ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'],
} as const;

function complete(dir: string): boolean {
  return [...files.train, ...files.test].every((f) => existsSync(join(dir, f)));
}

/** The candidate folders in resolution order. */
export function fashionMnistCandidates(): string[] {
  const list: string[] = [];
  if (process.env.TL_FASHION_MNIST_DIR) list.push(process.env.TL_FASHION_MNIST_DIR);
  list.push(fashionMnistDebianDir);
  list.push(packagePath('data', 'external', 'fashion-mnist'));
  return list;
}

/** The first folder holding all four files, or null. */
export function findFashionMnistDir(): string | null {
  return fashionMnistCandidates().find(complete) ?? null;
}

/** The folder to read, or an Error naming the Debian package and the set-up command. */
export function resolveFashionMnistDir(dir?: string): string {
  if (dir !== undefined) {
    if (!complete(dir)) throw new Error(`Fashion-MNIST: ${dir} lacks some of ${[...files.train, ...files.test].join(', ')}`);
    return dir;
  }
  const found = findFashionMnistDir();
  if (found) return found;
  throw fashionMnistMissingError(fashionMnistCandidates());
}

/** The error for a missing data set: where we looked, the Debian package, the set-up command, the fallback. */
export function fashionMnistMissingError(candidates: readonly string[]): Error {
  return new Error(
    `Fashion-MNIST is not installed: looked in ${candidates.join(', ')}. ` +
      `Install the Debian package dataset-fashion-mnist (run 'npm run setup' as root, or 'sudo apt-get install dataset-fashion-mnist'), ` +
      `or set TL_FASHION_MNIST_DIR to a folder with the four .gz IDX files. ` +
      `For a data-free run choose the procedural shapes data set (loadImageData({source: 'shapes'})).`,
  );
}

const memo = new Map<string, ImageDataset>();

/** Load one split (memoised per folder and split). `dir` skips the resolution order. */
export function loadFashionMnist(split: 'train' | 'test', options: { dir?: string } = {}): ImageDataset {
  if (split !== 'train' && split !== 'test') throw new Error(`split: expected 'train' or 'test', got ${JSON.stringify(split)}`);
  const dir = resolveFashionMnistDir(options.dir);
  const id = `${dir}\0${split}`;
  const hit = memo.get(id);
  if (hit) return hit;
  const images = readIdxFile(join(dir, files[split][0]));
  const labels = readIdxFile(join(dir, files[split][1]));
  if (images.shape.length !== 3 || labels.shape.length !== 1 || images.shape[0] !== labels.shape[0]) {
    throw new Error(`Fashion-MNIST ${dir} ${split}: images ${images.shape.join('×')} and labels ${labels.shape.join('×')} do not match`);
  }
  let classes = 0;
  for (const l of labels.data) classes = Math.max(classes, l + 1);
  const data: ImageDataset = {
    name: dir === fashionMnistDebianDir ? 'fashion-mnist' : `fashion-mnist (${dir})`,
    source: dir,
    split,
    count: images.shape[0],
    rows: images.shape[1],
    cols: images.shape[2],
    classes: Math.max(classes, 10), // Fashion-MNIST has 10; a small fixture may show fewer
    images: images.data,
    labels: labels.data,
  };
  memo.set(id, data);
  return data;
}
