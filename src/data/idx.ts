/**
 * The IDX binary format of (Fashion-)MNIST: big-endian magic 0x0000 | type | rank, then `rank` uint32 sizes, then
 * the values. Only unsigned bytes (type 0x08) are needed. Gzipped files are inflated with node:zlib.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';

export interface IdxArray {
  /** Sizes per axis, e.g. [60000, 28, 28] for images or [60000] for labels. */
  shape: number[];
  data: Uint8Array;
}

/** Parse an (uncompressed) IDX buffer of unsigned bytes. Throws naming what is wrong with the header. */
export function parseIdx(buffer: Uint8Array, name = 'IDX data'): IdxArray {
  if (buffer.length < 4) throw new Error(`${name}: ${buffer.length} bytes is too short for an IDX header`);
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (view.getUint16(0) !== 0) throw new Error(`${name}: bad IDX magic (first two bytes must be 0)`);
  const type = view.getUint8(2);
  if (type !== 0x08) throw new Error(`${name}: IDX value type 0x${type.toString(16)} is not supported (only 0x08, unsigned bytes)`);
  const rank = view.getUint8(3);
  const header = 4 + 4 * rank;
  if (rank === 0 || buffer.length < header) throw new Error(`${name}: truncated IDX header (rank ${rank})`);
  const shape: number[] = [];
  let size = 1;
  for (let i = 0; i < rank; i++) {
    shape.push(view.getUint32(4 + 4 * i));
    size *= shape[i];
  }
  if (buffer.length - header !== size) {
    throw new Error(`${name}: IDX shape ${shape.join('×')} needs ${size} bytes of data, found ${buffer.length - header}`);
  }
  return { shape, data: buffer.subarray(header, header + size) };
}

/** Read an IDX file, gunzipping when the name ends in .gz. */
export function readIdxFile(path: string): IdxArray {
  if (!existsSync(path)) throw new Error(`IDX file ${path} does not exist`);
  const raw = readFileSync(path);
  const bytes = path.endsWith('.gz') ? gunzipSync(raw) : raw;
  return parseIdx(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
}

/** Encode unsigned bytes with a shape as IDX (gzipped when `gzip`); used to write test fixtures. */
export function encodeIdx(shape: readonly number[], data: Uint8Array, gzip = true): Buffer {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== data.length) throw new Error(`shape: ${shape.join('×')} holds ${size} values but data has ${data.length}`);
  const out = Buffer.alloc(4 + 4 * shape.length + size);
  out.writeUInt8(0x08, 2);
  out.writeUInt8(shape.length, 3);
  shape.forEach((s, i) => out.writeUInt32BE(s, 4 + 4 * i));
  out.set(data, 4 + 4 * shape.length);
  return gzip ? gzipSync(out) : out;
}
