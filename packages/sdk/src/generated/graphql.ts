/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AliasGateInput = {
  metric: string;
  op: GateOp;
  value: number;
};

/** What an API key may do. ADMIN implies every other scope. */
export type ApiKeyScope =
  | 'ADMIN'
  | 'PREDICT'
  | 'READ'
  | 'TRAIN'
  | 'WRITE';

export type ApiKeyStatus =
  | 'ACTIVE'
  | 'EXPIRED'
  | 'REVOKED';

export type CancelRunInput = {
  runId: string | number;
};

export type ColumnRole =
  | 'FEATURE'
  | 'IGNORED'
  | 'LABEL';

export type ColumnType =
  | 'BOOLEAN'
  | 'CATEGORICAL'
  | 'DATETIME'
  | 'IMAGE'
  | 'NUMERIC'
  | 'TEXT';

export type ColumnTypeOverride = {
  column: string;
  type: ColumnType;
};

export type CreateApiKeyInput = {
  /** When the key stops working; must be in the future. Omit for no expiry. */
  expiresAt?: string | null | undefined;
  name: string;
  scopes: Array<ApiKeyScope>;
};

export type CreateDatasetInput = {
  description?: string | null | undefined;
  name: string;
};

/**
 * Inline upload of a small file. Large files go to the streaming endpoint
 * `POST /upload/datasets/{datasetId}/versions?format=CSV&labelColumn=…` with the same API key.
 */
export type CreateDatasetVersionInput = {
  columnTypes?: Array<ColumnTypeOverride> | null | undefined;
  /** The file's text (CSV, a JSON array of records, or JSON lines). */
  content: string;
  datasetId: string | number;
  format: DatasetFormat;
  labelColumn?: string | null | undefined;
  /** Preprocessing spec (see the README); omitted → inferred defaults for each column type. */
  preprocessing?: unknown;
  split?: SplitInput | null | undefined;
};

export type CreateModelInput = {
  /**
   * Either `{ "layers": [{ "type": "dense", "units": 64, "activation": "relu" }, …] }` or a preset:
   * `{ "preset": "mlp", "hiddenUnits": [64, 64] }`, `{ "preset": "cnn" }`, `{ "preset": "rnn", "cell": "lstm" }`.
   * The output layer is added for the task.
   */
  architecture: unknown;
  batchSize?: number | null | undefined;
  datasetVersionId: string | number;
  /** `{ "metric": "val_loss", "patience": 5 }`. */
  earlyStopping?: unknown;
  epochs?: number | null | undefined;
  /** meanSquaredError, meanAbsoluteError, binaryCrossentropy or categoricalCrossentropy; default by task. */
  loss?: string | null | undefined;
  name: string;
  /** `{ "type": "adam", "learningRate": 0.001 }` (sgd, momentum, adam, rmsprop). */
  optimizer?: unknown;
  seed?: number | null | undefined;
  /** Defaults from the dataset's label: REGRESSION for numbers, BINARY or MULTICLASS for classes. */
  task?: ModelTask | null | undefined;
};

export type CreateTenantInput = {
  /** Name of the first ADMIN key created with the tenant. */
  adminKeyName?: string | null | undefined;
  name: string;
};

export type DatasetFormat =
  | 'CSV'
  | 'JSON'
  | 'JSONL';

export type DatasetTask =
  | 'CLASSIFICATION'
  | 'REGRESSION';

export type DeleteAliasInput = {
  modelId: string | number;
  name: string;
};

export type DeleteDatasetInput = {
  id: string | number;
};

export type GateOp =
  | 'GT'
  | 'GTE'
  | 'LT'
  | 'LTE';

/**
 * Import of an external ONNX model (base64 here, for small files; large files go to
 * `POST /upload/models?name=…&task=…` with the signature as `signature=<json>`).
 */
export type ImportOnnxModelInput = {
  fileBase64: string;
  /** The declared signature: exactly one float input and the outputs predict reads. */
  inputs: Array<TensorSpecInput>;
  /** Class labels in output order, for classification. */
  labels?: Array<string> | null | undefined;
  name: string;
  outputs: Array<TensorSpecInput>;
  task: ModelTask;
};

export type ModelSource =
  | 'IMPORTED'
  | 'TRAINED';

export type ModelTask =
  | 'BINARY'
  | 'MULTICLASS'
  | 'REGRESSION';

export type PredictInput = {
  /** Serve the version this alias points at (e.g. production)... */
  alias?: string | null | undefined;
  modelId: string | number;
  /** Named records keyed by the dataset's column names; preprocessed inside the model graph. */
  records?: Array<unknown> | null | undefined;
  /** Raw tensors: one row per prediction, flattened to the model's feature shape. */
  tensors?: Array<Array<number>> | null | undefined;
  /** ...or this version number. Default: the alias `production` if set, else the latest version. */
  version?: number | null | undefined;
};

export type RevokeApiKeyInput = {
  id: string | number;
};

export type RunProgressKind =
  | 'EPOCH'
  | 'STATUS';

export type RunStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED';

export type SetAliasInput = {
  /** Sets (or replaces) the alias's gate; omit to keep the current one, null to remove it. */
  gate?: AliasGateInput | null | undefined;
  modelId: string | number;
  /** Any name made of letters, digits, `-` and `_`, e.g. production or staging. */
  name: string;
  version: number;
};

export type SplitInput = {
  seed?: number | null | undefined;
  /** Stratify by the label for classification (default true when the label is categorical). */
  stratify?: boolean | null | undefined;
  test: number;
  train: number;
  validation: number;
};

export type StartRunInput = {
  modelId: string | number;
};

export type TensorSpecInput = {
  name: string;
  /** Use null (or -1) for the batch dimension. */
  shape: Array<number | null | undefined>;
  type: TensorType;
};

export type TensorType =
  | 'FLOAT32'
  | 'INT64'
  | 'STRING';

export type UpdateBatchingInput = {
  maxBatchSize: number;
  maxQueueDelayMs: number;
  modelId: string | number;
};

export type UpdateColumnTypesInput = {
  columnTypes: Array<ColumnTypeOverride>;
  datasetVersionId: string | number;
  /** Change (or set) the label column as well. */
  labelColumn?: string | null | undefined;
};

export type DatasetsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type DatasetsQuery = { datasets: { edges: Array<{ node: { id: string, name: string, description: string | null, createdAt: string, updatedAt: string, latestVersion: { id: string, version: number, format: DatasetFormat, rowCount: number, byteSize: number, sha256: string, labelColumn: string | null, task: DatasetTask | null, createdAt: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type DatasetQueryVariables = Exact<{
  id: string | number;
  versionsFirst?: number | null | undefined;
}>;


export type DatasetQuery = { dataset: { id: string, name: string, description: string | null, createdAt: string, updatedAt: string, versions: { edges: Array<{ node: { id: string, version: number, format: DatasetFormat, rowCount: number, byteSize: number, sha256: string, labelColumn: string | null, task: DatasetTask | null, createdAt: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }, latestVersion: { labelClasses: Array<string> | null, featureShape: Array<number>, featureNames: Array<string>, preprocessing: unknown, id: string, version: number, format: DatasetFormat, rowCount: number, byteSize: number, sha256: string, labelColumn: string | null, task: DatasetTask | null, createdAt: string, dataset: { id: string, name: string }, splits: { seed: number, stratified: boolean, trainFraction: number, validationFraction: number, testFraction: number, train: number, validation: number, test: number }, warnings: Array<{ code: string, column: string | null, message: string }>, columns: Array<{ name: string, type: ColumnType, inferredType: ColumnType, role: ColumnRole, stats: { count: number, missing: number, distinctCount: number, distinctCapped: boolean, min: number | null, max: number | null, mean: number | null, std: number | null, median: number | null, minDate: string | null, maxDate: string | null, meanTokens: number | null, maxTokens: number | null, vocabularySize: number | null, topValues: Array<{ value: string, count: number }> } }> } | null } };

export type DatasetVersionQueryVariables = Exact<{
  id: string | number;
}>;


export type DatasetVersionQuery = { datasetVersion: { labelClasses: Array<string> | null, featureShape: Array<number>, featureNames: Array<string>, preprocessing: unknown, id: string, version: number, format: DatasetFormat, rowCount: number, byteSize: number, sha256: string, labelColumn: string | null, task: DatasetTask | null, createdAt: string, dataset: { id: string, name: string }, splits: { seed: number, stratified: boolean, trainFraction: number, validationFraction: number, testFraction: number, train: number, validation: number, test: number }, warnings: Array<{ code: string, column: string | null, message: string }>, columns: Array<{ name: string, type: ColumnType, inferredType: ColumnType, role: ColumnRole, stats: { count: number, missing: number, distinctCount: number, distinctCapped: boolean, min: number | null, max: number | null, mean: number | null, std: number | null, median: number | null, minDate: string | null, maxDate: string | null, meanTokens: number | null, maxTokens: number | null, vocabularySize: number | null, topValues: Array<{ value: string, count: number }> } }> } };

export type DatasetPreviewQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type DatasetPreviewQuery = { datasetVersion: { id: string, preview: { edges: Array<{ node: unknown }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } };

export type CreateDatasetMutationVariables = Exact<{
  input: CreateDatasetInput;
}>;


export type CreateDatasetMutation = { createDataset: { dataset: { id: string, name: string, description: string | null, createdAt: string, updatedAt: string, latestVersion: { id: string, version: number, format: DatasetFormat, rowCount: number, byteSize: number, sha256: string, labelColumn: string | null, task: DatasetTask | null, createdAt: string } | null } } };

export type CreateDatasetVersionMutationVariables = Exact<{
  input: CreateDatasetVersionInput;
}>;


export type CreateDatasetVersionMutation = { createDatasetVersion: { datasetVersion: { labelClasses: Array<string> | null, featureShape: Array<number>, featureNames: Array<string>, preprocessing: unknown, id: string, version: number, format: DatasetFormat, rowCount: number, byteSize: number, sha256: string, labelColumn: string | null, task: DatasetTask | null, createdAt: string, dataset: { id: string, name: string }, splits: { seed: number, stratified: boolean, trainFraction: number, validationFraction: number, testFraction: number, train: number, validation: number, test: number }, warnings: Array<{ code: string, column: string | null, message: string }>, columns: Array<{ name: string, type: ColumnType, inferredType: ColumnType, role: ColumnRole, stats: { count: number, missing: number, distinctCount: number, distinctCapped: boolean, min: number | null, max: number | null, mean: number | null, std: number | null, median: number | null, minDate: string | null, maxDate: string | null, meanTokens: number | null, maxTokens: number | null, vocabularySize: number | null, topValues: Array<{ value: string, count: number }> } }> } } };

export type UpdateColumnTypesMutationVariables = Exact<{
  input: UpdateColumnTypesInput;
}>;


export type UpdateColumnTypesMutation = { updateColumnTypes: { datasetVersion: { labelClasses: Array<string> | null, featureShape: Array<number>, featureNames: Array<string>, preprocessing: unknown, id: string, version: number, format: DatasetFormat, rowCount: number, byteSize: number, sha256: string, labelColumn: string | null, task: DatasetTask | null, createdAt: string, dataset: { id: string, name: string }, splits: { seed: number, stratified: boolean, trainFraction: number, validationFraction: number, testFraction: number, train: number, validation: number, test: number }, warnings: Array<{ code: string, column: string | null, message: string }>, columns: Array<{ name: string, type: ColumnType, inferredType: ColumnType, role: ColumnRole, stats: { count: number, missing: number, distinctCount: number, distinctCapped: boolean, min: number | null, max: number | null, mean: number | null, std: number | null, median: number | null, minDate: string | null, maxDate: string | null, meanTokens: number | null, maxTokens: number | null, vocabularySize: number | null, topValues: Array<{ value: string, count: number }> } }> } } };

export type DeleteDatasetMutationVariables = Exact<{
  input: DeleteDatasetInput;
}>;


export type DeleteDatasetMutation = { deleteDataset: { deletedDatasetId: string } };

export type PageInfoFieldsFragment = { hasNextPage: boolean, endCursor: string | null };

export type ApiKeyFieldsFragment = { id: string, name: string, prefix: string, scopes: Array<ApiKeyScope>, status: ApiKeyStatus, createdAt: string, expiresAt: string | null, revokedAt: string | null, lastUsedAt: string | null };

export type DatasetVersionSummaryFragment = { id: string, version: number, format: DatasetFormat, rowCount: number, byteSize: number, sha256: string, labelColumn: string | null, task: DatasetTask | null, createdAt: string };

export type DatasetSummaryFragment = { id: string, name: string, description: string | null, createdAt: string, updatedAt: string, latestVersion: { id: string, version: number, format: DatasetFormat, rowCount: number, byteSize: number, sha256: string, labelColumn: string | null, task: DatasetTask | null, createdAt: string } | null };

export type ColumnStatsFieldsFragment = { count: number, missing: number, distinctCount: number, distinctCapped: boolean, min: number | null, max: number | null, mean: number | null, std: number | null, median: number | null, minDate: string | null, maxDate: string | null, meanTokens: number | null, maxTokens: number | null, vocabularySize: number | null, topValues: Array<{ value: string, count: number }> };

export type DatasetVersionFieldsFragment = { labelClasses: Array<string> | null, featureShape: Array<number>, featureNames: Array<string>, preprocessing: unknown, id: string, version: number, format: DatasetFormat, rowCount: number, byteSize: number, sha256: string, labelColumn: string | null, task: DatasetTask | null, createdAt: string, dataset: { id: string, name: string }, splits: { seed: number, stratified: boolean, trainFraction: number, validationFraction: number, testFraction: number, train: number, validation: number, test: number }, warnings: Array<{ code: string, column: string | null, message: string }>, columns: Array<{ name: string, type: ColumnType, inferredType: ColumnType, role: ColumnRole, stats: { count: number, missing: number, distinctCount: number, distinctCapped: boolean, min: number | null, max: number | null, mean: number | null, std: number | null, median: number | null, minDate: string | null, maxDate: string | null, meanTokens: number | null, maxTokens: number | null, vocabularySize: number | null, topValues: Array<{ value: string, count: number }> } }> };

export type LayerFieldsFragment = { name: string, type: string, outputShape: Array<number | null>, params: number, config: unknown };

export type ModelSummaryFragment = { id: string, name: string, task: ModelTask, source: ModelSource, loss: string, createdAt: string, datasetVersion: { id: string, version: number, dataset: { id: string, name: string } } | null };

export type ModelFieldsFragment = { spec: unknown, id: string, name: string, task: ModelTask, source: ModelSource, loss: string, createdAt: string, layers: Array<{ name: string, type: string, outputShape: Array<number | null>, params: number, config: unknown }>, datasetVersion: { id: string, version: number, dataset: { id: string, name: string } } | null };

export type EpochFieldsFragment = { epoch: number, loss: number, valLoss: number | null, metrics: unknown, durationMs: number, createdAt: string };

export type EvaluationFieldsFragment = { task: ModelTask, count: number, mse: number | null, mae: number | null, r2: number | null, accuracy: number | null, macroF1: number | null, rocAuc: number | null, labels: Array<string> | null, confusionMatrix: Array<Array<number>> | null, perClass: Array<{ label: string, precision: number, recall: number, f1: number, support: number }> | null };

export type RunSummaryFragment = { id: string, status: RunStatus, backend: string | null, attempt: number, error: string | null, cancelRequested: boolean, plannedEpochs: number, queuedAt: string, startedAt: string | null, finishedAt: string | null, model: { id: string, name: string }, modelVersion: { id: string, version: number } | null };

export type RunFieldsFragment = { log: string, id: string, status: RunStatus, backend: string | null, attempt: number, error: string | null, cancelRequested: boolean, plannedEpochs: number, queuedAt: string, startedAt: string | null, finishedAt: string | null, epochs: Array<{ epoch: number, loss: number, valLoss: number | null, metrics: unknown, durationMs: number, createdAt: string }>, evaluation: { task: ModelTask, count: number, mse: number | null, mae: number | null, r2: number | null, accuracy: number | null, macroF1: number | null, rocAuc: number | null, labels: Array<string> | null, confusionMatrix: Array<Array<number>> | null, perClass: Array<{ label: string, precision: number, recall: number, f1: number, support: number }> | null } | null, model: { id: string, name: string }, modelVersion: { id: string, version: number } | null };

export type EvaluationSummaryFragment = { task: ModelTask, count: number, mse: number | null, mae: number | null, r2: number | null, accuracy: number | null, macroF1: number | null, rocAuc: number | null };

export type ModelVersionSummaryFragment = { id: string, version: number, createdAt: string, run: { id: string } | null, evaluation: { task: ModelTask, count: number, mse: number | null, mae: number | null, r2: number | null, accuracy: number | null, macroF1: number | null, rocAuc: number | null } | null };

export type PredictQueryVariables = Exact<{
  input: PredictInput;
}>;


export type PredictQuery = { predict: { modelVersion: { id: string, version: number, aliases: Array<string>, model: { id: string, name: string, task: ModelTask } }, predictions: Array<{ label: string | null, labelIndex: number | null, value: number | null, probabilities: Array<{ label: string, probability: number }> | null }> } };

export type SignatureFieldsFragment = { featureShape: Array<number> | null, featureNames: Array<string> | null, labels: Array<string> | null, inputs: Array<{ name: string, type: TensorType, shape: Array<number | null> }>, outputs: Array<{ name: string, type: TensorType, shape: Array<number | null> }>, recordFields: Array<{ name: string, kind: string, categories: Array<string> | null }> | null };

export type AliasFieldsFragment = { name: string, updatedAt: string, gate: { metric: string, op: GateOp, value: number } | null, modelVersion: { id: string, version: number } };

export type ModelRegistryQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
}>;


export type ModelRegistryQuery = { model: { id: string, name: string, task: ModelTask, source: ModelSource, aliases: Array<{ name: string, updatedAt: string, gate: { metric: string, op: GateOp, value: number } | null, modelVersion: { id: string, version: number } }>, batching: { maxBatchSize: number, maxQueueDelayMs: number }, versions: { edges: Array<{ node: { id: string, version: number, createdAt: string, aliases: Array<string>, onnx: { sha256: string, sizeBytes: number, opset: number } | null, signature: { featureShape: Array<number> | null, featureNames: Array<string> | null, labels: Array<string> | null, inputs: Array<{ name: string, type: TensorType, shape: Array<number | null> }>, outputs: Array<{ name: string, type: TensorType, shape: Array<number | null> }>, recordFields: Array<{ name: string, kind: string, categories: Array<string> | null }> | null } | null } }> } } };

export type SetAliasMutationVariables = Exact<{
  input: SetAliasInput;
}>;


export type SetAliasMutation = { setAlias: { alias: { name: string, updatedAt: string, gate: { metric: string, op: GateOp, value: number } | null, modelVersion: { id: string, version: number } } } };

export type DeleteAliasMutationVariables = Exact<{
  input: DeleteAliasInput;
}>;


export type DeleteAliasMutation = { deleteAlias: { deletedName: string } };

export type ImportOnnxModelMutationVariables = Exact<{
  input: ImportOnnxModelInput;
}>;


export type ImportOnnxModelMutation = { importOnnxModel: { model: { id: string, name: string, task: ModelTask, source: ModelSource, loss: string, createdAt: string, datasetVersion: { id: string, version: number, dataset: { id: string, name: string } } | null }, modelVersion: { id: string, version: number, onnx: { sha256: string, sizeBytes: number, opset: number } | null, signature: { featureShape: Array<number> | null, featureNames: Array<string> | null, labels: Array<string> | null, inputs: Array<{ name: string, type: TensorType, shape: Array<number | null> }>, outputs: Array<{ name: string, type: TensorType, shape: Array<number | null> }>, recordFields: Array<{ name: string, kind: string, categories: Array<string> | null }> | null } | null } } };

export type UpdateBatchingMutationVariables = Exact<{
  input: UpdateBatchingInput;
}>;


export type UpdateBatchingMutation = { updateBatching: { model: { id: string, batching: { maxBatchSize: number, maxQueueDelayMs: number } } } };

export type ModelsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ModelsQuery = { models: { edges: Array<{ node: { id: string, name: string, task: ModelTask, source: ModelSource, loss: string, createdAt: string, datasetVersion: { id: string, version: number, dataset: { id: string, name: string } } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ModelQueryVariables = Exact<{
  id: string | number;
}>;


export type ModelQuery = { model: { spec: unknown, id: string, name: string, task: ModelTask, source: ModelSource, loss: string, createdAt: string, layers: Array<{ name: string, type: string, outputShape: Array<number | null>, params: number, config: unknown }>, datasetVersion: { id: string, version: number, dataset: { id: string, name: string } } | null } };

export type ModelVersionsQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ModelVersionsQuery = { model: { id: string, versions: { edges: Array<{ node: { id: string, version: number, createdAt: string, run: { id: string } | null, evaluation: { task: ModelTask, count: number, mse: number | null, mae: number | null, r2: number | null, accuracy: number | null, macroF1: number | null, rocAuc: number | null } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } };

export type ValidateModelQueryVariables = Exact<{
  input: CreateModelInput;
}>;


export type ValidateModelQuery = { validateModel: { valid: boolean, errors: Array<{ path: string, message: string }>, layers: Array<{ name: string, type: string, outputShape: Array<number | null>, params: number, config: unknown }> } };

export type CreateModelMutationVariables = Exact<{
  input: CreateModelInput;
}>;


export type CreateModelMutation = { createModel: { model: { spec: unknown, id: string, name: string, task: ModelTask, source: ModelSource, loss: string, createdAt: string, layers: Array<{ name: string, type: string, outputShape: Array<number | null>, params: number, config: unknown }>, datasetVersion: { id: string, version: number, dataset: { id: string, name: string } } | null } } };

export type RunsQueryVariables = Exact<{
  modelId?: string | number | null | undefined;
  status?: RunStatus | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type RunsQuery = { runs: { edges: Array<{ node: { id: string, status: RunStatus, backend: string | null, attempt: number, error: string | null, cancelRequested: boolean, plannedEpochs: number, queuedAt: string, startedAt: string | null, finishedAt: string | null, model: { id: string, name: string }, modelVersion: { id: string, version: number } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type RunQueryVariables = Exact<{
  id: string | number;
}>;


export type RunQuery = { run: { log: string, id: string, status: RunStatus, backend: string | null, attempt: number, error: string | null, cancelRequested: boolean, plannedEpochs: number, queuedAt: string, startedAt: string | null, finishedAt: string | null, epochs: Array<{ epoch: number, loss: number, valLoss: number | null, metrics: unknown, durationMs: number, createdAt: string }>, evaluation: { task: ModelTask, count: number, mse: number | null, mae: number | null, r2: number | null, accuracy: number | null, macroF1: number | null, rocAuc: number | null, labels: Array<string> | null, confusionMatrix: Array<Array<number>> | null, perClass: Array<{ label: string, precision: number, recall: number, f1: number, support: number }> | null } | null, model: { id: string, name: string }, modelVersion: { id: string, version: number } | null } };

export type CompareRunsQueryVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type CompareRunsQuery = { compareRuns: { runs: Array<{ id: string, status: RunStatus, backend: string | null, attempt: number, error: string | null, cancelRequested: boolean, plannedEpochs: number, queuedAt: string, startedAt: string | null, finishedAt: string | null, model: { id: string, name: string }, modelVersion: { id: string, version: number } | null }>, rows: Array<{ metric: string, values: Array<number | null>, bestRunId: string | null }> } };

export type StartRunMutationVariables = Exact<{
  input: StartRunInput;
}>;


export type StartRunMutation = { startRun: { run: { id: string, status: RunStatus, backend: string | null, attempt: number, error: string | null, cancelRequested: boolean, plannedEpochs: number, queuedAt: string, startedAt: string | null, finishedAt: string | null, model: { id: string, name: string }, modelVersion: { id: string, version: number } | null } } };

export type CancelRunMutationVariables = Exact<{
  input: CancelRunInput;
}>;


export type CancelRunMutation = { cancelRun: { run: { id: string, status: RunStatus, backend: string | null, attempt: number, error: string | null, cancelRequested: boolean, plannedEpochs: number, queuedAt: string, startedAt: string | null, finishedAt: string | null, model: { id: string, name: string }, modelVersion: { id: string, version: number } | null } } };

export type RunProgressSubscriptionVariables = Exact<{
  runId: string | number;
  afterEpoch?: number | null | undefined;
}>;


export type RunProgressSubscription = { runProgress: { kind: RunProgressKind, run: { id: string, status: RunStatus, attempt: number, backend: string | null, error: string | null, cancelRequested: boolean, plannedEpochs: number, startedAt: string | null, finishedAt: string | null }, epoch: { epoch: number, loss: number, valLoss: number | null, metrics: unknown, durationMs: number, createdAt: string } | null } };

export type PingQueryVariables = Exact<{ [key: string]: never; }>;


export type PingQuery = { ping: string };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { isOperator: boolean, scopes: Array<ApiKeyScope>, tenant: { id: string, name: string, createdAt: string } | null, apiKey: { id: string, name: string, prefix: string, scopes: Array<ApiKeyScope>, status: ApiKeyStatus, createdAt: string, expiresAt: string | null, revokedAt: string | null, lastUsedAt: string | null } | null } };

export type ApiKeysQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  includeRevoked?: boolean | null | undefined;
}>;


export type ApiKeysQuery = { apiKeys: { edges: Array<{ node: { id: string, name: string, prefix: string, scopes: Array<ApiKeyScope>, status: ApiKeyStatus, createdAt: string, expiresAt: string | null, revokedAt: string | null, lastUsedAt: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type CreateApiKeyMutation = { createApiKey: { secret: string, apiKey: { id: string, name: string, prefix: string, scopes: Array<ApiKeyScope>, status: ApiKeyStatus, createdAt: string, expiresAt: string | null, revokedAt: string | null, lastUsedAt: string | null } } };

export type RevokeApiKeyMutationVariables = Exact<{
  input: RevokeApiKeyInput;
}>;


export type RevokeApiKeyMutation = { revokeApiKey: { apiKey: { id: string, name: string, prefix: string, scopes: Array<ApiKeyScope>, status: ApiKeyStatus, createdAt: string, expiresAt: string | null, revokedAt: string | null, lastUsedAt: string | null } } };

export type CreateTenantMutationVariables = Exact<{
  input: CreateTenantInput;
}>;


export type CreateTenantMutation = { createTenant: { tenant: { id: string, name: string, createdAt: string }, adminKey: { secret: string, apiKey: { id: string, name: string, prefix: string, scopes: Array<ApiKeyScope>, status: ApiKeyStatus, createdAt: string, expiresAt: string | null, revokedAt: string | null, lastUsedAt: string | null } } } };

export type UsageQueryVariables = Exact<{
  days?: number | null | undefined;
}>;


export type UsageQuery = { usage: Array<{ day: string, predictions: number, trainingRuns: number, uploadedBytes: number }> };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const PageInfoFieldsFragmentDoc = new TypedDocumentString(`
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
    `, {"fragmentName":"PageInfoFields"}) as unknown as TypedDocumentString<PageInfoFieldsFragment, unknown>;
export const ApiKeyFieldsFragmentDoc = new TypedDocumentString(`
    fragment ApiKeyFields on ApiKey {
  id
  name
  prefix
  scopes
  status
  createdAt
  expiresAt
  revokedAt
  lastUsedAt
}
    `, {"fragmentName":"ApiKeyFields"}) as unknown as TypedDocumentString<ApiKeyFieldsFragment, unknown>;
export const DatasetVersionSummaryFragmentDoc = new TypedDocumentString(`
    fragment DatasetVersionSummary on DatasetVersion {
  id
  version
  format
  rowCount
  byteSize
  sha256
  labelColumn
  task
  createdAt
}
    `, {"fragmentName":"DatasetVersionSummary"}) as unknown as TypedDocumentString<DatasetVersionSummaryFragment, unknown>;
export const DatasetSummaryFragmentDoc = new TypedDocumentString(`
    fragment DatasetSummary on Dataset {
  id
  name
  description
  createdAt
  updatedAt
  latestVersion {
    ...DatasetVersionSummary
  }
}
    fragment DatasetVersionSummary on DatasetVersion {
  id
  version
  format
  rowCount
  byteSize
  sha256
  labelColumn
  task
  createdAt
}`, {"fragmentName":"DatasetSummary"}) as unknown as TypedDocumentString<DatasetSummaryFragment, unknown>;
export const ColumnStatsFieldsFragmentDoc = new TypedDocumentString(`
    fragment ColumnStatsFields on ColumnStats {
  count
  missing
  distinctCount
  distinctCapped
  topValues {
    value
    count
  }
  min
  max
  mean
  std
  median
  minDate
  maxDate
  meanTokens
  maxTokens
  vocabularySize
}
    `, {"fragmentName":"ColumnStatsFields"}) as unknown as TypedDocumentString<ColumnStatsFieldsFragment, unknown>;
export const DatasetVersionFieldsFragmentDoc = new TypedDocumentString(`
    fragment DatasetVersionFields on DatasetVersion {
  ...DatasetVersionSummary
  dataset {
    id
    name
  }
  labelClasses
  featureShape
  featureNames
  preprocessing
  splits {
    seed
    stratified
    trainFraction
    validationFraction
    testFraction
    train
    validation
    test
  }
  warnings {
    code
    column
    message
  }
  columns {
    name
    type
    inferredType
    role
    stats {
      ...ColumnStatsFields
    }
  }
}
    fragment DatasetVersionSummary on DatasetVersion {
  id
  version
  format
  rowCount
  byteSize
  sha256
  labelColumn
  task
  createdAt
}
fragment ColumnStatsFields on ColumnStats {
  count
  missing
  distinctCount
  distinctCapped
  topValues {
    value
    count
  }
  min
  max
  mean
  std
  median
  minDate
  maxDate
  meanTokens
  maxTokens
  vocabularySize
}`, {"fragmentName":"DatasetVersionFields"}) as unknown as TypedDocumentString<DatasetVersionFieldsFragment, unknown>;
export const ModelSummaryFragmentDoc = new TypedDocumentString(`
    fragment ModelSummary on Model {
  id
  name
  task
  source
  loss
  createdAt
  datasetVersion {
    id
    version
    dataset {
      id
      name
    }
  }
}
    `, {"fragmentName":"ModelSummary"}) as unknown as TypedDocumentString<ModelSummaryFragment, unknown>;
export const LayerFieldsFragmentDoc = new TypedDocumentString(`
    fragment LayerFields on ModelLayer {
  name
  type
  outputShape
  params
  config
}
    `, {"fragmentName":"LayerFields"}) as unknown as TypedDocumentString<LayerFieldsFragment, unknown>;
export const ModelFieldsFragmentDoc = new TypedDocumentString(`
    fragment ModelFields on Model {
  ...ModelSummary
  spec
  layers {
    ...LayerFields
  }
}
    fragment LayerFields on ModelLayer {
  name
  type
  outputShape
  params
  config
}
fragment ModelSummary on Model {
  id
  name
  task
  source
  loss
  createdAt
  datasetVersion {
    id
    version
    dataset {
      id
      name
    }
  }
}`, {"fragmentName":"ModelFields"}) as unknown as TypedDocumentString<ModelFieldsFragment, unknown>;
export const RunSummaryFragmentDoc = new TypedDocumentString(`
    fragment RunSummary on Run {
  id
  status
  backend
  attempt
  error
  cancelRequested
  plannedEpochs
  queuedAt
  startedAt
  finishedAt
  model {
    id
    name
  }
  modelVersion {
    id
    version
  }
}
    `, {"fragmentName":"RunSummary"}) as unknown as TypedDocumentString<RunSummaryFragment, unknown>;
export const EpochFieldsFragmentDoc = new TypedDocumentString(`
    fragment EpochFields on RunEpoch {
  epoch
  loss
  valLoss
  metrics
  durationMs
  createdAt
}
    `, {"fragmentName":"EpochFields"}) as unknown as TypedDocumentString<EpochFieldsFragment, unknown>;
export const EvaluationFieldsFragmentDoc = new TypedDocumentString(`
    fragment EvaluationFields on Evaluation {
  task
  count
  mse
  mae
  r2
  accuracy
  macroF1
  rocAuc
  labels
  perClass {
    label
    precision
    recall
    f1
    support
  }
  confusionMatrix
}
    `, {"fragmentName":"EvaluationFields"}) as unknown as TypedDocumentString<EvaluationFieldsFragment, unknown>;
export const RunFieldsFragmentDoc = new TypedDocumentString(`
    fragment RunFields on Run {
  ...RunSummary
  log
  epochs {
    ...EpochFields
  }
  evaluation {
    ...EvaluationFields
  }
}
    fragment EpochFields on RunEpoch {
  epoch
  loss
  valLoss
  metrics
  durationMs
  createdAt
}
fragment EvaluationFields on Evaluation {
  task
  count
  mse
  mae
  r2
  accuracy
  macroF1
  rocAuc
  labels
  perClass {
    label
    precision
    recall
    f1
    support
  }
  confusionMatrix
}
fragment RunSummary on Run {
  id
  status
  backend
  attempt
  error
  cancelRequested
  plannedEpochs
  queuedAt
  startedAt
  finishedAt
  model {
    id
    name
  }
  modelVersion {
    id
    version
  }
}`, {"fragmentName":"RunFields"}) as unknown as TypedDocumentString<RunFieldsFragment, unknown>;
export const EvaluationSummaryFragmentDoc = new TypedDocumentString(`
    fragment EvaluationSummary on Evaluation {
  task
  count
  mse
  mae
  r2
  accuracy
  macroF1
  rocAuc
}
    `, {"fragmentName":"EvaluationSummary"}) as unknown as TypedDocumentString<EvaluationSummaryFragment, unknown>;
export const ModelVersionSummaryFragmentDoc = new TypedDocumentString(`
    fragment ModelVersionSummary on ModelVersion {
  id
  version
  createdAt
  run {
    id
  }
  evaluation {
    ...EvaluationSummary
  }
}
    fragment EvaluationSummary on Evaluation {
  task
  count
  mse
  mae
  r2
  accuracy
  macroF1
  rocAuc
}`, {"fragmentName":"ModelVersionSummary"}) as unknown as TypedDocumentString<ModelVersionSummaryFragment, unknown>;
export const SignatureFieldsFragmentDoc = new TypedDocumentString(`
    fragment SignatureFields on ModelSignature {
  inputs {
    name
    type
    shape
  }
  outputs {
    name
    type
    shape
  }
  recordFields {
    name
    kind
    categories
  }
  featureShape
  featureNames
  labels
}
    `, {"fragmentName":"SignatureFields"}) as unknown as TypedDocumentString<SignatureFieldsFragment, unknown>;
export const AliasFieldsFragmentDoc = new TypedDocumentString(`
    fragment AliasFields on ModelAlias {
  name
  updatedAt
  gate {
    metric
    op
    value
  }
  modelVersion {
    id
    version
  }
}
    `, {"fragmentName":"AliasFields"}) as unknown as TypedDocumentString<AliasFieldsFragment, unknown>;
export const DatasetsDocument = new TypedDocumentString(`
    query Datasets($first: Int, $after: String) {
  datasets(first: $first, after: $after) {
    edges {
      node {
        ...DatasetSummary
      }
    }
    pageInfo {
      ...PageInfoFields
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment DatasetVersionSummary on DatasetVersion {
  id
  version
  format
  rowCount
  byteSize
  sha256
  labelColumn
  task
  createdAt
}
fragment DatasetSummary on Dataset {
  id
  name
  description
  createdAt
  updatedAt
  latestVersion {
    ...DatasetVersionSummary
  }
}`) as unknown as TypedDocumentString<DatasetsQuery, DatasetsQueryVariables>;
export const DatasetDocument = new TypedDocumentString(`
    query Dataset($id: ID!, $versionsFirst: Int) {
  dataset(id: $id) {
    ...DatasetSummary
    versions(first: $versionsFirst) {
      edges {
        node {
          ...DatasetVersionSummary
        }
      }
      pageInfo {
        ...PageInfoFields
      }
    }
    latestVersion {
      ...DatasetVersionFields
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment DatasetVersionSummary on DatasetVersion {
  id
  version
  format
  rowCount
  byteSize
  sha256
  labelColumn
  task
  createdAt
}
fragment DatasetSummary on Dataset {
  id
  name
  description
  createdAt
  updatedAt
  latestVersion {
    ...DatasetVersionSummary
  }
}
fragment ColumnStatsFields on ColumnStats {
  count
  missing
  distinctCount
  distinctCapped
  topValues {
    value
    count
  }
  min
  max
  mean
  std
  median
  minDate
  maxDate
  meanTokens
  maxTokens
  vocabularySize
}
fragment DatasetVersionFields on DatasetVersion {
  ...DatasetVersionSummary
  dataset {
    id
    name
  }
  labelClasses
  featureShape
  featureNames
  preprocessing
  splits {
    seed
    stratified
    trainFraction
    validationFraction
    testFraction
    train
    validation
    test
  }
  warnings {
    code
    column
    message
  }
  columns {
    name
    type
    inferredType
    role
    stats {
      ...ColumnStatsFields
    }
  }
}`) as unknown as TypedDocumentString<DatasetQuery, DatasetQueryVariables>;
export const DatasetVersionDocument = new TypedDocumentString(`
    query DatasetVersion($id: ID!) {
  datasetVersion(id: $id) {
    ...DatasetVersionFields
  }
}
    fragment DatasetVersionSummary on DatasetVersion {
  id
  version
  format
  rowCount
  byteSize
  sha256
  labelColumn
  task
  createdAt
}
fragment ColumnStatsFields on ColumnStats {
  count
  missing
  distinctCount
  distinctCapped
  topValues {
    value
    count
  }
  min
  max
  mean
  std
  median
  minDate
  maxDate
  meanTokens
  maxTokens
  vocabularySize
}
fragment DatasetVersionFields on DatasetVersion {
  ...DatasetVersionSummary
  dataset {
    id
    name
  }
  labelClasses
  featureShape
  featureNames
  preprocessing
  splits {
    seed
    stratified
    trainFraction
    validationFraction
    testFraction
    train
    validation
    test
  }
  warnings {
    code
    column
    message
  }
  columns {
    name
    type
    inferredType
    role
    stats {
      ...ColumnStatsFields
    }
  }
}`) as unknown as TypedDocumentString<DatasetVersionQuery, DatasetVersionQueryVariables>;
export const DatasetPreviewDocument = new TypedDocumentString(`
    query DatasetPreview($id: ID!, $first: Int, $after: String) {
  datasetVersion(id: $id) {
    id
    preview(first: $first, after: $after) {
      edges {
        node
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}`) as unknown as TypedDocumentString<DatasetPreviewQuery, DatasetPreviewQueryVariables>;
export const CreateDatasetDocument = new TypedDocumentString(`
    mutation CreateDataset($input: CreateDatasetInput!) {
  createDataset(input: $input) {
    dataset {
      ...DatasetSummary
    }
  }
}
    fragment DatasetVersionSummary on DatasetVersion {
  id
  version
  format
  rowCount
  byteSize
  sha256
  labelColumn
  task
  createdAt
}
fragment DatasetSummary on Dataset {
  id
  name
  description
  createdAt
  updatedAt
  latestVersion {
    ...DatasetVersionSummary
  }
}`) as unknown as TypedDocumentString<CreateDatasetMutation, CreateDatasetMutationVariables>;
export const CreateDatasetVersionDocument = new TypedDocumentString(`
    mutation CreateDatasetVersion($input: CreateDatasetVersionInput!) {
  createDatasetVersion(input: $input) {
    datasetVersion {
      ...DatasetVersionFields
    }
  }
}
    fragment DatasetVersionSummary on DatasetVersion {
  id
  version
  format
  rowCount
  byteSize
  sha256
  labelColumn
  task
  createdAt
}
fragment ColumnStatsFields on ColumnStats {
  count
  missing
  distinctCount
  distinctCapped
  topValues {
    value
    count
  }
  min
  max
  mean
  std
  median
  minDate
  maxDate
  meanTokens
  maxTokens
  vocabularySize
}
fragment DatasetVersionFields on DatasetVersion {
  ...DatasetVersionSummary
  dataset {
    id
    name
  }
  labelClasses
  featureShape
  featureNames
  preprocessing
  splits {
    seed
    stratified
    trainFraction
    validationFraction
    testFraction
    train
    validation
    test
  }
  warnings {
    code
    column
    message
  }
  columns {
    name
    type
    inferredType
    role
    stats {
      ...ColumnStatsFields
    }
  }
}`) as unknown as TypedDocumentString<CreateDatasetVersionMutation, CreateDatasetVersionMutationVariables>;
export const UpdateColumnTypesDocument = new TypedDocumentString(`
    mutation UpdateColumnTypes($input: UpdateColumnTypesInput!) {
  updateColumnTypes(input: $input) {
    datasetVersion {
      ...DatasetVersionFields
    }
  }
}
    fragment DatasetVersionSummary on DatasetVersion {
  id
  version
  format
  rowCount
  byteSize
  sha256
  labelColumn
  task
  createdAt
}
fragment ColumnStatsFields on ColumnStats {
  count
  missing
  distinctCount
  distinctCapped
  topValues {
    value
    count
  }
  min
  max
  mean
  std
  median
  minDate
  maxDate
  meanTokens
  maxTokens
  vocabularySize
}
fragment DatasetVersionFields on DatasetVersion {
  ...DatasetVersionSummary
  dataset {
    id
    name
  }
  labelClasses
  featureShape
  featureNames
  preprocessing
  splits {
    seed
    stratified
    trainFraction
    validationFraction
    testFraction
    train
    validation
    test
  }
  warnings {
    code
    column
    message
  }
  columns {
    name
    type
    inferredType
    role
    stats {
      ...ColumnStatsFields
    }
  }
}`) as unknown as TypedDocumentString<UpdateColumnTypesMutation, UpdateColumnTypesMutationVariables>;
export const DeleteDatasetDocument = new TypedDocumentString(`
    mutation DeleteDataset($input: DeleteDatasetInput!) {
  deleteDataset(input: $input) {
    deletedDatasetId
  }
}
    `) as unknown as TypedDocumentString<DeleteDatasetMutation, DeleteDatasetMutationVariables>;
export const PredictDocument = new TypedDocumentString(`
    query Predict($input: PredictInput!) {
  predict(input: $input) {
    modelVersion {
      id
      version
      aliases
      model {
        id
        name
        task
      }
    }
    predictions {
      label
      labelIndex
      value
      probabilities {
        label
        probability
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PredictQuery, PredictQueryVariables>;
export const ModelRegistryDocument = new TypedDocumentString(`
    query ModelRegistry($id: ID!, $first: Int) {
  model(id: $id) {
    id
    name
    task
    source
    aliases {
      ...AliasFields
    }
    batching {
      maxBatchSize
      maxQueueDelayMs
    }
    versions(first: $first) {
      edges {
        node {
          id
          version
          createdAt
          aliases
          onnx {
            sha256
            sizeBytes
            opset
          }
          signature {
            ...SignatureFields
          }
        }
      }
    }
  }
}
    fragment SignatureFields on ModelSignature {
  inputs {
    name
    type
    shape
  }
  outputs {
    name
    type
    shape
  }
  recordFields {
    name
    kind
    categories
  }
  featureShape
  featureNames
  labels
}
fragment AliasFields on ModelAlias {
  name
  updatedAt
  gate {
    metric
    op
    value
  }
  modelVersion {
    id
    version
  }
}`) as unknown as TypedDocumentString<ModelRegistryQuery, ModelRegistryQueryVariables>;
export const SetAliasDocument = new TypedDocumentString(`
    mutation SetAlias($input: SetAliasInput!) {
  setAlias(input: $input) {
    alias {
      ...AliasFields
    }
  }
}
    fragment AliasFields on ModelAlias {
  name
  updatedAt
  gate {
    metric
    op
    value
  }
  modelVersion {
    id
    version
  }
}`) as unknown as TypedDocumentString<SetAliasMutation, SetAliasMutationVariables>;
export const DeleteAliasDocument = new TypedDocumentString(`
    mutation DeleteAlias($input: DeleteAliasInput!) {
  deleteAlias(input: $input) {
    deletedName
  }
}
    `) as unknown as TypedDocumentString<DeleteAliasMutation, DeleteAliasMutationVariables>;
export const ImportOnnxModelDocument = new TypedDocumentString(`
    mutation ImportOnnxModel($input: ImportOnnxModelInput!) {
  importOnnxModel(input: $input) {
    model {
      ...ModelSummary
    }
    modelVersion {
      id
      version
      onnx {
        sha256
        sizeBytes
        opset
      }
      signature {
        ...SignatureFields
      }
    }
  }
}
    fragment ModelSummary on Model {
  id
  name
  task
  source
  loss
  createdAt
  datasetVersion {
    id
    version
    dataset {
      id
      name
    }
  }
}
fragment SignatureFields on ModelSignature {
  inputs {
    name
    type
    shape
  }
  outputs {
    name
    type
    shape
  }
  recordFields {
    name
    kind
    categories
  }
  featureShape
  featureNames
  labels
}`) as unknown as TypedDocumentString<ImportOnnxModelMutation, ImportOnnxModelMutationVariables>;
export const UpdateBatchingDocument = new TypedDocumentString(`
    mutation UpdateBatching($input: UpdateBatchingInput!) {
  updateBatching(input: $input) {
    model {
      id
      batching {
        maxBatchSize
        maxQueueDelayMs
      }
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateBatchingMutation, UpdateBatchingMutationVariables>;
export const ModelsDocument = new TypedDocumentString(`
    query Models($first: Int, $after: String) {
  models(first: $first, after: $after) {
    edges {
      node {
        ...ModelSummary
      }
    }
    pageInfo {
      ...PageInfoFields
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment ModelSummary on Model {
  id
  name
  task
  source
  loss
  createdAt
  datasetVersion {
    id
    version
    dataset {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<ModelsQuery, ModelsQueryVariables>;
export const ModelDocument = new TypedDocumentString(`
    query Model($id: ID!) {
  model(id: $id) {
    ...ModelFields
  }
}
    fragment LayerFields on ModelLayer {
  name
  type
  outputShape
  params
  config
}
fragment ModelSummary on Model {
  id
  name
  task
  source
  loss
  createdAt
  datasetVersion {
    id
    version
    dataset {
      id
      name
    }
  }
}
fragment ModelFields on Model {
  ...ModelSummary
  spec
  layers {
    ...LayerFields
  }
}`) as unknown as TypedDocumentString<ModelQuery, ModelQueryVariables>;
export const ModelVersionsDocument = new TypedDocumentString(`
    query ModelVersions($id: ID!, $first: Int, $after: String) {
  model(id: $id) {
    id
    versions(first: $first, after: $after) {
      edges {
        node {
          ...ModelVersionSummary
        }
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment EvaluationSummary on Evaluation {
  task
  count
  mse
  mae
  r2
  accuracy
  macroF1
  rocAuc
}
fragment ModelVersionSummary on ModelVersion {
  id
  version
  createdAt
  run {
    id
  }
  evaluation {
    ...EvaluationSummary
  }
}`) as unknown as TypedDocumentString<ModelVersionsQuery, ModelVersionsQueryVariables>;
export const ValidateModelDocument = new TypedDocumentString(`
    query ValidateModel($input: CreateModelInput!) {
  validateModel(input: $input) {
    valid
    errors {
      path
      message
    }
    layers {
      ...LayerFields
    }
  }
}
    fragment LayerFields on ModelLayer {
  name
  type
  outputShape
  params
  config
}`) as unknown as TypedDocumentString<ValidateModelQuery, ValidateModelQueryVariables>;
export const CreateModelDocument = new TypedDocumentString(`
    mutation CreateModel($input: CreateModelInput!) {
  createModel(input: $input) {
    model {
      ...ModelFields
    }
  }
}
    fragment LayerFields on ModelLayer {
  name
  type
  outputShape
  params
  config
}
fragment ModelSummary on Model {
  id
  name
  task
  source
  loss
  createdAt
  datasetVersion {
    id
    version
    dataset {
      id
      name
    }
  }
}
fragment ModelFields on Model {
  ...ModelSummary
  spec
  layers {
    ...LayerFields
  }
}`) as unknown as TypedDocumentString<CreateModelMutation, CreateModelMutationVariables>;
export const RunsDocument = new TypedDocumentString(`
    query Runs($modelId: ID, $status: RunStatus, $first: Int, $after: String) {
  runs(modelId: $modelId, status: $status, first: $first, after: $after) {
    edges {
      node {
        ...RunSummary
      }
    }
    pageInfo {
      ...PageInfoFields
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment RunSummary on Run {
  id
  status
  backend
  attempt
  error
  cancelRequested
  plannedEpochs
  queuedAt
  startedAt
  finishedAt
  model {
    id
    name
  }
  modelVersion {
    id
    version
  }
}`) as unknown as TypedDocumentString<RunsQuery, RunsQueryVariables>;
export const RunDocument = new TypedDocumentString(`
    query Run($id: ID!) {
  run(id: $id) {
    ...RunFields
  }
}
    fragment EpochFields on RunEpoch {
  epoch
  loss
  valLoss
  metrics
  durationMs
  createdAt
}
fragment EvaluationFields on Evaluation {
  task
  count
  mse
  mae
  r2
  accuracy
  macroF1
  rocAuc
  labels
  perClass {
    label
    precision
    recall
    f1
    support
  }
  confusionMatrix
}
fragment RunSummary on Run {
  id
  status
  backend
  attempt
  error
  cancelRequested
  plannedEpochs
  queuedAt
  startedAt
  finishedAt
  model {
    id
    name
  }
  modelVersion {
    id
    version
  }
}
fragment RunFields on Run {
  ...RunSummary
  log
  epochs {
    ...EpochFields
  }
  evaluation {
    ...EvaluationFields
  }
}`) as unknown as TypedDocumentString<RunQuery, RunQueryVariables>;
export const CompareRunsDocument = new TypedDocumentString(`
    query CompareRuns($ids: [ID!]!) {
  compareRuns(ids: $ids) {
    runs {
      ...RunSummary
    }
    rows {
      metric
      values
      bestRunId
    }
  }
}
    fragment RunSummary on Run {
  id
  status
  backend
  attempt
  error
  cancelRequested
  plannedEpochs
  queuedAt
  startedAt
  finishedAt
  model {
    id
    name
  }
  modelVersion {
    id
    version
  }
}`) as unknown as TypedDocumentString<CompareRunsQuery, CompareRunsQueryVariables>;
export const StartRunDocument = new TypedDocumentString(`
    mutation StartRun($input: StartRunInput!) {
  startRun(input: $input) {
    run {
      ...RunSummary
    }
  }
}
    fragment RunSummary on Run {
  id
  status
  backend
  attempt
  error
  cancelRequested
  plannedEpochs
  queuedAt
  startedAt
  finishedAt
  model {
    id
    name
  }
  modelVersion {
    id
    version
  }
}`) as unknown as TypedDocumentString<StartRunMutation, StartRunMutationVariables>;
export const CancelRunDocument = new TypedDocumentString(`
    mutation CancelRun($input: CancelRunInput!) {
  cancelRun(input: $input) {
    run {
      ...RunSummary
    }
  }
}
    fragment RunSummary on Run {
  id
  status
  backend
  attempt
  error
  cancelRequested
  plannedEpochs
  queuedAt
  startedAt
  finishedAt
  model {
    id
    name
  }
  modelVersion {
    id
    version
  }
}`) as unknown as TypedDocumentString<CancelRunMutation, CancelRunMutationVariables>;
export const RunProgressDocument = new TypedDocumentString(`
    subscription RunProgress($runId: ID!, $afterEpoch: Int) {
  runProgress(runId: $runId, afterEpoch: $afterEpoch) {
    kind
    run {
      id
      status
      attempt
      backend
      error
      cancelRequested
      plannedEpochs
      startedAt
      finishedAt
    }
    epoch {
      ...EpochFields
    }
  }
}
    fragment EpochFields on RunEpoch {
  epoch
  loss
  valLoss
  metrics
  durationMs
  createdAt
}`) as unknown as TypedDocumentString<RunProgressSubscription, RunProgressSubscriptionVariables>;
export const PingDocument = new TypedDocumentString(`
    query Ping {
  ping
}
    `) as unknown as TypedDocumentString<PingQuery, PingQueryVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    isOperator
    scopes
    tenant {
      id
      name
      createdAt
    }
    apiKey {
      ...ApiKeyFields
    }
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  name
  prefix
  scopes
  status
  createdAt
  expiresAt
  revokedAt
  lastUsedAt
}`) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const ApiKeysDocument = new TypedDocumentString(`
    query ApiKeys($first: Int, $after: String, $includeRevoked: Boolean) {
  apiKeys(first: $first, after: $after, includeRevoked: $includeRevoked) {
    edges {
      node {
        ...ApiKeyFields
      }
    }
    pageInfo {
      ...PageInfoFields
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment ApiKeyFields on ApiKey {
  id
  name
  prefix
  scopes
  status
  createdAt
  expiresAt
  revokedAt
  lastUsedAt
}`) as unknown as TypedDocumentString<ApiKeysQuery, ApiKeysQueryVariables>;
export const CreateApiKeyDocument = new TypedDocumentString(`
    mutation CreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    apiKey {
      ...ApiKeyFields
    }
    secret
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  name
  prefix
  scopes
  status
  createdAt
  expiresAt
  revokedAt
  lastUsedAt
}`) as unknown as TypedDocumentString<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = new TypedDocumentString(`
    mutation RevokeApiKey($input: RevokeApiKeyInput!) {
  revokeApiKey(input: $input) {
    apiKey {
      ...ApiKeyFields
    }
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  name
  prefix
  scopes
  status
  createdAt
  expiresAt
  revokedAt
  lastUsedAt
}`) as unknown as TypedDocumentString<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const CreateTenantDocument = new TypedDocumentString(`
    mutation CreateTenant($input: CreateTenantInput!) {
  createTenant(input: $input) {
    tenant {
      id
      name
      createdAt
    }
    adminKey {
      apiKey {
        ...ApiKeyFields
      }
      secret
    }
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  name
  prefix
  scopes
  status
  createdAt
  expiresAt
  revokedAt
  lastUsedAt
}`) as unknown as TypedDocumentString<CreateTenantMutation, CreateTenantMutationVariables>;
export const UsageDocument = new TypedDocumentString(`
    query Usage($days: Int) {
  usage(days: $days) {
    day
    predictions
    trainingRuns
    uploadedBytes
  }
}
    `) as unknown as TypedDocumentString<UsageQuery, UsageQueryVariables>;