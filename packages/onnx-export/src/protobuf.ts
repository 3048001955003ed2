/**
 * Minimal protobuf wire-format writer and reader — just what the ONNX messages need.
 *
 * Wire types: 0 = varint, 1 = 64-bit, 2 = length-delimited, 5 = 32-bit.
 * int64 values are written as two's-complement 64-bit varints (negative numbers take 10 bytes),
 * so both `number` and `bigint` inputs are accepted.
 */

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: false });

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_I32 = 5;

export class ProtoWriter {
  private buf: Uint8Array;
  private pos = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(initialCapacity);
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.pos + extra) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** Unsigned varint of a non-negative safe integer, or any int64 given as bigint/number (two's complement). */
  varint(value: number | bigint): this {
    if (typeof value === 'number' && value >= 0 && value <= 0x7fffffff && Number.isInteger(value)) {
      this.ensure(5);
      let v = value;
      while (v > 0x7f) {
        this.buf[this.pos++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      this.buf[this.pos++] = v;
      return this;
    }
    if (typeof value === 'number' && !Number.isInteger(value)) {
      throw new RangeError(`varint needs an integer, got ${value}`);
    }
    let v = BigInt.asUintN(64, BigInt(value));
    this.ensure(10);
    while (v > 0x7fn) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
    return this;
  }

  tag(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  bytes(data: Uint8Array): this {
    this.varint(data.length);
    this.ensure(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
    return this;
  }

  float32(value: number): this {
    this.ensure(4);
    new DataView(this.buf.buffer, this.buf.byteOffset).setFloat32(this.pos, value, true);
    this.pos += 4;
    return this;
  }

  // ---- field helpers (proto3: callers skip default values where that matters) ----

  fieldVarint(field: number, value: number | bigint): this {
    return this.tag(field, WIRE_VARINT).varint(value);
  }

  fieldString(field: number, value: string): this {
    return this.tag(field, WIRE_LEN).bytes(textEncoder.encode(value));
  }

  fieldBytes(field: number, value: Uint8Array): this {
    return this.tag(field, WIRE_LEN).bytes(value);
  }

  fieldFloat(field: number, value: number): this {
    return this.tag(field, WIRE_I32).float32(value);
  }

  fieldMessage(field: number, write: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    write(inner);
    return this.fieldBytes(field, inner.finish());
  }

  fieldPackedVarints(field: number, values: ReadonlyArray<number | bigint>): this {
    if (values.length === 0) return this;
    const inner = new ProtoWriter(values.length * 2 + 8);
    for (const v of values) inner.varint(v);
    return this.fieldBytes(field, inner.finish());
  }

  fieldPackedFloats(field: number, values: ReadonlyArray<number>): this {
    if (values.length === 0) return this;
    const inner = new ProtoWriter(values.length * 4 + 8);
    for (const v of values) inner.float32(v);
    return this.fieldBytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

/** One decoded field: varints come back as bigint (exact for int64), LEN fields as bytes. */
export type ProtoField =
  | { field: number; wireType: typeof WIRE_VARINT; value: bigint }
  | { field: number; wireType: typeof WIRE_I64; value: Uint8Array }
  | { field: number; wireType: typeof WIRE_LEN; value: Uint8Array }
  | { field: number; wireType: typeof WIRE_I32; value: Uint8Array };

export class ProtoReader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.buf.length) throw new RangeError('truncated varint');
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7n;
      if (shift > 63n) throw new RangeError('varint too long');
    }
    return result;
  }

  private take(n: number): Uint8Array {
    if (this.pos + n > this.buf.length) throw new RangeError('truncated field');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  next(): ProtoField {
    const key = Number(this.varint());
    const field = key >>> 3;
    const wireType = key & 7;
    switch (wireType) {
      case WIRE_VARINT:
        return { field, wireType, value: this.varint() };
      case WIRE_I64:
        return { field, wireType, value: this.take(8) };
      case WIRE_LEN:
        return { field, wireType, value: this.take(Number(this.varint())) };
      case WIRE_I32:
        return { field, wireType, value: this.take(4) };
      default:
        throw new RangeError(`unsupported wire type ${wireType} (field ${field})`);
    }
  }

  all(): ProtoField[] {
    const out: ProtoField[] = [];
    while (!this.done) out.push(this.next());
    return out;
  }
}

export function decodeString(bytes: Uint8Array): string {
  return textDecoder.decode(bytes);
}

/** int64 read back from a varint: two's complement → signed. */
export function toSignedInt64(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

export function readFloat32(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getFloat32(0, true);
}

export function readPackedVarints(bytes: Uint8Array): bigint[] {
  const r = new ProtoReader(bytes);
  const out: bigint[] = [];
  while (!r.done) out.push(r.varint());
  return out;
}

export function readPackedFloats(bytes: Uint8Array): number[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 4 <= bytes.byteLength; i += 4) out.push(dv.getFloat32(i, true));
  return out;
}
