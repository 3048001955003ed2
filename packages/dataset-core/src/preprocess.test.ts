import { describe, it, expect } from 'vitest';
import { ColumnStatsAccumulator, applyTypeOverrides, inferSchema, type ColumnSchema } from './infer.ts';
import {
  FittedPreprocessingSchema,
  createTransformer,
  defaultPreprocessingSpec,
  featureNames,
  featureShape,
  fitPreprocessing,
  labelClasses,
  parseFittedPreprocessing,
  tokenVocabularySize,
  parsePreprocessingSpec,
  transformRow,
  type FittedPreprocessing,
  type PreprocessingSpecInput,
} from './preprocess.ts';
import { expectCode } from './test-helpers.ts';
import type { Row } from './values.ts';

async function schema(rows: Row[]): Promise<ColumnSchema[]> {
  return (await inferSchema(rows.map((values) => ({ values })))).columns;
}

const cars: Row[] = [
  { mpg: '18', hp: '130', origin: 'USA', turbo: 'no', name: 'chevrolet chevelle malibu' },
  { mpg: '15', hp: '165', origin: 'USA', turbo: 'no', name: 'buick skylark 320' },
  { mpg: '24', hp: null, origin: 'Japan', turbo: 'yes', name: 'toyota corona mark ii' },
  { mpg: '26', hp: '46', origin: 'Europe', turbo: 'no', name: 'volkswagen 1131 deluxe sedan' },
  { mpg: '31', hp: '65', origin: 'Japan', turbo: 'yes', name: 'datsun pl510' },
  { mpg: '22', hp: '95', origin: null, turbo: null, name: null },
];

async function fit(spec: PreprocessingSpecInput, rows: Row[], cols?: ColumnSchema[]): Promise<FittedPreprocessing> {
  return fitPreprocessing(spec, cols ?? (await schema(rows)), rows);
}

describe('PreprocessingSpecSchema / parsePreprocessingSpec', () => {
  it('fills defaults per column type', () => {
    const spec = parsePreprocessingSpec({
      columns: [
        { name: 'hp', type: 'numeric' },
        { name: 'origin', type: 'categorical' },
        { name: 'name', type: 'text' },
        { name: 'img', type: 'image', shape: [2, 2] },
      ],
    });
    expect(spec).toEqual({
      version: 1,
      label: null,
      columns: [
        { name: 'hp', type: 'numeric', exclude: false, missing: { strategy: 'mean' }, scaling: 'standardize' },
        { name: 'origin', type: 'categorical', exclude: false, missing: { strategy: 'mode' }, encoding: 'onehot', maxCategories: 100 },
        {
          name: 'name', type: 'text', exclude: false, missing: { strategy: 'constant', value: '' },
          tokenize: { maxLength: 64, vocabSize: 10_000, padding: 'post', truncation: 'post' },
        },
        { name: 'img', type: 'image', exclude: false, missing: { strategy: 'drop' }, shape: [2, 2], scaling: 'minmax' },
      ],
    });
  });

  it('rejects invalid specs with INVALID_SPEC and a path', async () => {
    const cases: unknown[] = [
      { columns: [{ name: 'origin', type: 'categorical', missing: { strategy: 'mean' } }] }, // mean of a category
      { columns: [{ name: 'name', type: 'text', missing: { strategy: 'mode' } }] },
      { columns: [{ name: 'hp', type: 'numeric', scalling: 'minmax' }] }, // typo
      { columns: [{ name: 'hp', type: 'numeric' }, { name: 'hp', type: 'numeric' }] },
      { columns: [{ name: 'hp', type: 'numeric', exclude: true }] }, // no features
      { label: { column: 'mpg', task: 'regression' }, columns: [{ name: 'mpg', type: 'numeric' }] },
      { columns: [{ name: 'x', type: 'text', tokenize: { maxLength: 0 } }] },
      { columns: [{ name: 'img', type: 'image', shape: [] }] },
      { columns: [{ name: 'd', type: 'datetime', missing: { strategy: 'constant', value: 'yesterday' } }] },
      { columns: [{ name: 'x', type: 'vector' }] },
      'not an object',
    ];
    for (const c of cases) await expectCode(() => parsePreprocessingSpec(c), 'INVALID_SPEC');
    const err = await expectCode(() => parsePreprocessingSpec(cases[0]), 'INVALID_SPEC');
    expect(err.message).toMatch(/^invalid preprocessing spec: columns\.0\.missing/);
  });

  it('checks columns and the label against the schema', async () => {
    const cols = await schema(cars);
    const unknown = await expectCode(() => parsePreprocessingSpec({ columns: [{ name: 'weight', type: 'numeric' }] }, cols), 'UNKNOWN_COLUMN');
    expect(unknown.column).toBe('weight');
    await expectCode(() => parsePreprocessingSpec({ label: { column: 'price', task: 'regression' }, columns: [{ name: 'hp', type: 'numeric' }] }, cols), 'UNKNOWN_COLUMN');
    const mismatch = await expectCode(
      () => parsePreprocessingSpec({ label: { column: 'mpg', task: 'classification' }, columns: [{ name: 'hp', type: 'numeric' }] }, cols),
      'INVALID_LABEL',
    );
    expect(mismatch.message).toMatch(/override the column type to categorical/);
  });
});

describe('defaultPreprocessingSpec', () => {
  it('excludes the label and uninformative columns and picks per-type defaults', async () => {
    const rows = cars.map((r, i) => ({ ...r, constant: 'same', id: `row-${i}` }));
    const cols = await schema(rows);
    const spec = defaultPreprocessingSpec(cols, 'mpg');
    expect(spec.label).toEqual({ column: 'mpg', task: 'regression', encoding: 'index' });
    expect(spec.columns.map((c) => [c.name, c.type, c.exclude])).toEqual([
      ['mpg', 'numeric', true],
      ['hp', 'numeric', false],
      ['origin', 'categorical', false],
      ['turbo', 'boolean', false],
      ['name', 'text', false],
      ['constant', 'categorical', true],
      ['id', 'categorical', false],
    ]);
    const text = spec.columns.find((c) => c.name === 'name');
    expect(text).toMatchObject({ tokenize: { maxLength: 8 } });
  });

  it('guesses image shapes and validates the label', async () => {
    const img = new ColumnStatsAccumulator('pixels');
    img.add(Array.from({ length: 48 * 48 }, (_, i) => i % 256));
    const rgb = new ColumnStatsAccumulator('rgb');
    rgb.add(Array.from({ length: 32 * 32 * 3 }, () => 1));
    const cols = [img.finish(), rgb.finish()];
    const spec = defaultPreprocessingSpec(cols);
    expect(spec.columns.map((c) => (c.type === 'image' ? c.shape : null))).toEqual([[48, 48], [32, 32, 3]]);
    await expectCode(() => defaultPreprocessingSpec(cols, 'nope'), 'UNKNOWN_COLUMN');
  });
});

describe('numeric columns', () => {
  const train: Row[] = [{ x: '1' }, { x: '2' }, { x: '3' }, { x: '6' }, { x: null }];
  const cols = [new ColumnStatsAccumulator('x').finish()];
  const spec = (extra: object) => ({ columns: [{ name: 'x', type: 'numeric' as const, ...extra }] });

  it('fits standardisation on the training rows only: a test value never leaks into the mean', async () => {
    const testRow: Row = { x: '1000' };
    const fitted = await fitPreprocessing(spec({ scaling: 'standardize' }), cols, train);
    const col = fitted.columns[0]!;
    expect(col.type === 'numeric' && col.center).toBe(3); // (1+2+3+6)/4, not including 1000
    const std = Math.sqrt(((1 - 3) ** 2 + (2 - 3) ** 2 + 0 + (6 - 3) ** 2) / 4);
    expect(col.type === 'numeric' && col.scale).toBeCloseTo(std, 12);
    expect(transformRow(fitted, testRow).features[0]).toBeCloseTo((1000 - 3) / std, 10);
    expect(transformRow(fitted, { x: '3' }).features).toEqual([0]);
    expect(fitted.trainingRows).toBe(5);
  });

  it('min-max and none scaling', async () => {
    const mm = await fitPreprocessing(spec({ scaling: 'minmax' }), cols, train);
    expect(transformRow(mm, { x: '1' }).features).toEqual([0]);
    expect(transformRow(mm, { x: '6' }).features).toEqual([1]);
    expect(transformRow(mm, { x: '3.5' }).features).toEqual([0.5]);
    const none = await fitPreprocessing(spec({ scaling: 'none' }), cols, train);
    expect(transformRow(none, { x: '-7.25' }).features).toEqual([-7.25]);
  });

  it('imputes missing values with the training mean, median, mode or a constant', async () => {
    const rows: Row[] = [{ x: '1' }, { x: '2' }, { x: '2' }, { x: '10' }, { x: 'NA' }];
    const imputed = async (missing: object) =>
      transformRow(await fitPreprocessing(spec({ scaling: 'none', missing }), cols, rows), { x: null }).features[0];
    expect(await imputed({ strategy: 'mean' })).toBe(3.75);
    expect(await imputed({ strategy: 'median' })).toBe(2);
    expect(await imputed({ strategy: 'mode' })).toBe(2);
    expect(await imputed({ strategy: 'constant', value: -1 })).toBe(-1);
    // unparseable values count as missing too
    const f = await fitPreprocessing(spec({ scaling: 'none', missing: { strategy: 'constant', value: 0 } }), cols, rows);
    expect(transformRow(f, { x: 'abc' }).features).toEqual([0]);
    expect(transformRow(f, {}).features).toEqual([0]);
  });

  it('drop: skips the row in training and imputes at serve time', async () => {
    const fitted = await fitPreprocessing(spec({ scaling: 'none', missing: { strategy: 'drop' } }), cols, train);
    expect(fitted.trainingRows).toBe(4);
    expect(transformRow(fitted, { x: null }, 'train')).toBeNull();
    expect(transformRow(fitted, { x: null }, 'serve').features).toEqual([3]);
    expect(transformRow(fitted, { x: null }).features).toEqual([3]);
  });

  it('a constant training column standardises to 0 rather than NaN', async () => {
    const fitted = await fitPreprocessing(spec({}), cols, [{ x: '5' }, { x: '5' }]);
    expect(transformRow(fitted, { x: '5' }).features).toEqual([0]);
    expect(transformRow(fitted, { x: '7' }).features).toEqual([2]);
  });
});

describe('datetime and boolean columns', () => {
  it('datetime becomes epoch seconds, then scales', async () => {
    const rows: Row[] = [{ d: '2020-01-01' }, { d: '2020-01-03' }, { d: null }];
    const cols = await schema(rows);
    const none = await fitPreprocessing({ columns: [{ name: 'd', type: 'datetime', scaling: 'none' }] }, cols, rows);
    expect(transformRow(none, { d: '1970-01-02T00:00:00Z' }).features).toEqual([86_400]);
    expect(transformRow(none, { d: null }).features).toEqual([Date.UTC(2020, 0, 2) / 1000]); // median
    const mm = await fitPreprocessing({ columns: [{ name: 'd', type: 'datetime', scaling: 'minmax' }] }, cols, rows);
    expect(transformRow(mm, { d: '2020-01-02' }).features).toEqual([0.5]);
  });

  it('boolean becomes 0/1 with mode or constant imputation', async () => {
    const rows: Row[] = [{ b: 'yes' }, { b: 'yes' }, { b: 'no' }, { b: null }];
    const cols = await schema(rows);
    const mode = await fitPreprocessing({ columns: [{ name: 'b', type: 'boolean' }] }, cols, rows);
    expect([{ b: 'no' }, { b: 'YES' }, { b: true }, { b: null }].map((r) => transformRow(mode, r).features[0])).toEqual([0, 1, 1, 1]);
    const constant = await fitPreprocessing({ columns: [{ name: 'b', type: 'boolean', missing: { strategy: 'constant', value: false } }] }, cols, rows);
    expect(transformRow(constant, { b: '' }).features).toEqual([0]);
  });
});

describe('categorical columns', () => {
  const rows: Row[] = [{ c: 'USA' }, { c: 'USA' }, { c: 'Japan' }, { c: 'Europe' }, { c: 'USA' }, { c: 'Japan' }, { c: null }];

  it('one-hot with sorted categories; unknown -> all zeros; missing -> mode', async () => {
    const cols = await schema(rows);
    const fitted = await fitPreprocessing({ columns: [{ name: 'c', type: 'categorical' }] }, cols, rows);
    expect(featureNames(fitted)).toEqual(['c=Europe', 'c=Japan', 'c=USA']);
    expect(featureShape(fitted)).toEqual([3]);
    expect(transformRow(fitted, { c: 'Japan' }).features).toEqual([0, 1, 0]);
    expect(transformRow(fitted, { c: ' Japan ' }).features).toEqual([0, 1, 0]);
    expect(transformRow(fitted, { c: 'Mars' }).features).toEqual([0, 0, 0]);
    expect(transformRow(fitted, { c: null }).features).toEqual([0, 0, 1]);
  });

  it('index encoding reserves 0 for unknown; maxCategories keeps the most frequent', async () => {
    const cols = await schema(rows);
    const fitted = await fitPreprocessing({ columns: [{ name: 'c', type: 'categorical', encoding: 'index', maxCategories: 2 }] }, cols, rows);
    expect(featureNames(fitted)).toEqual(['c']);
    const enc = (c: string | null) => transformRow(fitted, { c }).features[0];
    expect([enc('Japan'), enc('USA'), enc('Europe'), enc('Mars')]).toEqual([1, 2, 0, 0]);
  });

  it('constant imputation may name an unseen category (encoded as unknown) and drop works', async () => {
    const cols = await schema(rows);
    const constant = await fitPreprocessing({ columns: [{ name: 'c', type: 'categorical', missing: { strategy: 'constant', value: 'Japan' } }] }, cols, rows);
    expect(transformRow(constant, { c: '' }).features).toEqual([0, 1, 0]);
    const unseen = await fitPreprocessing({ columns: [{ name: 'c', type: 'categorical', missing: { strategy: 'constant', value: 'missing' } }] }, cols, rows);
    expect(transformRow(unseen, { c: null }).features).toEqual([0, 0, 0]);
    const drop = await fitPreprocessing({ columns: [{ name: 'c', type: 'categorical', missing: { strategy: 'drop' } }] }, cols, rows);
    expect(transformRow(drop, { c: null }, 'train')).toBeNull();
  });
});

describe('text columns', () => {
  const rows: Row[] = [{ t: 'the cat sat' }, { t: 'the dog sat' }, { t: 'The cat ran!' }, { t: null }];

  it('builds a frequency-ordered vocabulary and maps tokens to ids (0 pad, 1 OOV)', async () => {
    const cols = await schema(rows);
    const fitted = await fitPreprocessing({ columns: [{ name: 't', type: 'text', tokenize: { maxLength: 5, vocabSize: 5 } }] }, cols, rows);
    const col = fitted.columns[0]!;
    expect(col.type === 'text' && col.vocabulary).toEqual(['the', 'cat', 'sat']); // 3 + 2 reserved = 5
    expect(featureShape(fitted)).toEqual([5]);
    expect(tokenVocabularySize(fitted)).toBe(5); // what an embedding must cover
    expect(featureNames(fitted)).toEqual(['t[0]', 't[1]', 't[2]', 't[3]', 't[4]']);
    expect(transformRow(fitted, { t: 'The cat flew' }).features).toEqual([2, 3, 1, 0, 0]);
    expect(transformRow(fitted, { t: null }).features).toEqual([0, 0, 0, 0, 0]);
  });

  it('pads and truncates at the start or the end', async () => {
    const cols = await schema(rows);
    const seq = async (padding: 'pre' | 'post', truncation: 'pre' | 'post', text: string) =>
      transformRow(await fitPreprocessing({ columns: [{ name: 't', type: 'text', tokenize: { maxLength: 3, padding, truncation } }] }, cols, rows), { t: text }).features;
    // vocabulary: the=2, cat=3, sat=4, dog=5, ran=6
    expect(await seq('post', 'post', 'cat')).toEqual([3, 0, 0]);
    expect(await seq('pre', 'post', 'cat')).toEqual([0, 0, 3]);
    expect(await seq('post', 'post', 'the cat sat ran dog')).toEqual([2, 3, 4]);
    expect(await seq('post', 'pre', 'the cat sat ran dog')).toEqual([4, 6, 5]);
  });
});

describe('image columns', () => {
  const rows: Row[] = [{ img: [0, 255, 0, 255] }, { img: '0 128 255 64' }, { img: null }];

  it('parses arrays or space-separated strings into the declared shape and scales globally', async () => {
    const cols = await schema(rows);
    const fitted = await fitPreprocessing({ columns: [{ name: 'img', type: 'image', shape: [2, 2] }] }, cols, rows);
    expect(featureShape(fitted)).toEqual([2, 2]);
    expect(fitted.trainingRows).toBe(2); // the missing image is dropped by default
    expect(transformRow(fitted, { img: '255 0 51 255' }).features).toEqual([1, 0, 0.2, 1]);
    // nested arrays (e.g. a 2-D image in a serving request) are flattened row-major
    expect(transformRow(fitted, { img: [[255, 0], [0, 0]] as unknown as number[] }).features).toEqual([1, 0, 0, 0]);
    await expectCode(() => transformRow(fitted, { img: 'a b c d' }), 'INVALID_VALUE');
  });

  it('rejects an image of the wrong size, naming the column (and training row)', async () => {
    const cols = await schema(rows);
    const fitted = await fitPreprocessing({ columns: [{ name: 'img', type: 'image', shape: [2, 2], scaling: 'none' }] }, cols, rows);
    const err = await expectCode(() => transformRow(fitted, { img: [1, 2, 3] }), 'INVALID_VALUE');
    expect(err.column).toBe('img');
    expect(err.message).toBe('column "img": expected 4 values for image shape [2, 2], got 3');
    const fitErr = await expectCode(() => fitPreprocessing({ columns: [{ name: 'img', type: 'image', shape: [3] }] }, cols, rows), 'INVALID_VALUE');
    expect(fitErr.message).toMatch(/^training row 1: /);
  });

  it('fills a missing image at serve time', async () => {
    const cols = await schema(rows);
    const fitted = await fitPreprocessing({ columns: [{ name: 'img', type: 'image', shape: [4], scaling: 'none', missing: { strategy: 'constant', value: 7 } }] }, cols, rows);
    expect(transformRow(fitted, { img: null }).features).toEqual([7, 7, 7, 7]);
  });
});

describe('labels', () => {
  it('classification: classes sorted from the training split, index or one-hot', async () => {
    const rows: Row[] = [
      { x: '1', y: 'dog' }, { x: '2', y: 'cat' }, { x: '3', y: 'bird' }, { x: '4', y: 'cat' }, { x: '5', y: null },
    ];
    const cols = await schema(rows);
    const spec = { label: { column: 'y', task: 'classification' as const }, columns: [{ name: 'x', type: 'numeric' as const, scaling: 'none' as const }] };
    const fitted = await fit(spec, rows, cols);
    expect(labelClasses(fitted)).toEqual(['bird', 'cat', 'dog']);
    expect(fitted.trainingRows).toBe(4); // unlabelled row skipped
    expect(transformRow(fitted, { x: '1', y: 'dog' }, 'train')).toEqual({ features: [1], label: 2 });
    expect(transformRow(fitted, { x: '1', y: null }, 'train')).toBeNull();
    expect(transformRow(fitted, { x: '1', y: 'fish' }, 'train')).toBeNull(); // class never seen in training
    expect(transformRow(fitted, { x: '1', y: 'dog' }, 'serve')).toEqual({ features: [1] });
    const onehot = await fit({ ...spec, label: { ...spec.label, encoding: 'onehot' } }, rows, cols);
    expect(transformRow(onehot, { x: '1', y: 'cat' }, 'train')!.label).toEqual([0, 1, 0]);
  });

  it('boolean labels unify spellings; numeric class ids sort numerically', async () => {
    const rows: Row[] = [{ x: 1, y: 'yes' }, { x: 2, y: 'no' }, { x: 3, y: true }];
    const fitted = await fit({ label: { column: 'y', task: 'classification' }, columns: [{ name: 'x', type: 'numeric' }] }, rows);
    expect(labelClasses(fitted)).toEqual(['false', 'true']);
    expect(transformRow(fitted, { x: 1, y: 'TRUE' }, 'train')!.label).toBe(1);

    const digits: Row[] = [{ x: 1, y: '10' }, { x: 2, y: '9' }, { x: 3, y: '2' }, { x: 4, y: '10' }];
    const cols = applyTypeOverrides(await schema(digits), { y: 'categorical' });
    const f2 = await fit({ label: { column: 'y', task: 'classification' }, columns: [{ name: 'x', type: 'numeric' }] }, digits, cols);
    expect(labelClasses(f2)).toEqual(['2', '9', '10']);
  });

  it('regression: the raw number', async () => {
    const fitted = await fit({ label: { column: 'mpg', task: 'regression' }, columns: [{ name: 'hp', type: 'numeric' }] }, cars);
    expect(transformRow(fitted, { hp: '100', mpg: '21.5' }, 'train')!.label).toBe(21.5);
    expect(labelClasses(fitted)).toBeNull();
  });

  it('a classification label with one class in the training split is an error', async () => {
    const rows: Row[] = [{ x: 1, y: 'a' }, { x: 2, y: 'a' }, { x: 3, y: 'b' }];
    const cols = await schema(rows);
    const err = await expectCode(
      () => fitPreprocessing({ label: { column: 'y', task: 'classification' }, columns: [{ name: 'x', type: 'numeric' }] }, cols, rows.slice(0, 2)),
      'CONSTANT_COLUMN',
    );
    expect(err.message).toMatch(/only one class \("a"\) in the training split/);
  });
});

describe('a full tabular spec', () => {
  const spec: PreprocessingSpecInput = {
    label: { column: 'mpg', task: 'regression' },
    columns: [
      { name: 'mpg', type: 'numeric', exclude: true },
      { name: 'hp', type: 'numeric', missing: { strategy: 'median' } },
      { name: 'origin', type: 'categorical' },
      { name: 'turbo', type: 'boolean' },
      { name: 'name', type: 'text', exclude: true },
    ],
  };

  it('produces one value per feature name and round-trips through JSON identically', async () => {
    const fitted = await fit(spec, cars);
    expect(featureNames(fitted)).toEqual(['hp', 'origin=Europe', 'origin=Japan', 'origin=USA', 'turbo']);
    expect(featureShape(fitted)).toEqual([5]);
    const stored = JSON.parse(JSON.stringify(fitted)) as unknown;
    const restored = parseFittedPreprocessing(stored);
    for (const row of cars) {
      const a = transformRow(fitted, row, 'train');
      expect(a?.features).toHaveLength(5);
      expect(createTransformer(restored).transform(row, 'train')).toEqual(a);
    }
    expect(FittedPreprocessingSchema.safeParse({ ...fitted, columns: [{ type: 'numeric', name: 'x' }] }).success).toBe(false);
    await expectCode(() => parseFittedPreprocessing({ version: 2 }), 'INVALID_SPEC');
  });

  it('is deterministic: fitting twice (sync or async rows) gives identical parameters', async () => {
    async function* rows() {
      yield* cars;
    }
    const cols = await schema(cars);
    const a = await fitPreprocessing(spec, cols, cars);
    const b = await fitPreprocessing(spec, cols, rows());
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('serve mode imputes what train mode would drop, and never reads the label', async () => {
    const fitted = await fit(spec, cars);
    const t = createTransformer(fitted);
    expect(t.featureCount).toBe(5);
    const out = t.transform({ hp: null, origin: 'Mars' });
    expect(out.label).toBeUndefined();
    expect(out.features.slice(1)).toEqual([0, 0, 0, 0]); // unknown origin; turbo mode = no
    expect(t.transform({ hp: '100', origin: 'USA', turbo: 'yes', mpg: null }, 'train')).toBeNull(); // no label
  });
});
