import { fitPreprocessing, inferSchema, transformRow, type Row } from '@modelgraph/dataset-core';
import { describe, expect, it } from 'vitest';
import {
  PredictInputError,
  decodePredictions,
  recordsToFeeds,
  tensorsToFeeds,
  type ModelSignature,
} from './signature.ts';
import type { OutputBatch } from './feeds.ts';

const tensorSig: ModelSignature = {
  task: 'MULTICLASS',
  inputs: [{ name: 'features', type: 'float32', shape: [null, 8] }],
  outputs: [{ name: 'probabilities', type: 'float32', shape: [null, 3] }],
  labels: ['a', 'b', 'c'],
};

const recordSig: ModelSignature = {
  task: 'REGRESSION',
  inputs: [
    { name: 'Horsepower', type: 'float32', shape: [null, 1] },
    { name: 'Turbo', type: 'float32', shape: [null, 1] },
    { name: 'Built', type: 'float32', shape: [null, 1] },
    { name: 'Origin', type: 'string', shape: [null, 1] },
  ],
  outputs: [{ name: 'value', type: 'float32', shape: [null, 1] }],
  recordFields: [
    { name: 'Horsepower', kind: 'numeric', input: 'Horsepower' },
    { name: 'Turbo', kind: 'boolean', input: 'Turbo' },
    { name: 'Built', kind: 'datetime', input: 'Built' },
    { name: 'Origin', kind: 'categorical', input: 'Origin' },
  ],
};

function inputError(fn: () => unknown): PredictInputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PredictInputError);
    expect((err as PredictInputError).code).toBe('BAD_USER_INPUT');
    return err as PredictInputError;
  }
  throw new Error('expected a PredictInputError');
}

describe('tensorsToFeeds', () => {
  const row = (v: number) => Array.from({ length: 8 }, (_, i) => v + i);

  it('flattens rows into the single float input', () => {
    const f = tensorsToFeeds(tensorSig, [row(0), row(10)]);
    expect(f.rows).toBe(2);
    expect(f.tensors.features!.rowShape).toEqual([8]);
    expect(Array.from(f.tensors.features!.data as Float32Array)).toEqual([...row(0), ...row(10)]);
  });

  it('uses featureShape for multi-dimensional inputs', () => {
    const sig: ModelSignature = { ...tensorSig, inputs: [{ name: 'img', type: 'float32', shape: [null, 2, 2, 1] }], featureShape: [2, 2, 1] };
    const f = tensorsToFeeds(sig, [[1, 2, 3, 4]]);
    expect(f.tensors.img!.rowShape).toEqual([2, 2, 1]);
    expect(inputError(() => tensorsToFeeds(sig, [[1, 2, 3]])).message).toBe('tensors[0] has 3 values; the model expects 4 (shape [2, 2, 1])');
  });

  it('takes a dynamic width from the rows, which must agree', () => {
    const sig: ModelSignature = { ...tensorSig, inputs: [{ name: 'seq', type: 'float32', shape: [null, null] }] };
    expect(tensorsToFeeds(sig, [[1, 2, 3], [4, 5, 6]]).tensors.seq!.rowShape).toEqual([3]);
    expect(inputError(() => tensorsToFeeds(sig, [[1, 2, 3], [4, 5]])).message).toMatch(/tensors\[1\] has 2 values; the model expects 3/);
  });

  it('names the bad row and value', () => {
    const rows = [row(0), row(0), row(0), row(0).slice(1)];
    const e = inputError(() => tensorsToFeeds(tensorSig, rows));
    expect(e.message).toBe('tensors[3] has 7 values; the model expects 8 (shape [8])');
    expect(e.path).toBe('tensors[3]');
    const bad = row(0) as unknown[];
    bad[5] = 'x';
    expect(inputError(() => tensorsToFeeds(tensorSig, [row(0), bad])).message).toBe('tensors[1][5] must be a finite number');
    expect(inputError(() => tensorsToFeeds(tensorSig, [5])).message).toBe('tensors[0] must be a list of numbers');
    expect(inputError(() => tensorsToFeeds(tensorSig, [])).message).toMatch(/at least one row/);
    expect(inputError(() => tensorsToFeeds(tensorSig, [row(0), row(0)], { maxRows: 1 })).message).toMatch(/2 rows; at most 1/);
  });

  it('refuses tensors for a record model', () => {
    expect(inputError(() => tensorsToFeeds(recordSig, [[1]])).message).toMatch(/takes records/);
  });
});

describe('recordsToFeeds', () => {
  const rec = { Horsepower: 130, Turbo: 'yes', Built: '2020-01-02', Origin: ' USA ' };

  it('feeds each field into its own [N, 1] input', () => {
    const f = recordsToFeeds(recordSig, [rec, { Horsepower: '95.5', Turbo: false, Built: '1970-01-01T00:01:00Z', Origin: 'Japan' }]);
    expect(f.rows).toBe(2);
    expect(f.tensors.Horsepower).toEqual({ type: 'float32', rowShape: [1], data: new Float32Array([130, 95.5]) });
    expect(Array.from(f.tensors.Turbo!.data as Float32Array)).toEqual([1, 0]);
    expect(Array.from(f.tensors.Built!.data as Float32Array)).toEqual([Math.fround(Date.UTC(2020, 0, 2) / 1000), 60]);
    expect(f.tensors.Origin).toEqual({ type: 'string', rowShape: [1], data: ['USA', 'Japan'] });
  });

  it('turns null and missing tokens into NaN / "" for the graph to impute', () => {
    const f = recordsToFeeds(recordSig, [
      { Horsepower: null, Turbo: null, Built: null, Origin: null },
      { Horsepower: '?', Turbo: 'NA', Built: '', Origin: 'n/a' },
    ]);
    for (const name of ['Horsepower', 'Turbo', 'Built']) expect(Array.from(f.tensors[name]!.data as Float32Array).every(Number.isNaN)).toBe(true);
    expect(f.tensors.Origin!.data).toEqual(['', '']);
    // Numbers and booleans are categories too, keyed like the training data.
    expect(recordsToFeeds(recordSig, [{ ...rec, Origin: 4 }]).tensors.Origin!.data).toEqual(['4']);
  });

  it('reads datetimes and numbers exactly like the training preprocessing', async () => {
    const rows: Row[] = [{ d: '2020-01-01', x: '1' }, { d: '2021-06-03T12:30:00+02:00', x: '2.5' }];
    const columns = (await inferSchema(rows.map((values) => ({ values })))).columns;
    const fitted = await fitPreprocessing(
      { columns: [{ name: 'd', type: 'datetime', scaling: 'none' }, { name: 'x', type: 'numeric', scaling: 'none' }] },
      columns,
      rows,
    );
    const sig: ModelSignature = {
      ...recordSig,
      recordFields: [{ name: 'd', kind: 'datetime', input: 'd' }, { name: 'x', kind: 'numeric', input: 'x' }],
    };
    const f = recordsToFeeds(sig, rows);
    rows.forEach((r, i) => {
      const [d, x] = transformRow(fitted, r).features;
      expect((f.tensors.d!.data as Float32Array)[i]).toBe(Math.fround(d!));
      expect((f.tensors.x!.data as Float32Array)[i]).toBe(Math.fround(x!));
    });
  });

  it('names the row and field of a bad value', () => {
    const cases: [unknown[], string][] = [
      [[rec, { ...rec, Horsepower: 'lots' }], 'records[1].Horsepower must be a number'],
      [[{ ...rec, Turbo: 'maybe' }], 'records[0].Turbo must be a boolean (true/false, yes/no or 1/0)'],
      [[{ ...rec, Built: 'last tuesday' }], 'records[0].Built must be an ISO-8601 date/time string'],
      [[{ ...rec, Built: 1577836800 }], 'records[0].Built must be an ISO-8601 date/time string'],
      [[{ ...rec, Origin: { country: 'USA' } }], 'records[0].Origin must be a string'],
      [[{ ...rec, Origin: ['USA'] }], 'records[0].Origin must be a string'],
      [[rec, 'not a record'], 'records[1] must be an object of feature values'],
      [[null], 'records[0] must be an object of feature values'],
      [[[1, 2]], 'records[0] must be an object of feature values'],
    ];
    for (const [records, message] of cases) expect(inputError(() => recordsToFeeds(recordSig, records)).message).toBe(message);
    expect(inputError(() => recordsToFeeds(recordSig, [{ ...rec, Origin: 3n }])).path).toBe('records[0].Origin');
  });

  it('rejects missing and unknown fields, listing them', () => {
    const { Horsepower: _h, ...noHp } = rec;
    const e = inputError(() => recordsToFeeds(recordSig, [rec, noHp]));
    expect(e.message).toBe('records[1] is missing feature "Horsepower" (use null for a missing value)');
    expect(e.path).toBe('records[1].Horsepower');
    const { Turbo: _t, ...noHpTurbo } = noHp;
    expect(inputError(() => recordsToFeeds(recordSig, [noHpTurbo])).message).toMatch(/^records\[0\] is missing features "Horsepower", "Turbo"/);
    expect(inputError(() => recordsToFeeds(recordSig, [{ ...rec, Colour: 'red', Doors: 4 }])).message).toBe(
      'records[0] has unknown fields "Colour", "Doors"; the model\'s features are "Horsepower", "Turbo", "Built", "Origin"',
    );
    expect(inputError(() => recordsToFeeds(recordSig, [{ ...noHp, Horsepowr: 1 }])).message).toBe(
      'records[0] has unknown field "Horsepowr" and is missing feature "Horsepower"',
    );
    // JSON.parse makes "__proto__" an own key; it is just an unknown field.
    expect(inputError(() => recordsToFeeds(recordSig, [JSON.parse('{"__proto__": 1}')])).message).toMatch(/unknown field "__proto__"/);
  });

  it('refuses records for a tensor model, and empty lists', () => {
    expect(inputError(() => recordsToFeeds(tensorSig, [{}])).message).toMatch(/takes tensors/);
    expect(inputError(() => recordsToFeeds(recordSig, [])).message).toMatch(/at least one row/);
  });
});

describe('decodePredictions', () => {
  const probs = (rows: number[][], name = 'probabilities'): OutputBatch => ({
    rows: rows.length,
    tensors: { [name]: { type: 'float32', rowShape: [rows[0]!.length], data: Float32Array.from(rows.flat()) } },
  });

  it('reads class probabilities', () => {
    const out = probs([[0.25, 0.5, 0.25], [0.75, 0.125, 0.125]]);
    expect(decodePredictions(tensorSig, out, 2)).toEqual([
      { label: 'b', labelIndex: 1, probabilities: [{ label: 'a', probability: 0.25 }, { label: 'b', probability: 0.5 }, { label: 'c', probability: 0.25 }], value: null },
      { label: 'a', labelIndex: 0, probabilities: [{ label: 'a', probability: 0.75 }, { label: 'b', probability: 0.125 }, { label: 'c', probability: 0.125 }], value: null },
    ]);
  });

  it('expands a single sigmoid column for BINARY and defaults labels to indices', () => {
    const sig: ModelSignature = { task: 'BINARY', inputs: tensorSig.inputs, outputs: [{ name: 'p', type: 'float32', shape: [null, 1] }] };
    const [p] = decodePredictions(sig, probs([[0.75]], 'p'), 1);
    expect(p).toEqual({ label: '1', labelIndex: 1, probabilities: [{ label: '0', probability: 0.25 }, { label: '1', probability: 0.75 }], value: null });
  });

  it('reads a regression value, falling back to the first signature output', () => {
    const out: OutputBatch = { rows: 2, tensors: { y: { type: 'float32', rowShape: [1], data: new Float32Array([1.5, NaN]) } } };
    const sig: ModelSignature = { ...recordSig, outputs: [{ name: 'y', type: 'float32', shape: [null, 1] }] };
    const none = { label: null, labelIndex: null, probabilities: null };
    expect(decodePredictions(sig, out, 2)).toEqual([{ ...none, value: 1.5 }, { ...none, value: null }]);
    const multi: OutputBatch = { rows: 1, tensors: { value: { type: 'float32', rowShape: [2], data: new Float32Array([1, 2]) } } };
    expect(decodePredictions(recordSig, multi, 1)).toEqual([{ ...none, value: 1, values: [1, 2] }]);
  });

  it('throws (server side) when outputs do not fit the signature', () => {
    expect(() => decodePredictions(tensorSig, probs([[0.5, 0.5]]), 1)).toThrow(/2 classes but the signature has 3 labels/);
    expect(() => decodePredictions(tensorSig, probs([[0.5, 0.5, 0]]), 2)).toThrow(/1 rows for 2 inputs/);
    expect(() => decodePredictions(tensorSig, { rows: 1, tensors: {} }, 1)).toThrow(/neither/);
  });
});
