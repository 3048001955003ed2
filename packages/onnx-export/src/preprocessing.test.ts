import { beforeAll, describe, expect, it } from 'vitest';
import { exportToOnnx } from './export.ts';
import { decodeModel } from './onnx-proto.ts';
import type { PreprocessingGraph } from './preprocessing.ts';
import { expectClose, ort, predictTf, rn, runOnnx, seq, tf, tfReady } from './test-utils.ts';

beforeAll(tfReady);

const PRE: PreprocessingGraph = {
  columns: [
    { kind: 'numeric', name: 'age', impute: 40, scale: { type: 'standardize', mean: 38.5, std: 12.25 } },
    { kind: 'categorical', name: 'color', encoding: 'onehot', categories: ['red', 'green', 'blue'], impute: 'green' },
    { kind: 'numeric', name: 'income', impute: 1000, scale: { type: 'minmax', min: 0, max: 5000 } },
    { kind: 'categorical', name: 'size', encoding: 'index', categories: ['S', 'M', 'L'] },
    { kind: 'numeric', name: 'score', impute: -1 },
    { kind: 'categorical', name: 'city', encoding: 'onehot', categories: ['Oslo', 'Bergen'] },
    { kind: 'numeric', name: 'flat', impute: 3, scale: { type: 'standardize', mean: 3, std: 0 } },
  ],
};
const WIDTH = 1 + 3 + 1 + 1 + 1 + 2 + 1;

interface Row {
  age: number;
  color: string;
  income: number;
  size: string;
  score: number;
  city: string;
  flat: number;
}

// Missing numerics (NaN), missing categoricals (""), unknown categories ("purple", "XL", "Paris").
const ROWS: Row[] = [
  { age: 25, color: 'red', income: 2500, size: 'S', score: 0.5, city: 'Oslo', flat: 3 },
  { age: NaN, color: '', income: NaN, size: '', score: NaN, city: '', flat: NaN },
  { age: 61, color: 'purple', income: 7000, size: 'XL', score: 2, city: 'Paris', flat: 9 },
  { age: 38.5, color: 'blue', income: 0, size: 'L', score: -3, city: 'Bergen', flat: 3 },
  { age: 12, color: 'green', income: 4999, size: 'M', score: 1e3, city: 'Oslo', flat: -1 },
];

/** The reference semantics, written independently of the graph builder. */
function referenceFeatures(rows: Row[]): Float32Array {
  const out: number[] = [];
  for (const r of rows) {
    const age = Number.isNaN(r.age) ? 40 : r.age;
    out.push((age - 38.5) / 12.25);
    const color = r.color === '' ? 'green' : r.color;
    out.push(...['red', 'green', 'blue'].map((c) => (c === color ? 1 : 0)));
    const income = Number.isNaN(r.income) ? 1000 : r.income;
    out.push(income / 5000);
    const sizeIdx = ['S', 'M', 'L'].indexOf(r.size);
    out.push(sizeIdx >= 0 ? sizeIdx : 3);
    out.push(Number.isNaN(r.score) ? -1 : r.score);
    out.push(...['Oslo', 'Bergen'].map((c) => (c === r.city ? 1 : 0)));
    const flat = Number.isNaN(r.flat) ? 3 : r.flat;
    out.push(flat - 3);
  }
  return Float32Array.from(out);
}

function feeds(rows: Row[]): Record<string, ort.Tensor> {
  const n = rows.length;
  const num = (k: 'age' | 'income' | 'score' | 'flat') => new ort.Tensor('float32', Float32Array.from(rows.map((r) => r[k])), [n, 1]);
  const str = (k: 'color' | 'size' | 'city') => new ort.Tensor('string', rows.map((r) => r[k]), [n, 1]);
  return {
    age: num('age'),
    color: str('color'),
    income: num('income'),
    size: str('size'),
    score: num('score'),
    city: str('city'),
    flat: num('flat'),
  };
}

describe('embedded tabular preprocessing', () => {
  it('produces exactly the reference feature vector (identity model)', async () => {
    const dense = tf.layers.dense({ units: WIDTH, useBias: false });
    const m = seq([WIDTH], [dense]);
    dense.setWeights([tf.eye(WIDTH)]);
    const r = exportToOnnx(m, { task: 'REGRESSION', preprocessing: PRE });
    expect(r.inputs).toEqual([
      { name: 'age', type: 'float32', shape: ['N', 1] },
      { name: 'color', type: 'string', shape: ['N', 1] },
      { name: 'income', type: 'float32', shape: ['N', 1] },
      { name: 'size', type: 'string', shape: ['N', 1] },
      { name: 'score', type: 'float32', shape: ['N', 1] },
      { name: 'city', type: 'string', shape: ['N', 1] },
      { name: 'flat', type: 'float32', shape: ['N', 1] },
    ]);
    const out = await runOnnx(r.bytes, feeds(ROWS));
    expect(out['value']!.dims).toEqual([ROWS.length, WIDTH]);
    expectClose(out['value']!.data as Float32Array, referenceFeatures(ROWS), 1e-6);
    expect(JSON.parse(r.metadata['feature_names']!)).toEqual([
      'age',
      'color=red',
      'color=green',
      'color=blue',
      'income',
      'size',
      'score',
      'city=Oslo',
      'city=Bergen',
      'flat',
    ]);
    expect(JSON.parse(r.metadata['preprocessing']!)).toEqual(PRE);
  });

  it('tabular MULTICLASS model on raw values matches tfjs on preprocessed features', async () => {
    const m = seq([WIDTH], [
      tf.layers.dense({ units: 8, activation: 'relu', kernelInitializer: rn(1), biasInitializer: rn(2) }),
      tf.layers.dropout({ rate: 0.2 }),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: rn(3) }),
    ]);
    const labels = ['low', 'mid', 'high'];
    const r = exportToOnnx(m, { task: 'MULTICLASS', labels, preprocessing: PRE });
    const out = await runOnnx(r.bytes, feeds(ROWS));
    const expected = predictTf(m, referenceFeatures(ROWS), [ROWS.length, WIDTH]);
    expectClose(out['probabilities']!.data as Float32Array, expected);
    const argmax = ROWS.map((_, i) => {
      const row = Array.from(expected.subarray(i * 3, i * 3 + 3));
      return row.indexOf(Math.max(...row));
    });
    expect(Array.from(out['label_index']!.data as BigInt64Array, Number)).toEqual(argmax);
    expect(out['label']!.data).toEqual(argmax.map((i) => labels[i]));
  });

  it('uses the custom unknownIndex for index encoding; impute not in categories → unknown', async () => {
    const pre: PreprocessingGraph = {
      columns: [
        { kind: 'categorical', name: 'c', encoding: 'index', categories: ['a', 'b'], unknownIndex: -1 },
        { kind: 'categorical', name: 'd', encoding: 'onehot', categories: ['x', 'y'], impute: 'zzz' },
      ],
    };
    const dense = tf.layers.dense({ units: 3, useBias: false });
    const m = seq([3], [dense]);
    dense.setWeights([tf.eye(3)]);
    const r = exportToOnnx(m, { task: 'REGRESSION', preprocessing: pre });
    const out = await runOnnx(r.bytes, {
      c: new ort.Tensor('string', ['b', 'q', ''], [3, 1]),
      d: new ort.Tensor('string', ['y', '', 'x'], [3, 1]),
    });
    expect(Array.from(out['value']!.data as Float32Array)).toEqual([1, 0, 1, -1, 0, 0, -1, 1, 0]);
  });

  it('uses ai.onnx.ml LabelEncoder for string categories and declares the ml opset', () => {
    const dense = tf.layers.dense({ units: 1 });
    const m = seq([WIDTH], [dense]);
    const r = exportToOnnx(m, { task: 'REGRESSION', preprocessing: PRE });
    const g = decodeModel(r.bytes).graph;
    expect(g.node.filter((n) => n.opType === 'LabelEncoder').every((n) => n.domain === 'ai.onnx.ml')).toBe(true);
    expect(r.opsetImports).toContainEqual({ domain: 'ai.onnx.ml', version: 3 });
  });

  it('rejects inconsistent preprocessing with INVALID_OPTIONS', () => {
    const m = seq([3], [tf.layers.dense({ units: 1 })]);
    const bad: PreprocessingGraph[] = [
      { columns: [] },
      { columns: [{ kind: 'numeric', name: 'a', impute: 0 }] }, // width 1 ≠ 3
      {
        columns: [
          { kind: 'numeric', name: 'a', impute: 0 },
          { kind: 'numeric', name: 'a', impute: 0 },
          { kind: 'numeric', name: 'b', impute: 0 },
        ],
      },
      { columns: [{ kind: 'categorical', name: 'c', encoding: 'onehot', categories: ['x', 'x', 'y'] }] },
      { columns: [{ kind: 'numeric', name: 'a', impute: NaN }, { kind: 'categorical', name: 'c', encoding: 'onehot', categories: ['x', 'y'] }] },
      {
        columns: [
          { kind: 'numeric', name: 'probabilities', impute: 0 },
          { kind: 'categorical', name: 'c', encoding: 'onehot', categories: ['x', 'y'] },
        ],
      },
    ];
    for (const preprocessing of bad) {
      const task = preprocessing.columns[0]?.name === 'probabilities' ? 'BINARY' : 'REGRESSION';
      expect(() => exportToOnnx(m, { task, preprocessing }), JSON.stringify(preprocessing)).toThrow(
        expect.objectContaining({ code: 'INVALID_OPTIONS' }),
      );
    }
  });
});
