import { describe, it, expect } from 'vitest';
import { categoryKey, isMissing, parseBoolean, parseDatetime, parseNumber, parseNumericArray, tokenize } from './values.ts';

describe('value coercion', () => {
  it('isMissing: null, empty, NA-style tokens, non-finite numbers, empty arrays', () => {
    for (const v of [null, undefined, '', '  ', 'NA', 'N/A', 'nan', 'NULL', 'None', '?', Number.NaN, Infinity, []]) {
      expect(isMissing(v as never)).toBe(true);
    }
    for (const v of ['0', 0, false, 'none of them', 'n.a.', [1]]) expect(isMissing(v)).toBe(false);
  });

  it('parseNumber is strict', () => {
    expect(['1', ' -2.5 ', '+.5', '1e3', '7.', 3].map(parseNumber)).toEqual([1, -2.5, 0.5, 1000, 7, 3]);
    for (const v of ['0x10', 'Infinity', '1,000', '1 2', '', 'abc', '1e999', true]) expect(parseNumber(v)).toBeNull();
  });

  it('parseBoolean accepts true/false, yes/no, 1/0 only', () => {
    expect(['TRUE', 'no', '1', '0', true, 0].map(parseBoolean)).toEqual([true, false, true, false, true, false]);
    for (const v of ['y', 't', '2', 2, 'maybe']) expect(parseBoolean(v)).toBeNull();
  });

  it('parseDatetime handles zones and rejects impossible dates', () => {
    expect(parseDatetime('2020-01-01')).toBe(Date.UTC(2020, 0, 1));
    expect(parseDatetime('2020-01-01T12:00:00.250Z')).toBe(Date.UTC(2020, 0, 1, 12, 0, 0, 250));
    expect(parseDatetime('2020-01-01 12:00+01:30')).toBe(Date.UTC(2020, 0, 1, 10, 30));
    expect(parseDatetime('2020/1/2')).toBe(Date.UTC(2020, 0, 2));
    for (const v of ['2020-02-30', '2020-13-01', '2020-01-01T25:00', '20200101', '01/02/2020', 'yesterday']) {
      expect(parseDatetime(v)).toBeNull();
    }
  });

  it('tokenize lower-cases, normalises and keeps contractions', () => {
    expect(tokenize("Don't STOP — believin'! Ｃａｆé 42")).toEqual(["don't", 'stop', 'believin', 'café', '42']);
    expect(tokenize('  ')).toEqual([]);
  });

  it('categoryKey and parseNumericArray', () => {
    expect([' USA ', 3, true, null].map((v) => categoryKey(v))).toEqual(['USA', '3', 'true', null]);
    expect(parseNumericArray('[1, 2 3;4]')).toEqual([1, 2, 3, 4]);
    expect(parseNumericArray('1 x 3')).toBeNull();
    expect(parseNumericArray([1, 2])).toEqual([1, 2]);
  });
});
