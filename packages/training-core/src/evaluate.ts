/** Test-split metrics. Pure arithmetic on plain arrays: no tfjs, usable anywhere. */

export interface RegressionEvaluation {
  mse: number;
  mae: number;
  /** 1 - SSres/SStot; for a constant target 1 when predictions are exact, else 0 (as scikit-learn). */
  r2: number;
  count: number;
}

export interface ClassMetrics {
  label: string;
  /** 0 when the class was never predicted. */
  precision: number;
  /** 0 when the class never occurs. */
  recall: number;
  f1: number;
  /** Examples whose true class this is. */
  support: number;
}

export interface ClassificationEvaluation {
  accuracy: number;
  perClass: ClassMetrics[];
  /** Unweighted mean of the per-class F1 over all classes. */
  macroF1: number;
  /** confusionMatrix[trueClass][predictedClass] = count. */
  confusionMatrix: number[][];
  /** Binary only, and only when both classes occur: area under the ROC curve (ties count half). */
  rocAuc?: number;
  count: number;
}

export type Evaluation = RegressionEvaluation | ClassificationEvaluation;

export function evaluateRegression(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionEvaluation {
  const n = yTrue.length;
  if (yPred.length !== n) throw new Error(`yTrue has ${n} values but yPred ${yPred.length}`);
  if (n === 0) throw new Error('cannot evaluate on zero examples');
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i]!;
  mean /= n;
  let se = 0;
  let ae = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    const d = yTrue[i]! - yPred[i]!;
    se += d * d;
    ae += Math.abs(d);
    tot += (yTrue[i]! - mean) ** 2;
  }
  const r2 = tot === 0 ? (se === 0 ? 1 : 0) : 1 - se / tot;
  return { mse: se / n, mae: ae / n, r2, count: n };
}

/**
 * `probabilities`: n * numClasses values (row-major), or for two classes also n values = P(class 1)
 * (a sigmoid output). The predicted class is the argmax (lowest index on ties); P(class 1) >= 0.5 for
 * a single binary probability.
 */
export function evaluateClassification(
  yTrueIdx: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  numClasses: number,
  labels?: readonly string[],
): ClassificationEvaluation {
  const n = yTrueIdx.length;
  if (!Number.isInteger(numClasses) || numClasses < 2) throw new Error(`numClasses must be an integer >= 2, got ${numClasses}`);
  if (n === 0) throw new Error('cannot evaluate on zero examples');
  if (labels && labels.length !== numClasses) throw new Error(`${labels.length} labels for ${numClasses} classes`);
  const single = numClasses === 2 && probabilities.length === n;
  if (!single && probabilities.length !== n * numClasses) {
    throw new Error(`expected ${n * numClasses} probabilities${numClasses === 2 ? ` (or ${n})` : ''}, got ${probabilities.length}`);
  }

  const confusionMatrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  const positiveScore = numClasses === 2 ? new Float64Array(n) : undefined;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const t = yTrueIdx[i]!;
    if (!Number.isInteger(t) || t < 0 || t >= numClasses) throw new Error(`true class ${t} at ${i} is outside [0, ${numClasses})`);
    let pred: number;
    if (single) {
      const p = probabilities[i]!;
      pred = p >= 0.5 ? 1 : 0;
      positiveScore![i] = p;
    } else {
      pred = 0;
      let best = probabilities[i * numClasses]!;
      for (let k = 1; k < numClasses; k++) {
        const p = probabilities[i * numClasses + k]!;
        if (p > best) {
          best = p;
          pred = k;
        }
      }
      if (positiveScore) positiveScore[i] = probabilities[i * 2 + 1]!;
    }
    confusionMatrix[t]![pred]!++;
    if (pred === t) correct++;
  }

  const perClass: ClassMetrics[] = [];
  for (let k = 0; k < numClasses; k++) {
    const tp = confusionMatrix[k]![k]!;
    const support = confusionMatrix[k]!.reduce((a, b) => a + b, 0);
    let predicted = 0;
    for (let t = 0; t < numClasses; t++) predicted += confusionMatrix[t]![k]!;
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perClass.push({ label: labels?.[k] ?? String(k), precision, recall, f1, support });
  }

  const result: ClassificationEvaluation = {
    accuracy: correct / n,
    perClass,
    macroF1: perClass.reduce((a, c) => a + c.f1, 0) / numClasses,
    confusionMatrix,
    count: n,
  };
  if (positiveScore) {
    const auc = rocAuc(yTrueIdx, positiveScore);
    if (auc !== undefined) result.rocAuc = auc;
  }
  return result;
}

/**
 * ROC-AUC via the Mann–Whitney U statistic with average ranks for tied scores (a positive and a
 * negative with the same score count half). Undefined when only one class occurs.
 */
export function rocAuc(yTrue: ArrayLike<number>, scores: ArrayLike<number>): number | undefined {
  const n = yTrue.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const avgRank = (i + j) / 2 + 1; // ranks are 1-based
    for (let k = i; k <= j; k++) {
      if (yTrue[order[k]!] === 1) {
        positives++;
        rankSum += avgRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return undefined;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

// ---------------------------------------------------------------------------------------------
// Comparison

export interface MetricComparisonRow {
  /** e.g. `mse`, `accuracy`, `f1[cat]`. */
  metric: string;
  /** One per run, in the order given; null when the run has no such metric. */
  values: (number | null)[];
  /** Id of the run with the best value (lower is better for errors), null for counts or when none has one. */
  bestRunId: string | null;
}

export interface MetricComparison {
  runIds: string[];
  rows: MetricComparisonRow[];
}

const LOWER_IS_BETTER = new Set(['mse', 'mae']);
const NOT_RANKED = new Set(['count']);

function flattenEvaluation(e: Evaluation): [string, number][] {
  if ('mse' in e) return [['mse', e.mse], ['mae', e.mae], ['r2', e.r2], ['count', e.count]];
  const rows: [string, number][] = [['accuracy', e.accuracy], ['macroF1', e.macroF1]];
  if (e.rocAuc !== undefined) rows.push(['rocAuc', e.rocAuc]);
  rows.push(['count', e.count]);
  for (const c of e.perClass) rows.push([`precision[${c.label}]`, c.precision], [`recall[${c.label}]`, c.recall], [`f1[${c.label}]`, c.f1]);
  return rows;
}

/** Metrics of several runs side by side: one row per metric any run has, in first-seen order. */
export function compareMetrics(runs: readonly { id: string; evaluation: Evaluation }[]): MetricComparison {
  const table = new Map<string, (number | null)[]>();
  runs.forEach((run, r) => {
    for (const [metric, value] of flattenEvaluation(run.evaluation)) {
      let values = table.get(metric);
      if (!values) table.set(metric, (values = new Array<number | null>(runs.length).fill(null)));
      values[r] = value;
    }
  });
  const rows: MetricComparisonRow[] = [];
  for (const [metric, values] of table) {
    let best: number | null = null;
    if (!NOT_RANKED.has(metric)) {
      const lower = LOWER_IS_BETTER.has(metric);
      values.forEach((v, i) => {
        if (v === null || Number.isNaN(v)) return;
        const b = best === null ? null : values[best]!;
        if (b === null || (lower ? v < b : v > b)) best = i;
      });
    }
    rows.push({ metric, values, bestRunId: best === null ? null : runs[best]!.id });
  }
  return { runIds: runs.map((r) => r.id), rows };
}
