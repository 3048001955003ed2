/**
 * Hand-built ONNX models for tests (not part of the package API). Built with onnx-export's protobuf
 * encoder so they load fast and need no tfjs.
 */
import { DataType, encodeModel, type GraphProto, type NodeProto, type TensorProto } from '@modelgraph/onnx-export';
import type { FeedBatch } from './feeds.ts';

/** mulberry32: deterministic data for tests. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function floatInit(name: string, dims: number[], seed: number, scale = 1): TensorProto {
  const r = rng(seed);
  const size = dims.reduce((a, b) => a * b, 1);
  const data = Float32Array.from({ length: size }, () => (r() * 2 - 1) * scale);
  return { name, dataType: DataType.FLOAT, dims, rawData: new Uint8Array(data.buffer) };
}

function model(graph: GraphProto): Uint8Array {
  return encodeModel({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], producerName: 'inference-core-test', graph });
}

/**
 * x float [N, 4], s string [N, 1] →
 *   y float [N, 2] = tanh(x · W + seed-dependent bias), k int64 [N] = argmax(y), s_out = s.
 * Covers the three batch element types. `pad` adds a doc string of that length to control the file size.
 */
export function tinyModel(seed = 1, pad = 0): Uint8Array {
  const nodes: NodeProto[] = [
    { input: ['x', 'W'], output: ['xw'], opType: 'MatMul' },
    { input: ['xw', 'b'], output: ['z'], opType: 'Add' },
    { input: ['z'], output: ['y'], opType: 'Tanh' },
    { input: ['y'], output: ['k'], opType: 'ArgMax', attribute: [{ name: 'axis', type: 'INT', i: 1 }, { name: 'keepdims', type: 'INT', i: 0 }] },
    { input: ['s'], output: ['s_out'], opType: 'Identity' },
  ];
  const initializer = [floatInit('W', [4, 2], seed), floatInit('b', [2], seed + 1)];
  return model({
    name: 'tiny',
    ...(pad > 0 && { docString: 'x'.repeat(pad) }),
    node: nodes,
    initializer,
    input: [
      { name: 'x', elemType: DataType.FLOAT, shape: ['N', 4] },
      { name: 's', elemType: DataType.STRING, shape: ['N', 1] },
    ],
    output: [
      { name: 'y', elemType: DataType.FLOAT, shape: ['N', 2] },
      { name: 'k', elemType: DataType.INT64, shape: ['N'] },
      { name: 's_out', elemType: DataType.STRING, shape: ['N', 1] },
    ],
  });
}

export function tinyFeeds(rows: number, seed = 7): FeedBatch {
  const r = rng(seed);
  return {
    rows,
    tensors: {
      x: { type: 'float32', rowShape: [4], data: Float32Array.from({ length: rows * 4 }, () => r() * 4 - 2) },
      s: { type: 'string', rowShape: [1], data: Array.from({ length: rows }, (_, i) => `row-${i}`) },
    },
  };
}

/**
 * x float [N, width] → y float [N, width] = `layers` × tanh(x · W) with one shared [width, width] weight
 * (4·width² bytes). Heavy: ~2·N·width²·layers FLOPs per run.
 */
export function heavyModel(width = 1024, layers = 24): Uint8Array {
  const node: NodeProto[] = [];
  let prev = 'x';
  for (let i = 0; i < layers; i++) {
    const last = i === layers - 1;
    node.push({ input: [prev, 'W'], output: [`m${i}`], opType: 'MatMul' });
    node.push({ input: [`m${i}`], output: [last ? 'y' : `t${i}`], opType: 'Tanh' });
    prev = `t${i}`;
  }
  return model({
    name: 'heavy',
    node,
    initializer: [floatInit('W', [width, width], 3, 1 / Math.sqrt(width))],
    input: [{ name: 'x', elemType: DataType.FLOAT, shape: ['N', width] }],
    output: [{ name: 'y', elemType: DataType.FLOAT, shape: ['N', width] }],
  });
}

export function heavyFeeds(rows: number, width = 1024): FeedBatch {
  const r = rng(11);
  return { rows, tensors: { x: { type: 'float32', rowShape: [width], data: Float32Array.from({ length: rows * width }, () => r() * 2 - 1) } } };
}

/** x float [N, 3] → Reshape to [2, -1]: fails for one row (the warm-up), works for an even number of rows. */
export function oddReshapeModel(): Uint8Array {
  return model({
    name: 'reshape',
    node: [{ input: ['x', 'shape'], output: ['r'], opType: 'Reshape' }, { input: ['r', 'back'], output: ['y'], opType: 'Reshape' }],
    initializer: [
      { name: 'shape', dataType: DataType.INT64, dims: [2], int64Data: [2n, -1n] },
      { name: 'back', dataType: DataType.INT64, dims: [2], int64Data: [-1n, 3n] },
    ],
    input: [{ name: 'x', elemType: DataType.FLOAT, shape: ['N', 3] }],
    output: [{ name: 'y', elemType: DataType.FLOAT, shape: ['N', 3] }],
  });
}
