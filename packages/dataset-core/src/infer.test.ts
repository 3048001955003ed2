import { describe, it, expect } from 'vitest';
import {
  ColumnStatsAccumulator,
  SchemaAccumulator,
  applyTypeOverrides,
  inferSchema,
  schemaWarnings,
  validateLabel,
  type ColumnSchema,
} from './infer.ts';
import { parseRecords } from './parse.ts';
import { chunked, expectCode } from './test-helpers.ts';
import type { CellValue, Row } from './values.ts';

function column(name: string, values: CellValue[]): ColumnSchema {
  const acc = new ColumnStatsAccumulator(name);
  for (const v of values) acc.add(v);
  return acc.finish();
}

async function schemaOf(rows: Row[]) {
  return inferSchema(rows.map((values, i) => ({ line: i + 2, values })));
}

const sentences = [
  'the quick brown fox jumps over the lazy dog',
  'a journey of a thousand miles begins with a single step',
  'all that glitters is not gold',
  'to be or not to be that is the question',
  'ask not what your country can do for you',
];

describe('type inference', () => {
  it('numeric: Welford mean/std, min/max, exact median for small data, missing counted', () => {
    const col = column('x', ['1', '2', '3', '4', null, 'NA', '10', ' 5e0 ', '', '?']);
    expect(col.type).toBe('numeric');
    expect(col.stats.count).toBe(6);
    expect(col.stats.missing).toBe(4);
    const n = col.stats.numeric!;
    expect(n.min).toBe(1);
    expect(n.max).toBe(10);
    expect(n.mean).toBeCloseTo(25 / 6, 12);
    const values = [1, 2, 3, 4, 10, 5];
    const mean = 25 / 6;
    expect(n.std).toBeCloseTo(Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / 6), 12);
    expect(n.median).toBe(3.5);
  });

  it('numeric from JSON numbers, including negatives and exponents', () => {
    const col = column('x', [-1.5, 2e3, 0.25, '-.5']);
    expect(col.type).toBe('numeric');
    expect(col.stats.numeric!.min).toBe(-1.5);
    expect(col.stats.numeric!.max).toBe(2000);
  });

  it('boolean: true/false, yes/no, 0/1 and JSON booleans, only when nothing else appears', () => {
    expect(column('b', ['yes', 'no', 'Yes', 'NO', null]).type).toBe('boolean');
    expect(column('b', ['true', 'FALSE', 'true']).type).toBe('boolean');
    expect(column('b', ['0', '1', '1']).type).toBe('boolean');
    expect(column('b', [true, false]).type).toBe('boolean');
    const stats = column('b', ['yes', 'no', 'yes']).stats.boolean!;
    expect(stats).toEqual({ count: 3, trueCount: 2, falseCount: 1 });
    // 0/1 plus another number is numeric; yes/no plus another word is categorical.
    expect(column('b', ['0', '1', '2']).type).toBe('numeric');
    expect(column('b', ['yes', 'no', 'maybe']).type).toBe('categorical');
  });

  it('categorical: few distinct short values, with capped distinct values reported by frequency', () => {
    const values = Array.from({ length: 60 }, (_, i) => ['USA', 'Japan', 'Europe', 'USA '][i % 4]!);
    const col = column('origin', values);
    expect(col.type).toBe('categorical');
    expect(col.stats.distinct).toEqual({
      count: 3,
      capped: false,
      top: [
        { value: 'USA', count: 30 },
        { value: 'Europe', count: 15 },
        { value: 'Japan', count: 15 },
      ],
    });
  });

  it('text: many distinct multi-word values, with token stats', () => {
    const col = column('review', [...sentences, ...sentences.map((s) => s.toUpperCase() + ' again')]);
    expect(col.type).toBe('text');
    const t = col.stats.text!;
    expect(t.maxTokens).toBe(12);
    expect(t.meanTokens).toBeCloseTo(((9 + 11 + 6 + 10 + 9) * 2) / 10 + 0.5, 10);
    expect(t.vocabularyCapped).toBe(false);
    expect(t.vocabularySize).toBe(new Set(sentences.join(' ').split(' ')).size + 1);
  });

  it('text: a high-cardinality column beyond the distinct cap', () => {
    const acc = new ColumnStatsAccumulator('id', { maxDistinct: 10, maxReportedValues: 3 });
    for (let i = 0; i < 50; i++) acc.add(`user-${i}`);
    const col = acc.finish();
    expect(col.type).toBe('text');
    expect(col.stats.distinct.capped).toBe(true);
    expect(col.stats.distinct.count).toBe(10);
    expect(col.stats.distinct.top).toHaveLength(3);
  });

  it('caps the token vocabulary', () => {
    const acc = new ColumnStatsAccumulator('t', { maxVocabulary: 5 });
    for (const s of sentences) acc.add(s);
    expect(acc.stats().text).toMatchObject({ vocabularySize: 5, vocabularyCapped: true });
  });

  it('datetime: ISO-8601 dates/times and YYYY/MM/DD, rejecting impossible dates', () => {
    const col = column('when', ['2020-01-31', '2020-02-29T10:00:00Z', '2021/3/4 12:30', '2020-06-01T00:00:00+02:00', null]);
    expect(col.type).toBe('datetime');
    expect(col.stats.datetime).toEqual({ count: 4, min: '2020-01-31T00:00:00.000Z', max: '2021-03-04T12:30:00.000Z' });
    expect(column('when', ['2021-02-29', '2021-03-01']).type).not.toBe('datetime');
    expect(column('when', ['03/04/2020', '05/06/2020']).type).not.toBe('datetime'); // ambiguous day/month order
  });

  it('image: JSON numeric arrays and space-separated pixel strings', () => {
    const json = column('img', [[0, 1, 2, 3], [4, 5, 6, 255]]);
    expect(json.type).toBe('image');
    expect(json.stats.image).toEqual({ count: 2, length: 4, minLength: 4, maxLength: 4, min: 0, max: 255, mean: 276 / 8 });
    const str = column('pixels', ['0 0 12 255', '1 2 3 4', null]);
    expect(str.type).toBe('image');
    expect(str.stats.image!.length).toBe(4);
    expect(column('pixels', ['0 0 12', '1 2 3 4']).stats.image!.length).toBeNull();
  });

  it('an all-missing column has no stats sections', () => {
    const col = column('empty', [null, '', 'NA']);
    expect(col.stats.count).toBe(0);
    expect(col.stats.missing).toBe(3);
    expect(col.stats.numeric).toBeUndefined();
  });

  it('the reservoir median estimate is deterministic and close on large input', () => {
    const run = () => {
      const acc = new ColumnStatsAccumulator('x', { reservoirSize: 512 });
      for (let i = 0; i < 20_000; i++) acc.add((i * 7919) % 20_000);
      return acc.stats().numeric!.median;
    };
    const a = run();
    expect(run()).toBe(a);
    expect(Math.abs(a - 10_000)).toBeLessThan(1_500);
  });
});

describe('SchemaAccumulator / inferSchema', () => {
  it('infers every column of a parsed CSV', async () => {
    const csv = [
      'mpg,cylinders,origin,turbo,built,name',
      '18,8,USA,no,1970-01-01,chevrolet chevelle malibu',
      '15,8,USA,no,1970-06-01,buick skylark 320',
      '?,4,Japan,yes,1971-01-01,datsun pl510',
      '24,4,Japan,yes,1972-03-15,toyota corona mark ii',
      '26,4,Europe,no,,volkswagen 1131 deluxe sedan',
    ].join('\n');
    const { rowCount, columns } = await inferSchema(parseRecords(chunked(csv), { format: 'CSV' }));
    expect(rowCount).toBe(5);
    expect(columns.map((c) => [c.name, c.type])).toEqual([
      ['mpg', 'numeric'],
      ['cylinders', 'numeric'],
      ['origin', 'categorical'],
      ['turbo', 'boolean'],
      ['built', 'datetime'],
      ['name', 'text'],
    ]);
    expect(columns[0]!.stats.missing).toBe(1);
    expect(columns[4]!.stats.missing).toBe(1);
  });

  it('counts keys absent from some JSON records as missing, in first-appearance order', async () => {
    const { columns } = await schemaOf([{ a: 1 }, { a: 2, b: 'x' }, { a: 3 }, { b: 'y', c: true }]);
    expect(columns.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(columns.map((c) => [c.stats.count, c.stats.missing])).toEqual([[3, 1], [2, 2], [1, 3]]);
  });

  it('refuses absurdly wide input', () => {
    const acc = new SchemaAccumulator({ maxColumns: 3 });
    acc.add({ a: 1, b: 2, c: 3 });
    expect(() => acc.add({ d: 4 }, 7)).toThrow(expect.objectContaining({ code: 'TOO_LARGE', line: 7, column: 'd' }));
  });

  it('finish() can be called repeatedly without side effects', async () => {
    const acc = new SchemaAccumulator();
    acc.add({ a: 1 });
    acc.add({ b: 2 });
    expect(acc.finish()).toEqual(acc.finish());
    expect(acc.finish().columns[0]!.stats.missing).toBe(1);
  });
});

describe('applyTypeOverrides', () => {
  const cols = [
    column('zip', ['10115', '20095', '10115', '80331']),
    column('origin', ['USA', 'Japan', 'USA']),
    column('rating', ['1', '2', 'n/a-ish', '3']),
  ];

  it('overrides types without touching stats and keeps the inferred type', () => {
    const out = applyTypeOverrides(cols, { zip: 'categorical', origin: 'text' });
    expect(out.map((c) => c.type)).toEqual(['categorical', 'text', 'categorical']);
    expect(out[0]!.inferredType).toBe('numeric');
    expect(out[0]!.stats).toBe(cols[0]!.stats);
    expect(cols[0]!.type).toBe('numeric'); // input not mutated
  });

  it('allows a partially numeric column to become numeric, with a warning', () => {
    const out = applyTypeOverrides(cols, { rating: 'numeric' });
    expect(out[2]!.type).toBe('numeric');
    expect(schemaWarnings(out)).toContainEqual(expect.objectContaining({ code: 'LOSSY_OVERRIDE', column: 'rating' }));
  });

  it('rejects unknown columns, unknown types and impossible conversions', async () => {
    const unknown = await expectCode(() => applyTypeOverrides(cols, { Origin: 'text' }), 'UNKNOWN_COLUMN');
    expect(unknown.message).toContain('did you mean "origin"');
    await expectCode(() => applyTypeOverrides(cols, { origin: 'float' as never }), 'INVALID_OVERRIDE');
    const bad = await expectCode(() => applyTypeOverrides(cols, { origin: 'numeric' }), 'INVALID_OVERRIDE');
    expect(bad.column).toBe('origin');
    await expectCode(() => applyTypeOverrides(cols, { origin: 'datetime' }), 'INVALID_OVERRIDE');
  });
});

describe('validateLabel', () => {
  const cols = [
    column('mpg', ['18', '24', '31']),
    column('origin', ['USA', 'Japan', 'USA']),
    column('approved', ['yes', 'no', 'yes']),
    column('constant', ['a', 'a', 'a']),
    column('flat', ['1.0', '1', '1.00']),
    column('nothing', [null, null, null]),
    column('review', sentences),
    column('when', ['2020-01-01', '2021-01-01', '2022-01-01']),
  ];

  it('maps numeric to regression and categorical/boolean to classification', () => {
    expect(validateLabel(cols, 'mpg')).toEqual({ column: 'mpg', task: 'regression' });
    expect(validateLabel(cols, 'origin')).toEqual({ column: 'origin', task: 'classification' });
    expect(validateLabel(cols, 'approved')).toEqual({ column: 'approved', task: 'classification' });
  });

  it('rejects a label that does not exist', async () => {
    const err = await expectCode(() => validateLabel(cols, 'price'), 'UNKNOWN_COLUMN');
    expect(err.column).toBe('price');
    expect(err.message).toMatch(/^label column "price" does not exist in the dataset; available columns: "mpg", "origin"/);
  });

  it('rejects a constant or empty label', async () => {
    const constant = await expectCode(() => validateLabel(cols, 'constant'), 'CONSTANT_COLUMN');
    expect(constant.message).toBe('label column "constant" has a single value ("a"), so there is nothing to learn');
    await expectCode(() => validateLabel(cols, 'flat'), 'CONSTANT_COLUMN'); // 1 == 1.0 numerically
    await expectCode(() => validateLabel(cols, 'nothing'), 'EMPTY_COLUMN');
  });

  it('rejects text, datetime and image labels with guidance', async () => {
    expect((await expectCode(() => validateLabel(cols, 'review'), 'INVALID_LABEL')).message).toMatch(/override its type to categorical/);
    await expectCode(() => validateLabel(cols, 'when'), 'INVALID_LABEL');
    const overridden = applyTypeOverrides(cols, { review: 'categorical' });
    expect(validateLabel(overridden, 'review').task).toBe('classification');
  });
});

describe('schemaWarnings', () => {
  it('reports constant, empty, mostly-missing and identifier-like features, and missing labels', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `u${i}`);
    const cols = [
      column('const', ['x', 'x', 'x']),
      column('empty', [null, null]),
      column('sparse', ['1', '2', null, null, null]),
      column('user', ids),
      column('label', ['a', null, 'b']),
      column('ok', ['1', '2', '3']),
    ];
    const warnings = schemaWarnings(cols, 'label');
    expect(warnings.map((w) => [w.code, w.column])).toEqual([
      ['CONSTANT_COLUMN', 'const'],
      ['EMPTY_COLUMN', 'empty'],
      ['MOSTLY_MISSING', 'sparse'],
      ['IDENTIFIER_LIKE', 'user'],
      ['MISSING_LABELS', 'label'],
    ]);
    expect(warnings[4]!.message).toBe('1 of 3 rows have no label and will be skipped');
  });

  it('reports high-cardinality categoricals', () => {
    const values = Array.from({ length: 1000 }, (_, i) => `c${i % 150}`);
    const col = applyTypeOverrides([column('sku', values)], { sku: 'categorical' });
    expect(schemaWarnings(col).map((w) => w.code)).toContain('HIGH_CARDINALITY');
  });
});
