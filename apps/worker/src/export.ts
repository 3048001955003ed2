// ONNX export of a trained model for serving. Tabular preprocessing (imputation, scaling, one-hot)
// goes into the graph so the ONNX file takes raw column values; text and image models take the
// already-preprocessed feature tensor.
import { createHash } from 'node:crypto';
import type { FittedPreprocessing } from '@modelgraph/dataset-core';
import { exportToOnnx, type LayersModelLike, type PreprocessingGraph } from '@modelgraph/onnx-export';

export type RecordFieldKind = 'numeric' | 'boolean' | 'datetime' | 'categorical';

/** Stored with the model version (ModelVersion.signature); the gateway validates predict inputs with it. */
export interface ModelSignature {
  task: 'REGRESSION' | 'BINARY' | 'MULTICLASS';
  inputs: { name: string; type: 'float32' | 'int64' | 'string'; shape: (number | null)[] }[];
  outputs: { name: string; type: 'float32' | 'int64' | 'string'; shape: (number | null)[] }[];
  featureShape: number[];
  featureNames: string[];
  recordFields?: { name: string; kind: RecordFieldKind; input: string; categories?: string[] }[];
  labels?: string[];
}

// A category no real value can equal: shifts index encoding so known categories get i + 1 and
// unknown ones 0, exactly as the training transform does.
const RESERVED_UNKNOWN = '\u0000unknown';

/** dataset-core's fitted parameters → the exporter's preprocessing graph, or null when it cannot express them. */
export function preprocessingGraphOf(fitted: FittedPreprocessing): { graph: PreprocessingGraph; fields: NonNullable<ModelSignature['recordFields']> } | null {
  const columns: PreprocessingGraph['columns'] = [];
  const fields: NonNullable<ModelSignature['recordFields']> = [];
  for (const column of fitted.columns) {
    switch (column.type) {
      case 'numeric':
      case 'datetime':
        columns.push({ kind: 'numeric', name: column.name, impute: column.fill, scale: { type: 'standardize', mean: column.center, std: column.scale } });
        fields.push({ name: column.name, kind: column.type, input: column.name });
        break;
      case 'boolean':
        columns.push({ kind: 'numeric', name: column.name, impute: column.fill });
        fields.push({ name: column.name, kind: 'boolean', input: column.name });
        break;
      case 'categorical':
        columns.push(
          column.encoding === 'onehot'
            ? { kind: 'categorical', name: column.name, encoding: 'onehot', categories: column.categories, ...(column.fill !== null ? { impute: column.fill } : {}) }
            : {
                kind: 'categorical',
                name: column.name,
                encoding: 'index',
                categories: [RESERVED_UNKNOWN, ...column.categories],
                unknownIndex: 0,
                ...(column.fill !== null ? { impute: column.fill } : {}),
              },
        );
        fields.push({ name: column.name, kind: 'categorical', input: column.name, categories: column.categories });
        break;
      default:
        return null; // text and image stay outside the graph
    }
  }
  return columns.length > 0 ? { graph: { columns }, fields } : null;
}

export function exportModelVersion(args: {
  model: LayersModelLike;
  task: ModelSignature['task'];
  fitted: FittedPreprocessing;
  featureShape: number[];
  featureNames: string[];
  labels?: string[];
  modelVersion: number;
  metadata: Record<string, string>;
}): { bytes: Uint8Array; sha256: string; signature: ModelSignature } {
  const tabular = preprocessingGraphOf(args.fitted);
  const result = exportToOnnx(args.model, {
    task: args.task,
    ...(args.labels ? { labels: args.labels } : {}),
    // With preprocessing in the graph the exporter names the features itself.
    ...(tabular ? { preprocessing: tabular.graph } : { inputName: 'features', featureNames: args.featureNames }),
    modelVersion: args.modelVersion,
    metadata: args.metadata,
  });
  const shape = (s: (number | string | null)[]) => s.map((d) => (typeof d === 'number' ? d : null));
  const signature: ModelSignature = {
    task: args.task,
    inputs: result.inputs.map((t) => ({ name: t.name, type: t.type, shape: shape(t.shape) })),
    outputs: result.outputs.map((t) => ({ name: t.name, type: t.type, shape: shape(t.shape) })),
    featureShape: args.featureShape,
    featureNames: args.featureNames,
    ...(tabular ? { recordFields: tabular.fields } : {}),
    ...(args.labels ? { labels: args.labels } : {}),
  };
  return { bytes: result.bytes, sha256: createHash('sha256').update(result.bytes).digest('hex'), signature };
}
