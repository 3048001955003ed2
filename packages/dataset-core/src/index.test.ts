/** End-to-end through the public API: bytes -> schema -> split -> fit (train only) -> transform. */
import { describe, it, expect } from 'vitest';
import {
  DatasetInputError,
  SPLIT_TRAIN,
  applyTypeOverrides,
  assignSplits,
  createHashingPassThrough,
  defaultPreprocessingSpec,
  featureNames,
  fitPreprocessing,
  inferSchema,
  parseFittedPreprocessing,
  parseRecords,
  schemaWarnings,
  splitCounts,
  transformRow,
  validateLabel,
  type Row,
} from './index.ts';
import { chunked } from './test-helpers.ts';

const csv = `\uFEFFid,sepal_length,petal_length,colour,notes,species
${Array.from({ length: 60 }, (_, i) => {
  const species = ['setosa', 'versicolor', 'virginica'][i % 3]!;
  const sepal = (4.5 + (i % 3) + (i % 7) / 10).toFixed(1);
  const petal = i % 11 === 0 ? '' : (1 + 2 * (i % 3) + (i % 5) / 10).toFixed(1);
  const notes = i % 2 ? `"measured in the field,\nsample ${i}"` : `lab sample number ${i} of the batch`;
  return `${i},${sepal},${petal},${i % 4 === 0 ? 'purple' : 'blue'},${notes},${species}`;
}).join('\n')}
`;

describe('dataset-core end to end', () => {
  it('ingests, splits, fits on train only and transforms', async () => {
    const hasher = createHashingPassThrough();
    hasher.end(Buffer.from(csv));
    hasher.resume();
    await new Promise((r) => hasher.on('end', r));
    expect(hasher.digest()).toMatch(/^[0-9a-f]{64}$/);

    const rows: Row[] = [];
    const schema = await inferSchema(
      (async function* () {
        for await (const r of parseRecords(chunked(csv, 100), { format: 'CSV' })) {
          rows.push(r.values);
          yield r;
        }
      })(),
    );
    expect(schema.rowCount).toBe(60);
    const columns = applyTypeOverrides(schema.columns, { id: 'numeric' });
    expect(columns.map((c) => c.type)).toEqual(['numeric', 'numeric', 'numeric', 'categorical', 'text', 'categorical']);
    expect(validateLabel(columns, 'species').task).toBe('classification');
    expect(schemaWarnings(columns, 'species')).toEqual([]);

    const split = assignSplits({
      rowCount: rows.length,
      fractions: { train: 0.6, validation: 0.2, test: 0.2 },
      seed: 1234,
      stratifyBy: rows.map((r) => (r['species'] as string | null) ?? null),
    });
    expect(splitCounts(split)).toEqual({ train: 36, validation: 12, test: 12 });

    const spec = defaultPreprocessingSpec(columns, 'species');
    const training = rows.filter((_, i) => split[i] === SPLIT_TRAIN);
    const fitted = parseFittedPreprocessing(JSON.parse(JSON.stringify(await fitPreprocessing(spec, columns, training))));
    expect(fitted.label).toMatchObject({ task: 'classification', classes: ['setosa', 'versicolor', 'virginica'] });

    // the training-split mean of sepal_length, not the full-data mean
    const sepal = fitted.columns.find((c) => c.name === 'sepal_length')!;
    const trainMean = training.reduce((s, r) => s + Number(r['sepal_length']), 0) / training.length;
    expect(sepal.type === 'numeric' && sepal.center).toBeCloseTo(trainMean, 12);

    const names = featureNames(fitted);
    for (const row of rows) {
      const out = transformRow(fitted, row, 'train')!;
      expect(out.features).toHaveLength(names.length);
      expect(out.features.every(Number.isFinite)).toBe(true);
      expect(typeof out.label).toBe('number');
      expect(transformRow(fitted, row).features).toEqual(out.features);
    }
  });

  it('surfaces typed errors through the public API', async () => {
    const err = await (async () => {
      for await (const _ of parseRecords([Buffer.from('a,b\n1\n')], { format: 'CSV' })) void _;
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetInputError);
    expect((err as DatasetInputError).toJSON()).toEqual({ code: 'RAGGED_ROW', message: 'line 2 has 1 field, expected 2 (the header has 2 columns)', line: 2 });
  });
});
