/**
 * The subset of onnx.proto3 this package writes, as plain TypeScript objects, with an encoder to
 * protobuf bytes and a decoder back (for tests and inspection). Field numbers follow onnx/onnx.proto3.
 */
import {
  ProtoReader,
  ProtoWriter,
  WIRE_I32,
  WIRE_LEN,
  WIRE_VARINT,
  decodeString,
  readFloat32,
  readPackedFloats,
  readPackedVarints,
  toSignedInt64,
  type ProtoField,
} from './protobuf.ts';

/** TensorProto.DataType */
export const DataType = {
  UNDEFINED: 0,
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
} as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

export interface TensorProto {
  name: string;
  dataType: number;
  dims: number[];
  /** Little-endian packed values (FLOAT, INT64, INT32, BOOL, …). */
  rawData?: Uint8Array;
  floatData?: number[];
  int32Data?: number[];
  int64Data?: bigint[];
  /** STRING tensors. */
  stringData?: string[];
  docString?: string;
}

export type AttributeProto =
  | { name: string; type: 'FLOAT'; f: number }
  | { name: string; type: 'INT'; i: number }
  | { name: string; type: 'STRING'; s: string }
  | { name: string; type: 'TENSOR'; t: TensorProto }
  | { name: string; type: 'GRAPH'; g: GraphProto }
  | { name: string; type: 'FLOATS'; floats: number[] }
  | { name: string; type: 'INTS'; ints: number[] }
  | { name: string; type: 'STRINGS'; strings: string[] };

export interface NodeProto {
  input: string[];
  output: string[];
  name?: string;
  opType: string;
  domain?: string;
  attribute?: AttributeProto[];
  docString?: string;
}

/** A dimension: number → dim_value, string → dim_param (symbolic, e.g. the batch), null → unknown. */
export type Dim = number | string | null;

export interface ValueInfoProto {
  name: string;
  elemType: number;
  /** undefined → shape unknown (no shape field at all). */
  shape?: Dim[];
  docString?: string;
}

export interface GraphProto {
  name: string;
  node: NodeProto[];
  initializer: TensorProto[];
  input: ValueInfoProto[];
  output: ValueInfoProto[];
  valueInfo?: ValueInfoProto[];
  docString?: string;
}

export interface OperatorSetId {
  domain: string;
  version: number;
}

export interface StringStringEntry {
  key: string;
  value: string;
}

export interface ModelProto {
  irVersion: number;
  opsetImport: OperatorSetId[];
  producerName?: string;
  producerVersion?: string;
  domain?: string;
  modelVersion?: number;
  docString?: string;
  graph: GraphProto;
  metadataProps?: StringStringEntry[];
}

const ATTRIBUTE_TYPE_CODES = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
} as const;
type AttributeTypeName = keyof typeof ATTRIBUTE_TYPE_CODES;
const ATTRIBUTE_TYPE_NAMES = new Map<number, AttributeTypeName>(
  Object.entries(ATTRIBUTE_TYPE_CODES).map(([k, v]) => [v, k as AttributeTypeName]),
);

// ------------------------------------------------------------------------------------------------
// Encoding
// ------------------------------------------------------------------------------------------------

function writeTensor(w: ProtoWriter, t: TensorProto): void {
  w.fieldPackedVarints(1, t.dims); // dims
  w.fieldVarint(2, t.dataType); // data_type
  if (t.floatData) w.fieldPackedFloats(4, t.floatData);
  if (t.int32Data) w.fieldPackedVarints(5, t.int32Data);
  if (t.stringData) for (const s of t.stringData) w.fieldString(6, s);
  if (t.int64Data) w.fieldPackedVarints(7, t.int64Data);
  if (t.name) w.fieldString(8, t.name);
  if (t.rawData) w.fieldBytes(9, t.rawData);
  if (t.docString) w.fieldString(12, t.docString);
}

function writeAttribute(w: ProtoWriter, a: AttributeProto): void {
  w.fieldString(1, a.name);
  switch (a.type) {
    case 'FLOAT':
      w.fieldFloat(2, a.f);
      break;
    case 'INT':
      w.fieldVarint(3, a.i);
      break;
    case 'STRING':
      w.fieldString(4, a.s);
      break;
    case 'TENSOR':
      w.fieldMessage(5, (m) => writeTensor(m, a.t));
      break;
    case 'GRAPH':
      w.fieldMessage(6, (m) => writeGraph(m, a.g));
      break;
    case 'FLOATS':
      w.fieldPackedFloats(7, a.floats);
      break;
    case 'INTS':
      w.fieldPackedVarints(8, a.ints);
      break;
    case 'STRINGS':
      for (const s of a.strings) w.fieldString(9, s);
      break;
  }
  w.fieldVarint(20, ATTRIBUTE_TYPE_CODES[a.type]);
}

function writeNode(w: ProtoWriter, n: NodeProto): void {
  for (const i of n.input) w.fieldString(1, i);
  for (const o of n.output) w.fieldString(2, o);
  if (n.name) w.fieldString(3, n.name);
  w.fieldString(4, n.opType);
  for (const a of n.attribute ?? []) w.fieldMessage(5, (m) => writeAttribute(m, a));
  if (n.docString) w.fieldString(6, n.docString);
  if (n.domain) w.fieldString(7, n.domain);
}

function writeValueInfo(w: ProtoWriter, v: ValueInfoProto): void {
  w.fieldString(1, v.name);
  // TypeProto { tensor_type(1): TypeProto.Tensor { elem_type(1), shape(2): TensorShapeProto { dim(1) } } }
  w.fieldMessage(2, (type) =>
    type.fieldMessage(1, (tensor) => {
      tensor.fieldVarint(1, v.elemType);
      if (v.shape) {
        const shape = v.shape;
        tensor.fieldMessage(2, (sh) => {
          for (const d of shape) {
            sh.fieldMessage(1, (dim) => {
              if (typeof d === 'number') dim.fieldVarint(1, d);
              else if (typeof d === 'string') dim.fieldString(2, d);
            });
          }
        });
      }
    }),
  );
  if (v.docString) w.fieldString(3, v.docString);
}

function writeGraph(w: ProtoWriter, g: GraphProto): void {
  for (const n of g.node) w.fieldMessage(1, (m) => writeNode(m, n));
  w.fieldString(2, g.name);
  for (const t of g.initializer) w.fieldMessage(5, (m) => writeTensor(m, t));
  if (g.docString) w.fieldString(10, g.docString);
  for (const v of g.input) w.fieldMessage(11, (m) => writeValueInfo(m, v));
  for (const v of g.output) w.fieldMessage(12, (m) => writeValueInfo(m, v));
  for (const v of g.valueInfo ?? []) w.fieldMessage(13, (m) => writeValueInfo(m, v));
}

/** Serialises a ModelProto to protobuf bytes. */
export function encodeModel(model: ModelProto): Uint8Array {
  const w = new ProtoWriter(1024);
  w.fieldVarint(1, model.irVersion);
  if (model.producerName) w.fieldString(2, model.producerName);
  if (model.producerVersion) w.fieldString(3, model.producerVersion);
  if (model.domain) w.fieldString(4, model.domain);
  if (model.modelVersion !== undefined) w.fieldVarint(5, model.modelVersion);
  if (model.docString) w.fieldString(6, model.docString);
  w.fieldMessage(7, (m) => writeGraph(m, model.graph));
  for (const o of model.opsetImport) {
    w.fieldMessage(8, (m) => {
      if (o.domain) m.fieldString(1, o.domain);
      m.fieldVarint(2, o.version);
    });
  }
  for (const e of model.metadataProps ?? []) {
    w.fieldMessage(14, (m) => {
      m.fieldString(1, e.key);
      m.fieldString(2, e.value);
    });
  }
  return w.finish();
}

// ------------------------------------------------------------------------------------------------
// Decoding (a strict-enough reader for what we write; unknown fields are skipped)
// ------------------------------------------------------------------------------------------------

function fieldsOf(bytes: Uint8Array): ProtoField[] {
  return new ProtoReader(bytes).all();
}

function str(f: ProtoField): string {
  if (f.wireType !== WIRE_LEN) throw new TypeError(`field ${f.field}: expected a string`);
  return decodeString(f.value);
}

function int(f: ProtoField): number {
  if (f.wireType !== WIRE_VARINT) throw new TypeError(`field ${f.field}: expected a varint`);
  return Number(toSignedInt64(f.value));
}

/** Repeated varint fields may arrive packed (LEN) or unpacked (VARINT). */
function varints(f: ProtoField): bigint[] {
  if (f.wireType === WIRE_LEN) return readPackedVarints(f.value).map(toSignedInt64);
  if (f.wireType === WIRE_VARINT) return [toSignedInt64(f.value)];
  throw new TypeError(`field ${f.field}: expected varints`);
}

function floats(f: ProtoField): number[] {
  if (f.wireType === WIRE_LEN) return readPackedFloats(f.value);
  if (f.wireType === WIRE_I32) return [readFloat32(f.value)];
  throw new TypeError(`field ${f.field}: expected floats`);
}

function bytesOf(f: ProtoField): Uint8Array {
  if (f.wireType !== WIRE_LEN) throw new TypeError(`field ${f.field}: expected bytes`);
  return f.value;
}

export function decodeTensor(bytes: Uint8Array): TensorProto {
  const t: TensorProto = { name: '', dataType: 0, dims: [] };
  for (const f of fieldsOf(bytes)) {
    switch (f.field) {
      case 1:
        t.dims.push(...varints(f).map(Number));
        break;
      case 2:
        t.dataType = int(f);
        break;
      case 4:
        (t.floatData ??= []).push(...floats(f));
        break;
      case 5:
        (t.int32Data ??= []).push(...varints(f).map((v) => Number(BigInt.asIntN(32, v))));
        break;
      case 6:
        (t.stringData ??= []).push(str(f));
        break;
      case 7:
        (t.int64Data ??= []).push(...varints(f));
        break;
      case 8:
        t.name = str(f);
        break;
      case 9:
        t.rawData = bytesOf(f).slice();
        break;
      case 12:
        t.docString = str(f);
        break;
    }
  }
  return t;
}

function decodeAttribute(bytes: Uint8Array): AttributeProto {
  let name = '';
  let type = 0;
  let f32 = 0;
  let i64 = 0;
  let s = '';
  let t: TensorProto | undefined;
  let g: GraphProto | undefined;
  const fl: number[] = [];
  const ints: number[] = [];
  const strings: string[] = [];
  for (const f of fieldsOf(bytes)) {
    switch (f.field) {
      case 1:
        name = str(f);
        break;
      case 2:
        f32 = floats(f)[0] ?? 0;
        break;
      case 3:
        i64 = int(f);
        break;
      case 4:
        s = str(f);
        break;
      case 5:
        t = decodeTensor(bytesOf(f));
        break;
      case 6:
        g = decodeGraph(bytesOf(f));
        break;
      case 7:
        fl.push(...floats(f));
        break;
      case 8:
        ints.push(...varints(f).map(Number));
        break;
      case 9:
        strings.push(str(f));
        break;
      case 20:
        type = int(f);
        break;
    }
  }
  const typeName = ATTRIBUTE_TYPE_NAMES.get(type);
  switch (typeName) {
    case 'FLOAT':
      return { name, type: typeName, f: f32 };
    case 'INT':
      return { name, type: typeName, i: i64 };
    case 'STRING':
      return { name, type: typeName, s };
    case 'TENSOR':
      return { name, type: typeName, t: t ?? { name: '', dataType: 0, dims: [] } };
    case 'GRAPH':
      return { name, type: typeName, g: g ?? emptyGraph() };
    case 'FLOATS':
      return { name, type: typeName, floats: fl };
    case 'INTS':
      return { name, type: typeName, ints };
    case 'STRINGS':
      return { name, type: typeName, strings };
    default:
      throw new TypeError(`attribute ${name}: unsupported attribute type ${type}`);
  }
}

function decodeNode(bytes: Uint8Array): NodeProto {
  const n: NodeProto = { input: [], output: [], opType: '' };
  for (const f of fieldsOf(bytes)) {
    switch (f.field) {
      case 1:
        n.input.push(str(f));
        break;
      case 2:
        n.output.push(str(f));
        break;
      case 3:
        n.name = str(f);
        break;
      case 4:
        n.opType = str(f);
        break;
      case 5:
        (n.attribute ??= []).push(decodeAttribute(bytesOf(f)));
        break;
      case 6:
        n.docString = str(f);
        break;
      case 7:
        n.domain = str(f);
        break;
    }
  }
  return n;
}

function decodeValueInfo(bytes: Uint8Array): ValueInfoProto {
  const v: ValueInfoProto = { name: '', elemType: 0 };
  for (const f of fieldsOf(bytes)) {
    if (f.field === 1) v.name = str(f);
    else if (f.field === 3) v.docString = str(f);
    else if (f.field === 2) {
      for (const tf of fieldsOf(bytesOf(f))) {
        if (tf.field !== 1) continue; // only tensor_type
        for (const tt of fieldsOf(bytesOf(tf))) {
          if (tt.field === 1) v.elemType = int(tt);
          else if (tt.field === 2) {
            const shape: Dim[] = [];
            for (const df of fieldsOf(bytesOf(tt))) {
              if (df.field !== 1) continue;
              let d: Dim = null;
              for (const x of fieldsOf(bytesOf(df))) {
                if (x.field === 1) d = int(x);
                else if (x.field === 2) d = str(x);
              }
              shape.push(d);
            }
            v.shape = shape;
          }
        }
      }
    }
  }
  return v;
}

function emptyGraph(): GraphProto {
  return { name: '', node: [], initializer: [], input: [], output: [] };
}

export function decodeGraph(bytes: Uint8Array): GraphProto {
  const g = emptyGraph();
  for (const f of fieldsOf(bytes)) {
    switch (f.field) {
      case 1:
        g.node.push(decodeNode(bytesOf(f)));
        break;
      case 2:
        g.name = str(f);
        break;
      case 5:
        g.initializer.push(decodeTensor(bytesOf(f)));
        break;
      case 10:
        g.docString = str(f);
        break;
      case 11:
        g.input.push(decodeValueInfo(bytesOf(f)));
        break;
      case 12:
        g.output.push(decodeValueInfo(bytesOf(f)));
        break;
      case 13:
        (g.valueInfo ??= []).push(decodeValueInfo(bytesOf(f)));
        break;
    }
  }
  return g;
}

/** Parses ModelProto bytes (as written by {@link encodeModel}, or any ONNX file using these fields). */
export function decodeModel(bytes: Uint8Array): ModelProto {
  let graph: GraphProto | undefined;
  const m: Omit<ModelProto, 'graph'> & { graph?: GraphProto } = { irVersion: 0, opsetImport: [] };
  for (const f of fieldsOf(bytes)) {
    switch (f.field) {
      case 1:
        m.irVersion = int(f);
        break;
      case 2:
        m.producerName = str(f);
        break;
      case 3:
        m.producerVersion = str(f);
        break;
      case 4:
        m.domain = str(f);
        break;
      case 5:
        m.modelVersion = int(f);
        break;
      case 6:
        m.docString = str(f);
        break;
      case 7:
        graph = decodeGraph(bytesOf(f));
        break;
      case 8: {
        const o: OperatorSetId = { domain: '', version: 0 };
        for (const x of fieldsOf(bytesOf(f))) {
          if (x.field === 1) o.domain = str(x);
          else if (x.field === 2) o.version = int(x);
        }
        m.opsetImport.push(o);
        break;
      }
      case 14: {
        const e: StringStringEntry = { key: '', value: '' };
        for (const x of fieldsOf(bytesOf(f))) {
          if (x.field === 1) e.key = str(x);
          else if (x.field === 2) e.value = str(x);
        }
        (m.metadataProps ??= []).push(e);
        break;
      }
    }
  }
  return { ...m, graph: graph ?? emptyGraph() };
}

// ------------------------------------------------------------------------------------------------
// Tensor data helpers
// ------------------------------------------------------------------------------------------------

export function floatTensor(name: string, dims: number[], values: ArrayLike<number>): TensorProto {
  const f32 = Float32Array.from(values);
  return { name, dataType: DataType.FLOAT, dims, rawData: new Uint8Array(f32.buffer) };
}

export function int64Tensor(name: string, dims: number[], values: ArrayLike<number | bigint>): TensorProto {
  const out = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = BigInt(values[i]!);
  return { name, dataType: DataType.INT64, dims, rawData: new Uint8Array(out.buffer) };
}

export function int32Tensor(name: string, dims: number[], values: ArrayLike<number>): TensorProto {
  const i32 = Int32Array.from(values);
  return { name, dataType: DataType.INT32, dims, rawData: new Uint8Array(i32.buffer) };
}

export function stringTensor(name: string, dims: number[], values: string[]): TensorProto {
  return { name, dataType: DataType.STRING, dims, stringData: values };
}

/** Reads the values of a FLOAT / INT64 / INT32 / STRING tensor, whichever storage it uses. */
export function tensorValues(t: TensorProto): number[] | bigint[] | string[] {
  if (t.dataType === DataType.STRING) return t.stringData ?? [];
  if (t.rawData) {
    const copy = t.rawData.slice();
    switch (t.dataType) {
      case DataType.FLOAT:
        return Array.from(new Float32Array(copy.buffer));
      case DataType.INT64:
        return Array.from(new BigInt64Array(copy.buffer));
      case DataType.INT32:
        return Array.from(new Int32Array(copy.buffer));
      case DataType.DOUBLE:
        return Array.from(new Float64Array(copy.buffer));
      default:
        return Array.from(copy);
    }
  }
  if (t.dataType === DataType.INT64) return t.int64Data ?? [];
  if (t.dataType === DataType.FLOAT) return t.floatData ?? [];
  return t.int32Data ?? [];
}
