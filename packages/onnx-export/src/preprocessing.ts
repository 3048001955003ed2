/**
 * The fitted tabular preprocessing, embedded in the ONNX graph so the exported model takes RAW
 * column values. This is this package's own input contract; the preprocessing owners adapt to it.
 *
 * Per column, in order, the graph produces feature-vector columns:
 *  - numeric: float input [N, 1]; NaN = missing → `impute`; then optional scaling
 *      standardize: (x - mean) / std      (std 0 → 1)
 *      minmax:      (x - min) / (max - min) (max == min → divide by 1)
 *    → 1 feature.
 *  - categorical: string input [N, 1]; exact string match against `categories`.
 *    The empty string means missing: it becomes `impute` when that is one of the categories,
 *    otherwise it is treated like any unknown value.
 *      onehot: C features, category i → 1 at position i; unknown → all zeros.
 *      index:  1 feature holding the category index as a float; unknown → `unknownIndex`
 *              (default C, i.e. one past the last category).
 * The features are concatenated (axis 1) into the model's [N, F] input.
 */
import { OnnxExportError } from './errors.ts';
import { DataType, GraphBuilder, ML_DOMAIN, attr } from './graph-builder.ts';

export interface NumericColumnSpec {
  kind: 'numeric';
  name: string;
  impute: number;
  scale?: { type: 'standardize'; mean: number; std: number } | { type: 'minmax'; min: number; max: number };
}

export interface CategoricalColumnSpec {
  kind: 'categorical';
  name: string;
  encoding: 'onehot' | 'index';
  categories: string[];
  /** Category used for a missing value (empty string input). */
  impute?: string;
  /** `index` encoding only: the value an unknown category maps to (default categories.length). */
  unknownIndex?: number;
}

export type ColumnSpec = NumericColumnSpec | CategoricalColumnSpec;

export interface PreprocessingGraph {
  columns: ColumnSpec[];
}

export interface PreprocessingResult {
  /** float [N, F] */
  features: string;
  width: number;
  featureNames: string[];
}

function invalid(message: string): never {
  throw new OnnxExportError('INVALID_OPTIONS', `preprocessing: ${message}`);
}

function finite(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) invalid(`${what} must be a finite number, got ${JSON.stringify(v)}`);
  return v;
}

/** Checks a PreprocessingGraph; throws OnnxExportError('INVALID_OPTIONS') on the first problem. */
export function validatePreprocessing(pre: PreprocessingGraph): void {
  if (!pre || !Array.isArray(pre.columns) || pre.columns.length === 0) invalid('columns must be a non-empty array');
  const seen = new Set<string>();
  for (const c of pre.columns) {
    if (typeof c.name !== 'string' || c.name === '') invalid('every column needs a non-empty name');
    if (seen.has(c.name)) invalid(`duplicate column "${c.name}"`);
    seen.add(c.name);
    if (c.kind === 'numeric') {
      finite(c.impute, `column "${c.name}" impute`);
      if (c.scale) {
        if (c.scale.type === 'standardize') {
          finite(c.scale.mean, `column "${c.name}" mean`);
          finite(c.scale.std, `column "${c.name}" std`);
        } else if (c.scale.type === 'minmax') {
          finite(c.scale.min, `column "${c.name}" min`);
          finite(c.scale.max, `column "${c.name}" max`);
        } else {
          invalid(`column "${c.name}": unknown scale type ${JSON.stringify((c.scale as { type: unknown }).type)}`);
        }
      }
    } else if (c.kind === 'categorical') {
      if (c.encoding !== 'onehot' && c.encoding !== 'index') invalid(`column "${c.name}": unknown encoding ${JSON.stringify(c.encoding)}`);
      if (!Array.isArray(c.categories) || c.categories.length === 0) invalid(`column "${c.name}" needs at least one category`);
      if (c.categories.some((s) => typeof s !== 'string')) invalid(`column "${c.name}": categories must be strings`);
      if (new Set(c.categories).size !== c.categories.length) invalid(`column "${c.name}" has duplicate categories`);
      if (c.impute !== undefined && typeof c.impute !== 'string') invalid(`column "${c.name}": impute must be a string`);
      if (c.unknownIndex !== undefined && !Number.isInteger(c.unknownIndex)) invalid(`column "${c.name}": unknownIndex must be an integer`);
    } else {
      invalid(`column "${(c as { name: string }).name}": unknown kind ${JSON.stringify((c as { kind: unknown }).kind)}`);
    }
  }
}

/** Width of the feature vector the preprocessing produces. */
export function preprocessingWidth(pre: PreprocessingGraph): number {
  return pre.columns.reduce((w, c) => w + (c.kind === 'categorical' && c.encoding === 'onehot' ? c.categories.length : 1), 0);
}

/**
 * Adds one graph input per column (named by the column) and the nodes producing the [N, F] feature
 * matrix. The caller has validated `pre` and claimed nothing under the column names yet.
 */
export function buildPreprocessing(g: GraphBuilder, pre: PreprocessingGraph): PreprocessingResult {
  const parts: string[] = [];
  const featureNames: string[] = [];
  for (const c of pre.columns) {
    if (!g.claim(c.name)) invalid(`column name "${c.name}" collides with another graph input/output name`);
  }
  for (const c of pre.columns) {
    g.scope = `preprocess/${c.name}`;
    if (c.kind === 'numeric') {
      g.addInput(c.name, DataType.FLOAT, ['N', 1]);
      let x = g.op1('Where', [g.op1('IsNaN', [c.name]), g.scalar(c.impute), c.name]);
      if (c.scale?.type === 'standardize') {
        const std = c.scale.std === 0 ? 1 : c.scale.std;
        x = g.op1('Div', [g.op1('Sub', [x, g.scalar(c.scale.mean)]), g.scalar(std)]);
      } else if (c.scale?.type === 'minmax') {
        const range = c.scale.max - c.scale.min === 0 ? 1 : c.scale.max - c.scale.min;
        x = g.op1('Div', [g.op1('Sub', [x, g.scalar(c.scale.min)]), g.scalar(range)]);
      }
      parts.push(x);
      featureNames.push(c.name);
    } else {
      g.addInput(c.name, DataType.STRING, ['N', 1]);
      const C = c.categories.length;
      const keys = c.categories.slice();
      const values = c.categories.map((_, i) => i);
      const imputeIdx = c.impute === undefined ? -1 : c.categories.indexOf(c.impute);
      if (imputeIdx >= 0 && !keys.includes('')) {
        keys.push('');
        values.push(imputeIdx);
      }
      const unknown = c.encoding === 'onehot' ? -1 : (c.unknownIndex ?? C);
      // ai.onnx.ml LabelEncoder (string → int64); opset-17 Equal has no string support.
      const idx = g.op1(
        'LabelEncoder',
        [c.name],
        { keys_strings: attr.strings(keys), values_int64s: attr.ints(values), default_int64: attr.i(unknown) },
        { domain: ML_DOMAIN },
      ); // int64 [N, 1]
      if (c.encoding === 'onehot') {
        const range = g.int64Const('categories', [C], values.slice(0, C));
        parts.push(g.op1('Cast', [g.op1('Equal', [idx, range])], { to: attr.i(DataType.FLOAT) })); // [N, C]
        for (const cat of c.categories) featureNames.push(`${c.name}=${cat}`);
      } else {
        parts.push(g.op1('Cast', [idx], { to: attr.i(DataType.FLOAT) }));
        featureNames.push(c.name);
      }
    }
  }
  g.scope = 'preprocess';
  const features = parts.length === 1 ? parts[0]! : g.op1('Concat', parts, { axis: attr.i(1) });
  g.scope = '';
  return { features, width: featureNames.length, featureNames };
}
