export * from './spec.ts';
export * from './errors.ts';
export { parseModelSpec, resolveModelSpec, type DatasetShape, type LayerShape, type ResolvedModel, type ResolvedOptimizer } from './validate.ts';
export { buildModel, layerName, type Tf } from './build.ts';
export { selectBackend, wasmUnsupportedLayers, WASM_TRAINABLE_LAYERS, type BackendName, type SelectBackendOptions, type SelectedBackend } from './backend.ts';
export { trainModel, type DataSplit, type EpochReport, type TrainOptions, type TrainResult } from './train.ts';
export { predictBatch, evaluateModel } from './predict.ts';
export {
  evaluateRegression,
  evaluateClassification,
  rocAuc,
  compareMetrics,
  type RegressionEvaluation,
  type ClassificationEvaluation,
  type ClassMetrics,
  type Evaluation,
  type MetricComparison,
  type MetricComparisonRow,
} from './evaluate.ts';
export { serializeModel, loadModel, WEIGHTS_FILE, type ModelArtifacts } from './artifacts.ts';
