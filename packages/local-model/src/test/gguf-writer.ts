/**
 * A minimal GGUF v3 writer, for test support only: it lets the test suite make a real model file that
 * llama.cpp loads, instead of downloading one. Layout (ggml/docs/gguf.md): header (magic, version,
 * tensor count, key/value count), the key/values, the tensor infos, padding to the alignment, then
 * each tensor's data at an aligned offset. Everything is little-endian.
 */

/** GGUF metadata value types, as numbered in the format. */
const ValueType = {
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
} as const;

type ScalarType = 'uint32' | 'int32' | 'float32' | 'bool' | 'string';

export type GgufValue =
  | { type: 'uint32' | 'int32' | 'float32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'array'; itemType: 'uint32' | 'int32' | 'float32'; value: readonly number[] }
  | { type: 'array'; itemType: 'string'; value: readonly string[] };

export interface GgufTensor {
  name: string;
  /** ggml order: the fastest-varying dimension first (a [rows, columns] matrix is `[columns, rows]`). */
  dimensions: readonly number[];
  /** F32 data, `product(dimensions)` values. */
  data: Float32Array;
}

export interface GgufFile {
  metadata: ReadonlyArray<readonly [key: string, value: GgufValue]>;
  tensors: readonly GgufTensor[];
  /** Defaults to 32, llama.cpp's default when `general.alignment` is absent. */
  alignment?: number;
}

const GGML_TYPE_F32 = 0;

/** Serialises a GGUF v3 file into one buffer (test models are a few hundred KB). */
export function encodeGguf(file: GgufFile): Buffer {
  const alignment = file.alignment ?? 32;
  const writer = new ByteWriter();
  writer.raw(Buffer.from('GGUF', 'ascii'));
  writer.uint32(3);
  writer.uint64(file.tensors.length);
  writer.uint64(file.metadata.length);
  for (const [key, value] of file.metadata) {
    writer.string(key);
    writeValue(writer, value);
  }

  let offset = 0;
  for (const tensor of file.tensors) {
    const expected = tensor.dimensions.reduce((product, size) => product * size, 1);
    if (expected !== tensor.data.length) {
      throw new Error(`tensor ${tensor.name}: dimensions ${tensor.dimensions.join('x')} need ${expected} values, got ${tensor.data.length}`);
    }
    writer.string(tensor.name);
    writer.uint32(tensor.dimensions.length);
    for (const size of tensor.dimensions) writer.uint64(size);
    writer.uint32(GGML_TYPE_F32);
    writer.uint64(offset);
    offset = alignUp(offset + tensor.data.byteLength, alignment);
  }

  writer.padTo(alignment);
  for (const tensor of file.tensors) {
    writer.raw(Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
    writer.padTo(alignment);
  }
  return writer.toBuffer();
}

function writeValue(writer: ByteWriter, value: GgufValue): void {
  writer.uint32(ValueType[value.type]);
  if (value.type === 'array') {
    writer.uint32(ValueType[value.itemType]);
    writer.uint64(value.value.length);
    for (const item of value.value) writeScalar(writer, value.itemType, item);
    return;
  }
  writeScalar(writer, value.type, value.value);
}

function writeScalar(writer: ByteWriter, type: ScalarType, value: number | boolean | string): void {
  switch (type) {
    case 'uint32':
      return writer.uint32(value as number);
    case 'int32':
      return writer.int32(value as number);
    case 'float32':
      return writer.float32(value as number);
    case 'bool':
      return writer.raw(Buffer.from([value ? 1 : 0]));
    case 'string':
      return writer.string(value as string);
  }
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

/** Appends little-endian values to a growing list of chunks. */
class ByteWriter {
  private readonly chunks: Buffer[] = [];
  private length = 0;

  raw(bytes: Buffer): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  uint32(value: number): void {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32LE(value);
    this.raw(bytes);
  }

  int32(value: number): void {
    const bytes = Buffer.alloc(4);
    bytes.writeInt32LE(value);
    this.raw(bytes);
  }

  float32(value: number): void {
    const bytes = Buffer.alloc(4);
    bytes.writeFloatLE(value);
    this.raw(bytes);
  }

  uint64(value: number): void {
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64LE(BigInt(value));
    this.raw(bytes);
  }

  /** GGUF strings: a uint64 byte length, then UTF-8 bytes, no terminator. */
  string(value: string): void {
    const bytes = Buffer.from(value, 'utf8');
    this.uint64(bytes.length);
    this.raw(bytes);
  }

  padTo(alignment: number): void {
    const padding = alignUp(this.length, alignment) - this.length;
    if (padding > 0) this.raw(Buffer.alloc(padding));
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}
