import { describe, expect, it } from 'vitest';
import { compareMetrics, evaluateClassification, evaluateRegression, rocAuc } from './evaluate.ts';

describe('evaluateRegression', () => {
  it('matches hand-computed MSE, MAE and R²', () => {
    // errors 0, 0, 0, -1; mean 2.5, SStot = 2.25 + 0.25 + 0.25 + 2.25 = 5.
    expect(evaluateRegression([1, 2, 3, 4], new Float32Array([1, 2, 3, 5]))).toEqual({ mse: 0.25, mae: 0.25, r2: 0.8, count: 4 });
    const r = evaluateRegression([2, 4, 6], [3, 3, 9]); // errors -1, 1, -3; SStot 8
    expect(r.mse).toBeCloseTo(11 / 3);
    expect(r.mae).toBeCloseTo(5 / 3);
    expect(r.r2).toBeCloseTo(1 - 11 / 8);
  });

  it('handles a constant target as scikit-learn does', () => {
    expect(evaluateRegression([3, 3], [3, 3]).r2).toBe(1);
    expect(evaluateRegression([3, 3], [3, 4]).r2).toBe(0);
  });

  it('rejects mismatched or empty input', () => {
    expect(() => evaluateRegression([1], [1, 2])).toThrow(/1 values but yPred 2/);
    expect(() => evaluateRegression([], [])).toThrow(/zero examples/);
  });
});

describe('evaluateClassification', () => {
  it('multiclass: accuracy, per-class precision/recall/F1, macro F1 and confusion matrix', () => {
    const yTrue = [0, 0, 1, 1, 2, 2];
    // predicted:    0  1  1  1  0  2   (argmax of each row)
    const probs = [0.8, 0.1, 0.1, 0.3, 0.6, 0.1, 0.2, 0.7, 0.1, 0.1, 0.5, 0.4, 0.5, 0.2, 0.3, 0.1, 0.2, 0.7];
    const e = evaluateClassification(yTrue, probs, 3, ['cat', 'dog', 'fox']);
    expect(e.confusionMatrix).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 1],
    ]);
    expect(e.accuracy).toBeCloseTo(4 / 6);
    // cat: P 1/2 R 1/2 F1 1/2; dog: P 2/3 R 1 F1 0.8; fox: P 1 R 1/2 F1 2/3.
    expect(e.perClass).toEqual([
      { label: 'cat', precision: 0.5, recall: 0.5, f1: 0.5, support: 2 },
      { label: 'dog', precision: 2 / 3, recall: 1, f1: expect.closeTo(0.8, 10), support: 2 },
      { label: 'fox', precision: 1, recall: 0.5, f1: expect.closeTo(2 / 3, 10), support: 2 },
    ]);
    expect(e.macroF1).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3);
    expect(e.rocAuc).toBeUndefined();
    expect(e.count).toBe(6);
  });

  it('a class never predicted or never present gets 0, not NaN', () => {
    const e = evaluateClassification([0, 0, 0], [0.9, 0.1, 0, 0.8, 0.2, 0, 0.7, 0.3, 0], 3);
    expect(e.perClass[1]).toEqual({ label: '1', precision: 0, recall: 0, f1: 0, support: 0 });
    expect(e.perClass[0]).toEqual({ label: '0', precision: 1, recall: 1, f1: 1, support: 3 });
    expect(e.macroF1).toBeCloseTo(1 / 3);
  });

  it('binary: a sigmoid output (one probability per example) and two columns agree', () => {
    const yTrue = [0, 0, 1, 1];
    const p1 = [0.1, 0.4, 0.35, 0.8];
    const single = evaluateClassification(yTrue, p1, 2);
    const double = evaluateClassification(yTrue, p1.flatMap((p) => [1 - p, p]), 2);
    expect(single).toEqual(double);
    // Predictions 0, 0, 0, 1 at a 0.5 threshold.
    expect(single.confusionMatrix).toEqual([
      [2, 0],
      [1, 1],
    ]);
    expect(single.accuracy).toBe(0.75);
    expect(single.rocAuc).toBe(0.75); // the classic scikit-learn example
  });

  it('rejects bad input', () => {
    expect(() => evaluateClassification([0, 3], [0.5, 0.5, 0.5, 0.5], 2)).toThrow(/true class 3/);
    expect(() => evaluateClassification([0, 1], [0.5, 0.5, 0.5], 2)).toThrow(/expected 4 probabilities \(or 2\), got 3/);
    expect(() => evaluateClassification([0], [1], 1)).toThrow(/numClasses/);
  });
});

describe('rocAuc', () => {
  it('perfect, inverse and uninformative rankings', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(rocAuc([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1])).toBe(0);
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
  });

  it('counts a tied positive/negative pair as half', () => {
    // Pairs (pos, neg): (0.5, 0.5) = ½, (0.5, 0.2) = 1, (0.9, 0.5) = 1, (0.9, 0.2) = 1 → 3.5 / 4.
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9])).toBe(0.875);
    // Ties among positives only do not matter.
    expect(rocAuc([1, 1, 0], [0.7, 0.7, 0.1])).toBe(1);
    // 3 pos, 2 neg with a three-way tie: pos {0.3, 0.6, 0.6}, neg {0.6, 0.1}:
    // (0.3,0.6)=0 (0.3,0.1)=1 (0.6,0.6)=½ ×2 (0.6,0.1)=1 ×2 → 4 / 6.
    expect(rocAuc([1, 1, 1, 0, 0], [0.3, 0.6, 0.6, 0.6, 0.1])).toBeCloseTo(4 / 6);
  });

  it('is undefined with a single class', () => {
    expect(rocAuc([1, 1], [0.2, 0.4])).toBeUndefined();
    expect(evaluateClassification([0, 0], [0.2, 0.4], 2).rocAuc).toBeUndefined();
  });
});

describe('compareMetrics', () => {
  it('puts metrics side by side and marks the best run', () => {
    const a = evaluateRegression([1, 2, 3, 4], [1, 2, 3, 5]);
    const b = evaluateRegression([1, 2, 3, 4], [1, 2, 3, 4]);
    const c = evaluateClassification([0, 1], [0.2, 0.9], 2, ['no', 'yes']);
    const cmp = compareMetrics([
      { id: 'a', evaluation: a },
      { id: 'b', evaluation: b },
      { id: 'c', evaluation: c },
    ]);
    expect(cmp.runIds).toEqual(['a', 'b', 'c']);
    const row = (m: string) => cmp.rows.find((r) => r.metric === m)!;
    expect(row('mse')).toEqual({ metric: 'mse', values: [0.25, 0, null], bestRunId: 'b' });
    expect(row('r2')).toEqual({ metric: 'r2', values: [0.8, 1, null], bestRunId: 'b' });
    expect(row('count')).toEqual({ metric: 'count', values: [4, 4, 2], bestRunId: null });
    expect(row('accuracy')).toEqual({ metric: 'accuracy', values: [null, null, 1], bestRunId: 'c' });
    expect(row('f1[yes]').values).toEqual([null, null, 1]);
    expect(cmp.rows.map((r) => r.metric)).toEqual([
      'mse', 'mae', 'r2', 'count', 'accuracy', 'macroF1', 'rocAuc',
      'precision[no]', 'recall[no]', 'f1[no]', 'precision[yes]', 'recall[yes]', 'f1[yes]',
    ]);
  });

  it('ties go to the first run', () => {
    const e = evaluateRegression([1], [1]);
    expect(compareMetrics([{ id: 'x', evaluation: e }, { id: 'y', evaluation: e }]).rows[0]!.bestRunId).toBe('x');
  });
});
