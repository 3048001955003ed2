import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { TenantModel, ApiKeyModel, ViewerModel, DatasetModel, DatasetVersionModel, DatasetColumnModel, ModelModel, RunModel, RunEpochModel, ModelVersionModel, EvaluationModel, RunProgressEventModel, ModelAliasModel } from '../mappers.ts';
import type { GraphQLContext } from '../context.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** ISO-8601 date-time string in UTC. */
  DateTime: { input: Date | string; output: Date | string; }
  /** Arbitrary JSON value. */
  JSON: { input: unknown; output: unknown; }
};

/** Promotion rule checked whenever the alias moves, e.g. accuracy GTE 0.9 on the test split. */
export type AliasGate = {
  __typename?: 'AliasGate';
  metric: Scalars['String']['output'];
  op: GateOp;
  value: Scalars['Float']['output'];
};

export type AliasGateInput = {
  metric: Scalars['String']['input'];
  op: GateOp;
  value: Scalars['Float']['input'];
};

/** An API key's metadata. The secret is shown once, at creation, and never stored. */
export type ApiKey = {
  __typename?: 'ApiKey';
  createdAt: Scalars['DateTime']['output'];
  expiresAt: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  lastUsedAt: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  /** Public, non-secret start of the key, e.g. `mg_live_ab12cd34ef56`. */
  prefix: Scalars['String']['output'];
  revokedAt: Maybe<Scalars['DateTime']['output']>;
  scopes: Array<ApiKeyScope>;
  status: ApiKeyStatus;
};

export type ApiKeyConnection = {
  __typename?: 'ApiKeyConnection';
  edges: Array<ApiKeyEdge>;
  pageInfo: PageInfo;
};

export type ApiKeyEdge = {
  __typename?: 'ApiKeyEdge';
  cursor: Scalars['String']['output'];
  node: ApiKey;
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

/** Dynamic batching: concurrent predictions for one version are coalesced into one inference. */
export type BatchingConfig = {
  __typename?: 'BatchingConfig';
  maxBatchSize: Scalars['Int']['output'];
  maxQueueDelayMs: Scalars['Float']['output'];
};

export type CancelRunInput = {
  runId: Scalars['ID']['input'];
};

export type CancelRunPayload = {
  __typename?: 'CancelRunPayload';
  run: Run;
};

export type ClassMetrics = {
  __typename?: 'ClassMetrics';
  f1: Scalars['Float']['output'];
  label: Scalars['String']['output'];
  precision: Scalars['Float']['output'];
  recall: Scalars['Float']['output'];
  support: Scalars['Int']['output'];
};

export type ClassProbability = {
  __typename?: 'ClassProbability';
  label: Scalars['String']['output'];
  probability: Scalars['Float']['output'];
};

export type ColumnRole =
  | 'FEATURE'
  | 'IGNORED'
  | 'LABEL';

export type ColumnStats = {
  __typename?: 'ColumnStats';
  count: Scalars['Int']['output'];
  distinctCapped: Scalars['Boolean']['output'];
  distinctCount: Scalars['Int']['output'];
  /** Equal-width histogram of a numeric column (over min..max), for charts. */
  histogram: Maybe<Array<HistogramBin>>;
  max: Maybe<Scalars['Float']['output']>;
  maxDate: Maybe<Scalars['String']['output']>;
  maxTokens: Maybe<Scalars['Int']['output']>;
  mean: Maybe<Scalars['Float']['output']>;
  /** For text columns. */
  meanTokens: Maybe<Scalars['Float']['output']>;
  median: Maybe<Scalars['Float']['output']>;
  min: Maybe<Scalars['Float']['output']>;
  /** For datetime columns (ISO-8601). */
  minDate: Maybe<Scalars['String']['output']>;
  missing: Scalars['Int']['output'];
  std: Maybe<Scalars['Float']['output']>;
  /** Most frequent values (capped), for categorical and boolean columns. */
  topValues: Array<ValueCount>;
  vocabularySize: Maybe<Scalars['Int']['output']>;
};

export type ColumnType =
  | 'BOOLEAN'
  | 'CATEGORICAL'
  | 'DATETIME'
  | 'IMAGE'
  | 'NUMERIC'
  | 'TEXT';

export type ColumnTypeOverride = {
  column: Scalars['String']['input'];
  type: ColumnType;
};

export type CreateApiKeyInput = {
  /** When the key stops working; must be in the future. Omit for no expiry. */
  expiresAt?: InputMaybe<Scalars['DateTime']['input']>;
  name: Scalars['String']['input'];
  scopes: Array<ApiKeyScope>;
};

export type CreateApiKeyPayload = {
  __typename?: 'CreateApiKeyPayload';
  apiKey: ApiKey;
  /** The whole key. Shown only here, once: store it now. */
  secret: Scalars['String']['output'];
};

export type CreateDatasetInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
};

export type CreateDatasetPayload = {
  __typename?: 'CreateDatasetPayload';
  dataset: Dataset;
};

/**
 * Inline upload of a small file. Large files go to the streaming endpoint
 * `POST /upload/datasets/{datasetId}/versions?format=CSV&labelColumn=…` with the same API key.
 */
export type CreateDatasetVersionInput = {
  columnTypes?: InputMaybe<Array<ColumnTypeOverride>>;
  /** The file's text (CSV, a JSON array of records, or JSON lines). */
  content: Scalars['String']['input'];
  datasetId: Scalars['ID']['input'];
  format: DatasetFormat;
  labelColumn?: InputMaybe<Scalars['String']['input']>;
  /** Preprocessing spec (see the README); omitted → inferred defaults for each column type. */
  preprocessing?: InputMaybe<Scalars['JSON']['input']>;
  split?: InputMaybe<SplitInput>;
};

export type CreateDatasetVersionPayload = {
  __typename?: 'CreateDatasetVersionPayload';
  datasetVersion: DatasetVersion;
};

export type CreateModelInput = {
  /**
   * Either `{ "layers": [{ "type": "dense", "units": 64, "activation": "relu" }, …] }` or a preset:
   * `{ "preset": "mlp", "hiddenUnits": [64, 64] }`, `{ "preset": "cnn" }`, `{ "preset": "rnn", "cell": "lstm" }`.
   * The output layer is added for the task.
   */
  architecture: Scalars['JSON']['input'];
  batchSize?: InputMaybe<Scalars['Int']['input']>;
  datasetVersionId: Scalars['ID']['input'];
  /** `{ "metric": "val_loss", "patience": 5 }`. */
  earlyStopping?: InputMaybe<Scalars['JSON']['input']>;
  epochs?: InputMaybe<Scalars['Int']['input']>;
  /** meanSquaredError, meanAbsoluteError, binaryCrossentropy or categoricalCrossentropy; default by task. */
  loss?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  /** `{ "type": "adam", "learningRate": 0.001 }` (sgd, momentum, adam, rmsprop). */
  optimizer?: InputMaybe<Scalars['JSON']['input']>;
  seed?: InputMaybe<Scalars['Int']['input']>;
  /** Defaults from the dataset's label: REGRESSION for numbers, BINARY or MULTICLASS for classes. */
  task?: InputMaybe<ModelTask>;
};

export type CreateModelPayload = {
  __typename?: 'CreateModelPayload';
  model: Model;
};

export type CreateTenantInput = {
  /** Name of the first ADMIN key created with the tenant. */
  adminKeyName?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
};

export type CreateTenantPayload = {
  __typename?: 'CreateTenantPayload';
  adminKey: CreateApiKeyPayload;
  tenant: Tenant;
};

export type Dataset = {
  __typename?: 'Dataset';
  createdAt: Scalars['DateTime']['output'];
  description: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  latestVersion: Maybe<DatasetVersion>;
  name: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  /** Versions, newest first. */
  versions: DatasetVersionConnection;
};


export type DatasetVersionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type DatasetColumn = {
  __typename?: 'DatasetColumn';
  inferredType: ColumnType;
  name: Scalars['String']['output'];
  role: ColumnRole;
  stats: ColumnStats;
  type: ColumnType;
};

export type DatasetConnection = {
  __typename?: 'DatasetConnection';
  edges: Array<DatasetEdge>;
  pageInfo: PageInfo;
};

export type DatasetEdge = {
  __typename?: 'DatasetEdge';
  cursor: Scalars['String']['output'];
  node: Dataset;
};

export type DatasetFormat =
  | 'CSV'
  | 'JSON'
  | 'JSONL';

export type DatasetRowConnection = {
  __typename?: 'DatasetRowConnection';
  edges: Array<DatasetRowEdge>;
  pageInfo: PageInfo;
};

export type DatasetRowEdge = {
  __typename?: 'DatasetRowEdge';
  cursor: Scalars['String']['output'];
  node: Scalars['JSON']['output'];
};

export type DatasetSplit = {
  __typename?: 'DatasetSplit';
  seed: Scalars['Int']['output'];
  stratified: Scalars['Boolean']['output'];
  test: Scalars['Int']['output'];
  testFraction: Scalars['Float']['output'];
  train: Scalars['Int']['output'];
  trainFraction: Scalars['Float']['output'];
  validation: Scalars['Int']['output'];
  validationFraction: Scalars['Float']['output'];
};

export type DatasetTask =
  | 'CLASSIFICATION'
  | 'REGRESSION';

/** An immutable snapshot of a dataset's raw data, with its inferred schema, preprocessing and split. */
export type DatasetVersion = {
  __typename?: 'DatasetVersion';
  byteSize: Scalars['Float']['output'];
  columns: Array<DatasetColumn>;
  createdAt: Scalars['DateTime']['output'];
  dataset: Dataset;
  /** One name per preprocessed feature, e.g. `origin=USA`. */
  featureNames: Array<Scalars['String']['output']>;
  /** Shape of one preprocessed feature row, e.g. [12] or [28, 28, 1]. */
  featureShape: Array<Scalars['Int']['output']>;
  format: DatasetFormat;
  id: Scalars['ID']['output'];
  /** Class names for a classification label, in index order. */
  labelClasses: Maybe<Array<Scalars['String']['output']>>;
  labelColumn: Maybe<Scalars['String']['output']>;
  /** The declarative preprocessing spec stored with this version. */
  preprocessing: Scalars['JSON']['output'];
  /** Rows as uploaded (one JSON object per row), in file order. */
  preview: DatasetRowConnection;
  rowCount: Scalars['Int']['output'];
  /** SHA-256 (hex) of the raw uploaded bytes. */
  sha256: Scalars['String']['output'];
  splits: DatasetSplit;
  /** Classification or regression, from the label column's type; null without a label. */
  task: Maybe<DatasetTask>;
  version: Scalars['Int']['output'];
  warnings: Array<DatasetWarning>;
};


/** An immutable snapshot of a dataset's raw data, with its inferred schema, preprocessing and split. */
export type DatasetVersionPreviewArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type DatasetVersionConnection = {
  __typename?: 'DatasetVersionConnection';
  edges: Array<DatasetVersionEdge>;
  pageInfo: PageInfo;
};

export type DatasetVersionEdge = {
  __typename?: 'DatasetVersionEdge';
  cursor: Scalars['String']['output'];
  node: DatasetVersion;
};

export type DatasetWarning = {
  __typename?: 'DatasetWarning';
  code: Scalars['String']['output'];
  column: Maybe<Scalars['String']['output']>;
  message: Scalars['String']['output'];
};

export type DeleteAliasInput = {
  modelId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
};

export type DeleteAliasPayload = {
  __typename?: 'DeleteAliasPayload';
  deletedName: Scalars['String']['output'];
};

export type DeleteDatasetInput = {
  id: Scalars['ID']['input'];
};

export type DeleteDatasetPayload = {
  __typename?: 'DeleteDatasetPayload';
  deletedDatasetId: Scalars['ID']['output'];
};

/**
 * Every error the API returns carries one of these codes in `extensions.code`.
 * Internal failures are masked as INTERNAL_SERVER_ERROR; details never reach clients.
 */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'FORBIDDEN'
  /** An alias gate refused a model version; extensions carry metric, actual and required values. */
  | 'GATE_FAILED'
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'INTERNAL_SERVER_ERROR'
  | 'NOT_FOUND'
  | 'OPERATION_RESOLUTION_FAILURE'
  | 'PAYLOAD_TOO_LARGE'
  | 'PERSISTED_QUERY_NOT_FOUND'
  | 'QUERY_TOO_COMPLEX'
  | 'QUERY_TOO_DEEP'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'TOO_MANY_ALIASES'
  | 'TOO_MANY_DIRECTIVES'
  | 'TOO_MANY_TOKENS'
  | 'UNAUTHENTICATED';

/** Test-split evaluation of a trained model. */
export type Evaluation = {
  __typename?: 'Evaluation';
  accuracy: Maybe<Scalars['Float']['output']>;
  /** Rows are true classes, columns predicted classes, in `labels` order. */
  confusionMatrix: Maybe<Array<Array<Scalars['Int']['output']>>>;
  count: Scalars['Int']['output'];
  labels: Maybe<Array<Scalars['String']['output']>>;
  macroF1: Maybe<Scalars['Float']['output']>;
  mae: Maybe<Scalars['Float']['output']>;
  mse: Maybe<Scalars['Float']['output']>;
  perClass: Maybe<Array<ClassMetrics>>;
  r2: Maybe<Scalars['Float']['output']>;
  /** Every metric as JSON, for tooling. */
  raw: Scalars['JSON']['output'];
  rocAuc: Maybe<Scalars['Float']['output']>;
  task: ModelTask;
};

export type GateOp =
  | 'GT'
  | 'GTE'
  | 'LT'
  | 'LTE';

export type HistogramBin = {
  __typename?: 'HistogramBin';
  count: Scalars['Int']['output'];
  end: Scalars['Float']['output'];
  start: Scalars['Float']['output'];
};

/**
 * Import of an external ONNX model (base64 here, for small files; large files go to
 * `POST /upload/models?name=…&task=…` with the signature as `signature=<json>`).
 */
export type ImportOnnxModelInput = {
  fileBase64: Scalars['String']['input'];
  /** The declared signature: exactly one float input and the outputs predict reads. */
  inputs: Array<TensorSpecInput>;
  /** Class labels in output order, for classification. */
  labels?: InputMaybe<Array<Scalars['String']['input']>>;
  name: Scalars['String']['input'];
  outputs: Array<TensorSpecInput>;
  task: ModelTask;
};

export type ImportOnnxModelPayload = {
  __typename?: 'ImportOnnxModelPayload';
  model: Model;
  modelVersion: ModelVersion;
};

export type MetricRow = {
  __typename?: 'MetricRow';
  /** The run with the best value (lower is better for errors); null for counts. */
  bestRunId: Maybe<Scalars['ID']['output']>;
  metric: Scalars['String']['output'];
  values: Array<Maybe<Scalars['Float']['output']>>;
};

/** A model definition: architecture and training settings for one dataset version. */
export type Model = {
  __typename?: 'Model';
  aliases: Array<ModelAlias>;
  batching: BatchingConfig;
  createdAt: Scalars['DateTime']['output'];
  datasetVersion: Maybe<DatasetVersion>;
  id: Scalars['ID']['output'];
  /** Layers after presets are expanded, with output shapes; the output layer is last. */
  layers: Array<ModelLayer>;
  loss: Scalars['String']['output'];
  name: Scalars['String']['output'];
  runs: RunConnection;
  source: ModelSource;
  /** The definition as stored (architecture, loss, optimizer, epochs, batchSize, earlyStopping, seed). */
  spec: Scalars['JSON']['output'];
  task: ModelTask;
  versions: ModelVersionConnection;
};


/** A model definition: architecture and training settings for one dataset version. */
export type ModelRunsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** A model definition: architecture and training settings for one dataset version. */
export type ModelVersionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type ModelAlias = {
  __typename?: 'ModelAlias';
  gate: Maybe<AliasGate>;
  modelVersion: ModelVersion;
  name: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

export type ModelConnection = {
  __typename?: 'ModelConnection';
  edges: Array<ModelEdge>;
  pageInfo: PageInfo;
};

export type ModelEdge = {
  __typename?: 'ModelEdge';
  cursor: Scalars['String']['output'];
  node: Model;
};

export type ModelLayer = {
  __typename?: 'ModelLayer';
  config: Scalars['JSON']['output'];
  name: Scalars['String']['output'];
  /** Output shape; the first (batch) dimension is null. */
  outputShape: Array<Maybe<Scalars['Int']['output']>>;
  params: Scalars['Int']['output'];
  type: Scalars['String']['output'];
};

export type ModelSignature = {
  __typename?: 'ModelSignature';
  featureNames: Maybe<Array<Scalars['String']['output']>>;
  /** Shape of one raw tensor row for `tensors` in predict (the feature shape). */
  featureShape: Maybe<Array<Scalars['Int']['output']>>;
  inputs: Array<TensorSpec>;
  labels: Maybe<Array<Scalars['String']['output']>>;
  outputs: Array<TensorSpec>;
  /** Set when the model takes named records (`records` in predict). */
  recordFields: Maybe<Array<RecordField>>;
};

export type ModelSource =
  | 'IMPORTED'
  | 'TRAINED';

export type ModelSpecIssue = {
  __typename?: 'ModelSpecIssue';
  message: Scalars['String']['output'];
  /** Path into the input, e.g. `architecture.layers[2].kernelSize`. */
  path: Scalars['String']['output'];
};

export type ModelTask =
  | 'BINARY'
  | 'MULTICLASS'
  | 'REGRESSION';

export type ModelValidation = {
  __typename?: 'ModelValidation';
  errors: Array<ModelSpecIssue>;
  layers: Array<ModelLayer>;
  valid: Scalars['Boolean']['output'];
};

export type ModelVersion = {
  __typename?: 'ModelVersion';
  /** Names of the aliases pointing at this version. */
  aliases: Array<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  evaluation: Maybe<Evaluation>;
  id: Scalars['ID']['output'];
  model: Model;
  /** The exported (or imported) ONNX file served by predict. */
  onnx: Maybe<OnnxArtifact>;
  run: Maybe<Run>;
  signature: Maybe<ModelSignature>;
  /** Numbered per model, from 1. */
  version: Scalars['Int']['output'];
};

export type ModelVersionConnection = {
  __typename?: 'ModelVersionConnection';
  edges: Array<ModelVersionEdge>;
  pageInfo: PageInfo;
};

export type ModelVersionEdge = {
  __typename?: 'ModelVersionEdge';
  cursor: Scalars['String']['output'];
  node: ModelVersion;
};

export type Mutation = {
  __typename?: 'Mutation';
  _noop: Maybe<Scalars['Boolean']['output']>;
  /** Stops a queued or running run (a running one within one epoch); requires TRAIN. */
  cancelRun: CancelRunPayload;
  /** Creates a key for the caller's tenant. Requires ADMIN. */
  createApiKey: CreateApiKeyPayload;
  /** Requires WRITE. */
  createDataset: CreateDatasetPayload;
  /** Requires WRITE. Parses, infers column types and stats, splits and fits preprocessing; nothing is kept on error. */
  createDatasetVersion: CreateDatasetVersionPayload;
  /** Validates the definition against the dataset version (shapes must chain); requires WRITE. */
  createModel: CreateModelPayload;
  /** Creates a tenant with its first ADMIN key. Requires the platform operator key. */
  createTenant: CreateTenantPayload;
  deleteAlias: DeleteAliasPayload;
  /** Requires WRITE. Refused (CONFLICT) while a model version depends on the dataset. */
  deleteDataset: DeleteDatasetPayload;
  /** Validates the file in an isolated process (load + one inference, size and time limits). */
  importOnnxModel: ImportOnnxModelPayload;
  /** Revokes a key of the caller's tenant at once. Requires ADMIN. */
  revokeApiKey: RevokeApiKeyPayload;
  /** Points an alias at a version (requires WRITE). Refused with GATE_FAILED when the gate does not hold. */
  setAlias: SetAliasPayload;
  /** Queues a training run and returns at once; requires TRAIN. */
  startRun: StartRunPayload;
  updateBatching: UpdateBatchingPayload;
  /** Requires WRITE. Refused (CONFLICT) once a model uses the version. */
  updateColumnTypes: UpdateColumnTypesPayload;
};


export type MutationCancelRunArgs = {
  input: CancelRunInput;
};


export type MutationCreateApiKeyArgs = {
  input: CreateApiKeyInput;
};


export type MutationCreateDatasetArgs = {
  input: CreateDatasetInput;
};


export type MutationCreateDatasetVersionArgs = {
  input: CreateDatasetVersionInput;
};


export type MutationCreateModelArgs = {
  input: CreateModelInput;
};


export type MutationCreateTenantArgs = {
  input: CreateTenantInput;
};


export type MutationDeleteAliasArgs = {
  input: DeleteAliasInput;
};


export type MutationDeleteDatasetArgs = {
  input: DeleteDatasetInput;
};


export type MutationImportOnnxModelArgs = {
  input: ImportOnnxModelInput;
};


export type MutationRevokeApiKeyArgs = {
  input: RevokeApiKeyInput;
};


export type MutationSetAliasArgs = {
  input: SetAliasInput;
};


export type MutationStartRunArgs = {
  input: StartRunInput;
};


export type MutationUpdateBatchingArgs = {
  input: UpdateBatchingInput;
};


export type MutationUpdateColumnTypesArgs = {
  input: UpdateColumnTypesInput;
};

export type OnnxArtifact = {
  __typename?: 'OnnxArtifact';
  opset: Scalars['Int']['output'];
  sha256: Scalars['String']['output'];
  sizeBytes: Scalars['Float']['output'];
};

/** Relay connection page information. */
export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor: Maybe<Scalars['String']['output']>;
};

export type PredictInput = {
  /** Serve the version this alias points at (e.g. production)... */
  alias?: InputMaybe<Scalars['String']['input']>;
  modelId: Scalars['ID']['input'];
  /** Named records keyed by the dataset's column names; preprocessed inside the model graph. */
  records?: InputMaybe<Array<Scalars['JSON']['input']>>;
  /** Raw tensors: one row per prediction, flattened to the model's feature shape. */
  tensors?: InputMaybe<Array<Array<Scalars['Float']['input']>>>;
  /** ...or this version number. Default: the alias `production` if set, else the latest version. */
  version?: InputMaybe<Scalars['Int']['input']>;
};

export type PredictResult = {
  __typename?: 'PredictResult';
  modelVersion: ModelVersion;
  predictions: Array<Prediction>;
};

/** One prediction per input row. */
export type Prediction = {
  __typename?: 'Prediction';
  /** Classification: the most probable class. */
  label: Maybe<Scalars['String']['output']>;
  labelIndex: Maybe<Scalars['Int']['output']>;
  probabilities: Maybe<Array<ClassProbability>>;
  /** Regression: the predicted value. */
  value: Maybe<Scalars['Float']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /** The tenant's API keys, newest first. Requires ADMIN. */
  apiKeys: ApiKeyConnection;
  /** Metrics of up to 20 runs side by side. */
  compareRuns: RunComparison;
  /** Requires READ. NOT_FOUND for an ID of another tenant, as for one that does not exist. */
  dataset: Dataset;
  datasetVersion: DatasetVersion;
  /** The tenant's datasets, newest first. Requires READ. */
  datasets: DatasetConnection;
  me: Viewer;
  model: Model;
  /** Requires READ. */
  models: ModelConnection;
  /** Liveness of the API itself; requires only a valid key. */
  ping: Scalars['String']['output'];
  /**
   * Runs the model (requires PREDICT). Concurrent predictions for one version, within one request
   * or across requests, are batched into one inference. Metered per key and model.
   */
  predict: PredictResult;
  run: Run;
  /** The tenant's runs, newest first, optionally of one model or status. */
  runs: RunConnection;
  /** The tenant's usage per day, oldest first, for the last `days` days (1-366). Requires READ. */
  usage: Array<UsageDay>;
  /** Checks a definition against a dataset version without saving it (for inline validation). */
  validateModel: ModelValidation;
};


export type QueryApiKeysArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeRevoked?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryCompareRunsArgs = {
  ids: Array<Scalars['ID']['input']>;
};


export type QueryDatasetArgs = {
  id: Scalars['ID']['input'];
};


export type QueryDatasetVersionArgs = {
  id: Scalars['ID']['input'];
};


export type QueryDatasetsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryModelArgs = {
  id: Scalars['ID']['input'];
};


export type QueryModelsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryPredictArgs = {
  input: PredictInput;
};


export type QueryRunArgs = {
  id: Scalars['ID']['input'];
};


export type QueryRunsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  modelId?: InputMaybe<Scalars['ID']['input']>;
  status?: InputMaybe<RunStatus>;
};


export type QueryUsageArgs = {
  days?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryValidateModelArgs = {
  input: CreateModelInput;
};

/** A named input field a record may carry (raw, before preprocessing). */
export type RecordField = {
  __typename?: 'RecordField';
  /** Category values seen in training, for categorical fields. */
  categories: Maybe<Array<Scalars['String']['output']>>;
  /** NUMERIC (number or numeric string; null = missing) or CATEGORICAL (string). */
  kind: Scalars['String']['output'];
  name: Scalars['String']['output'];
};

export type RevokeApiKeyInput = {
  id: Scalars['ID']['input'];
};

export type RevokeApiKeyPayload = {
  __typename?: 'RevokeApiKeyPayload';
  apiKey: ApiKey;
};

export type Run = {
  __typename?: 'Run';
  /** How many times a worker has started this run (more than 1 after a worker died). */
  attempt: Scalars['Int']['output'];
  /** Which training backend the worker used: tensorflow, wasm or cpu. */
  backend: Maybe<Scalars['String']['output']>;
  cancelRequested: Scalars['Boolean']['output'];
  epochs: Array<RunEpoch>;
  /** Why the run failed. */
  error: Maybe<Scalars['String']['output']>;
  evaluation: Maybe<Evaluation>;
  finishedAt: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  log: Scalars['String']['output'];
  model: Model;
  modelVersion: Maybe<ModelVersion>;
  /** Epochs planned by the definition (training may stop early). */
  plannedEpochs: Scalars['Int']['output'];
  queuedAt: Scalars['DateTime']['output'];
  startedAt: Maybe<Scalars['DateTime']['output']>;
  status: RunStatus;
};

export type RunComparison = {
  __typename?: 'RunComparison';
  /** One row per metric; `values` lines up with `runs` (null where a run lacks the metric). */
  rows: Array<MetricRow>;
  runs: Array<Run>;
};

export type RunConnection = {
  __typename?: 'RunConnection';
  edges: Array<RunEdge>;
  pageInfo: PageInfo;
};

export type RunEdge = {
  __typename?: 'RunEdge';
  cursor: Scalars['String']['output'];
  node: Run;
};

export type RunEpoch = {
  __typename?: 'RunEpoch';
  createdAt: Scalars['DateTime']['output'];
  durationMs: Scalars['Int']['output'];
  epoch: Scalars['Int']['output'];
  loss: Scalars['Float']['output'];
  /** Other metrics by name, e.g. accuracy, val_accuracy, mae, val_mae. */
  metrics: Scalars['JSON']['output'];
  valLoss: Maybe<Scalars['Float']['output']>;
};

export type RunProgressEvent = {
  __typename?: 'RunProgressEvent';
  /** Set for EPOCH events. */
  epoch: Maybe<RunEpoch>;
  kind: RunProgressKind;
  run: Run;
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
  gate?: InputMaybe<AliasGateInput>;
  modelId: Scalars['ID']['input'];
  /** Any name made of letters, digits, `-` and `_`, e.g. production or staging. */
  name: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};

export type SetAliasPayload = {
  __typename?: 'SetAliasPayload';
  alias: ModelAlias;
};

export type SplitInput = {
  seed?: InputMaybe<Scalars['Int']['input']>;
  /** Stratify by the label for classification (default true when the label is categorical). */
  stratify?: InputMaybe<Scalars['Boolean']['input']>;
  test: Scalars['Float']['input'];
  train: Scalars['Float']['input'];
  validation: Scalars['Float']['input'];
};

export type StartRunInput = {
  modelId: Scalars['ID']['input'];
};

export type StartRunPayload = {
  __typename?: 'StartRunPayload';
  run: Run;
};

export type Subscription = {
  __typename?: 'Subscription';
  /**
   * Streams a run's epochs and state changes until it ends. Epochs already recorded are sent first
   * (after `afterEpoch`, so a reconnecting client resumes where it stopped). Requires READ.
   */
  runProgress: RunProgressEvent;
};


export type SubscriptionRunProgressArgs = {
  afterEpoch?: InputMaybe<Scalars['Int']['input']>;
  runId: Scalars['ID']['input'];
};

export type Tenant = {
  __typename?: 'Tenant';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
};

/** A named tensor of a model's signature. `shape` uses null for the dynamic batch dimension. */
export type TensorSpec = {
  __typename?: 'TensorSpec';
  name: Scalars['String']['output'];
  shape: Array<Maybe<Scalars['Int']['output']>>;
  type: TensorType;
};

export type TensorSpecInput = {
  name: Scalars['String']['input'];
  /** Use null (or -1) for the batch dimension. */
  shape: Array<InputMaybe<Scalars['Int']['input']>>;
  type: TensorType;
};

export type TensorType =
  | 'FLOAT32'
  | 'INT64'
  | 'STRING';

export type UpdateBatchingInput = {
  maxBatchSize: Scalars['Int']['input'];
  maxQueueDelayMs: Scalars['Float']['input'];
  modelId: Scalars['ID']['input'];
};

export type UpdateBatchingPayload = {
  __typename?: 'UpdateBatchingPayload';
  model: Model;
};

export type UpdateColumnTypesInput = {
  columnTypes: Array<ColumnTypeOverride>;
  datasetVersionId: Scalars['ID']['input'];
  /** Change (or set) the label column as well. */
  labelColumn?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateColumnTypesPayload = {
  __typename?: 'UpdateColumnTypesPayload';
  datasetVersion: DatasetVersion;
};

/** Metered usage of one UTC day. */
export type UsageDay = {
  __typename?: 'UsageDay';
  /** YYYY-MM-DD (UTC). */
  day: Scalars['String']['output'];
  /** Rows predicted. */
  predictions: Scalars['Int']['output'];
  trainingRuns: Scalars['Int']['output'];
  uploadedBytes: Scalars['Float']['output'];
};

export type ValueCount = {
  __typename?: 'ValueCount';
  count: Scalars['Int']['output'];
  value: Scalars['String']['output'];
};

/** Who is calling: a tenant's key, or the platform operator. */
export type Viewer = {
  __typename?: 'Viewer';
  /** The key making this request; null for the operator key. */
  apiKey: Maybe<ApiKey>;
  isOperator: Scalars['Boolean']['output'];
  scopes: Array<ApiKeyScope>;
  /** Null for the platform operator key, which belongs to no tenant. */
  tenant: Maybe<Tenant>;
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  AliasGate: ResolverTypeWrapper<AliasGate>;
  AliasGateInput: AliasGateInput;
  ApiKey: ResolverTypeWrapper<ApiKeyModel>;
  ApiKeyConnection: ResolverTypeWrapper<Omit<ApiKeyConnection, 'edges'> & { edges: Array<ResolversTypes['ApiKeyEdge']> }>;
  ApiKeyEdge: ResolverTypeWrapper<Omit<ApiKeyEdge, 'node'> & { node: ResolversTypes['ApiKey'] }>;
  ApiKeyScope: ApiKeyScope;
  ApiKeyStatus: ApiKeyStatus;
  BatchingConfig: ResolverTypeWrapper<BatchingConfig>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CancelRunInput: CancelRunInput;
  CancelRunPayload: ResolverTypeWrapper<Omit<CancelRunPayload, 'run'> & { run: ResolversTypes['Run'] }>;
  ClassMetrics: ResolverTypeWrapper<ClassMetrics>;
  ClassProbability: ResolverTypeWrapper<ClassProbability>;
  ColumnRole: ColumnRole;
  ColumnStats: ResolverTypeWrapper<ColumnStats>;
  ColumnType: ColumnType;
  ColumnTypeOverride: ColumnTypeOverride;
  CreateApiKeyInput: CreateApiKeyInput;
  CreateApiKeyPayload: ResolverTypeWrapper<Omit<CreateApiKeyPayload, 'apiKey'> & { apiKey: ResolversTypes['ApiKey'] }>;
  CreateDatasetInput: CreateDatasetInput;
  CreateDatasetPayload: ResolverTypeWrapper<Omit<CreateDatasetPayload, 'dataset'> & { dataset: ResolversTypes['Dataset'] }>;
  CreateDatasetVersionInput: CreateDatasetVersionInput;
  CreateDatasetVersionPayload: ResolverTypeWrapper<Omit<CreateDatasetVersionPayload, 'datasetVersion'> & { datasetVersion: ResolversTypes['DatasetVersion'] }>;
  CreateModelInput: CreateModelInput;
  CreateModelPayload: ResolverTypeWrapper<Omit<CreateModelPayload, 'model'> & { model: ResolversTypes['Model'] }>;
  CreateTenantInput: CreateTenantInput;
  CreateTenantPayload: ResolverTypeWrapper<Omit<CreateTenantPayload, 'adminKey' | 'tenant'> & { adminKey: ResolversTypes['CreateApiKeyPayload'], tenant: ResolversTypes['Tenant'] }>;
  Dataset: ResolverTypeWrapper<DatasetModel>;
  DatasetColumn: ResolverTypeWrapper<DatasetColumnModel>;
  DatasetConnection: ResolverTypeWrapper<Omit<DatasetConnection, 'edges'> & { edges: Array<ResolversTypes['DatasetEdge']> }>;
  DatasetEdge: ResolverTypeWrapper<Omit<DatasetEdge, 'node'> & { node: ResolversTypes['Dataset'] }>;
  DatasetFormat: DatasetFormat;
  DatasetRowConnection: ResolverTypeWrapper<DatasetRowConnection>;
  DatasetRowEdge: ResolverTypeWrapper<DatasetRowEdge>;
  DatasetSplit: ResolverTypeWrapper<DatasetSplit>;
  DatasetTask: DatasetTask;
  DatasetVersion: ResolverTypeWrapper<DatasetVersionModel>;
  DatasetVersionConnection: ResolverTypeWrapper<Omit<DatasetVersionConnection, 'edges'> & { edges: Array<ResolversTypes['DatasetVersionEdge']> }>;
  DatasetVersionEdge: ResolverTypeWrapper<Omit<DatasetVersionEdge, 'node'> & { node: ResolversTypes['DatasetVersion'] }>;
  DatasetWarning: ResolverTypeWrapper<DatasetWarning>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DeleteAliasInput: DeleteAliasInput;
  DeleteAliasPayload: ResolverTypeWrapper<DeleteAliasPayload>;
  DeleteDatasetInput: DeleteDatasetInput;
  DeleteDatasetPayload: ResolverTypeWrapper<DeleteDatasetPayload>;
  ErrorCode: ErrorCode;
  Evaluation: ResolverTypeWrapper<EvaluationModel>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  GateOp: GateOp;
  HistogramBin: ResolverTypeWrapper<HistogramBin>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  ImportOnnxModelInput: ImportOnnxModelInput;
  ImportOnnxModelPayload: ResolverTypeWrapper<Omit<ImportOnnxModelPayload, 'model' | 'modelVersion'> & { model: ResolversTypes['Model'], modelVersion: ResolversTypes['ModelVersion'] }>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  MetricRow: ResolverTypeWrapper<MetricRow>;
  Model: ResolverTypeWrapper<ModelModel>;
  ModelAlias: ResolverTypeWrapper<ModelAliasModel>;
  ModelConnection: ResolverTypeWrapper<Omit<ModelConnection, 'edges'> & { edges: Array<ResolversTypes['ModelEdge']> }>;
  ModelEdge: ResolverTypeWrapper<Omit<ModelEdge, 'node'> & { node: ResolversTypes['Model'] }>;
  ModelLayer: ResolverTypeWrapper<ModelLayer>;
  ModelSignature: ResolverTypeWrapper<ModelSignature>;
  ModelSource: ModelSource;
  ModelSpecIssue: ResolverTypeWrapper<ModelSpecIssue>;
  ModelTask: ModelTask;
  ModelValidation: ResolverTypeWrapper<ModelValidation>;
  ModelVersion: ResolverTypeWrapper<ModelVersionModel>;
  ModelVersionConnection: ResolverTypeWrapper<Omit<ModelVersionConnection, 'edges'> & { edges: Array<ResolversTypes['ModelVersionEdge']> }>;
  ModelVersionEdge: ResolverTypeWrapper<Omit<ModelVersionEdge, 'node'> & { node: ResolversTypes['ModelVersion'] }>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  OnnxArtifact: ResolverTypeWrapper<OnnxArtifact>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PredictInput: PredictInput;
  PredictResult: ResolverTypeWrapper<Omit<PredictResult, 'modelVersion'> & { modelVersion: ResolversTypes['ModelVersion'] }>;
  Prediction: ResolverTypeWrapper<Prediction>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RecordField: ResolverTypeWrapper<RecordField>;
  RevokeApiKeyInput: RevokeApiKeyInput;
  RevokeApiKeyPayload: ResolverTypeWrapper<Omit<RevokeApiKeyPayload, 'apiKey'> & { apiKey: ResolversTypes['ApiKey'] }>;
  Run: ResolverTypeWrapper<RunModel>;
  RunComparison: ResolverTypeWrapper<Omit<RunComparison, 'runs'> & { runs: Array<ResolversTypes['Run']> }>;
  RunConnection: ResolverTypeWrapper<Omit<RunConnection, 'edges'> & { edges: Array<ResolversTypes['RunEdge']> }>;
  RunEdge: ResolverTypeWrapper<Omit<RunEdge, 'node'> & { node: ResolversTypes['Run'] }>;
  RunEpoch: ResolverTypeWrapper<RunEpochModel>;
  RunProgressEvent: ResolverTypeWrapper<RunProgressEventModel>;
  RunProgressKind: RunProgressKind;
  RunStatus: RunStatus;
  SetAliasInput: SetAliasInput;
  SetAliasPayload: ResolverTypeWrapper<Omit<SetAliasPayload, 'alias'> & { alias: ResolversTypes['ModelAlias'] }>;
  SplitInput: SplitInput;
  StartRunInput: StartRunInput;
  StartRunPayload: ResolverTypeWrapper<Omit<StartRunPayload, 'run'> & { run: ResolversTypes['Run'] }>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Tenant: ResolverTypeWrapper<TenantModel>;
  TensorSpec: ResolverTypeWrapper<TensorSpec>;
  TensorSpecInput: TensorSpecInput;
  TensorType: TensorType;
  UpdateBatchingInput: UpdateBatchingInput;
  UpdateBatchingPayload: ResolverTypeWrapper<Omit<UpdateBatchingPayload, 'model'> & { model: ResolversTypes['Model'] }>;
  UpdateColumnTypesInput: UpdateColumnTypesInput;
  UpdateColumnTypesPayload: ResolverTypeWrapper<Omit<UpdateColumnTypesPayload, 'datasetVersion'> & { datasetVersion: ResolversTypes['DatasetVersion'] }>;
  UsageDay: ResolverTypeWrapper<UsageDay>;
  ValueCount: ResolverTypeWrapper<ValueCount>;
  Viewer: ResolverTypeWrapper<ViewerModel>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AliasGate: AliasGate;
  AliasGateInput: AliasGateInput;
  ApiKey: ApiKeyModel;
  ApiKeyConnection: Omit<ApiKeyConnection, 'edges'> & { edges: Array<ResolversParentTypes['ApiKeyEdge']> };
  ApiKeyEdge: Omit<ApiKeyEdge, 'node'> & { node: ResolversParentTypes['ApiKey'] };
  BatchingConfig: BatchingConfig;
  Boolean: Scalars['Boolean']['output'];
  CancelRunInput: CancelRunInput;
  CancelRunPayload: Omit<CancelRunPayload, 'run'> & { run: ResolversParentTypes['Run'] };
  ClassMetrics: ClassMetrics;
  ClassProbability: ClassProbability;
  ColumnStats: ColumnStats;
  ColumnTypeOverride: ColumnTypeOverride;
  CreateApiKeyInput: CreateApiKeyInput;
  CreateApiKeyPayload: Omit<CreateApiKeyPayload, 'apiKey'> & { apiKey: ResolversParentTypes['ApiKey'] };
  CreateDatasetInput: CreateDatasetInput;
  CreateDatasetPayload: Omit<CreateDatasetPayload, 'dataset'> & { dataset: ResolversParentTypes['Dataset'] };
  CreateDatasetVersionInput: CreateDatasetVersionInput;
  CreateDatasetVersionPayload: Omit<CreateDatasetVersionPayload, 'datasetVersion'> & { datasetVersion: ResolversParentTypes['DatasetVersion'] };
  CreateModelInput: CreateModelInput;
  CreateModelPayload: Omit<CreateModelPayload, 'model'> & { model: ResolversParentTypes['Model'] };
  CreateTenantInput: CreateTenantInput;
  CreateTenantPayload: Omit<CreateTenantPayload, 'adminKey' | 'tenant'> & { adminKey: ResolversParentTypes['CreateApiKeyPayload'], tenant: ResolversParentTypes['Tenant'] };
  Dataset: DatasetModel;
  DatasetColumn: DatasetColumnModel;
  DatasetConnection: Omit<DatasetConnection, 'edges'> & { edges: Array<ResolversParentTypes['DatasetEdge']> };
  DatasetEdge: Omit<DatasetEdge, 'node'> & { node: ResolversParentTypes['Dataset'] };
  DatasetRowConnection: DatasetRowConnection;
  DatasetRowEdge: DatasetRowEdge;
  DatasetSplit: DatasetSplit;
  DatasetVersion: DatasetVersionModel;
  DatasetVersionConnection: Omit<DatasetVersionConnection, 'edges'> & { edges: Array<ResolversParentTypes['DatasetVersionEdge']> };
  DatasetVersionEdge: Omit<DatasetVersionEdge, 'node'> & { node: ResolversParentTypes['DatasetVersion'] };
  DatasetWarning: DatasetWarning;
  DateTime: Scalars['DateTime']['output'];
  DeleteAliasInput: DeleteAliasInput;
  DeleteAliasPayload: DeleteAliasPayload;
  DeleteDatasetInput: DeleteDatasetInput;
  DeleteDatasetPayload: DeleteDatasetPayload;
  Evaluation: EvaluationModel;
  Float: Scalars['Float']['output'];
  HistogramBin: HistogramBin;
  ID: Scalars['ID']['output'];
  ImportOnnxModelInput: ImportOnnxModelInput;
  ImportOnnxModelPayload: Omit<ImportOnnxModelPayload, 'model' | 'modelVersion'> & { model: ResolversParentTypes['Model'], modelVersion: ResolversParentTypes['ModelVersion'] };
  Int: Scalars['Int']['output'];
  JSON: Scalars['JSON']['output'];
  MetricRow: MetricRow;
  Model: ModelModel;
  ModelAlias: ModelAliasModel;
  ModelConnection: Omit<ModelConnection, 'edges'> & { edges: Array<ResolversParentTypes['ModelEdge']> };
  ModelEdge: Omit<ModelEdge, 'node'> & { node: ResolversParentTypes['Model'] };
  ModelLayer: ModelLayer;
  ModelSignature: ModelSignature;
  ModelSpecIssue: ModelSpecIssue;
  ModelValidation: ModelValidation;
  ModelVersion: ModelVersionModel;
  ModelVersionConnection: Omit<ModelVersionConnection, 'edges'> & { edges: Array<ResolversParentTypes['ModelVersionEdge']> };
  ModelVersionEdge: Omit<ModelVersionEdge, 'node'> & { node: ResolversParentTypes['ModelVersion'] };
  Mutation: Record<PropertyKey, never>;
  OnnxArtifact: OnnxArtifact;
  PageInfo: PageInfo;
  PredictInput: PredictInput;
  PredictResult: Omit<PredictResult, 'modelVersion'> & { modelVersion: ResolversParentTypes['ModelVersion'] };
  Prediction: Prediction;
  Query: Record<PropertyKey, never>;
  RecordField: RecordField;
  RevokeApiKeyInput: RevokeApiKeyInput;
  RevokeApiKeyPayload: Omit<RevokeApiKeyPayload, 'apiKey'> & { apiKey: ResolversParentTypes['ApiKey'] };
  Run: RunModel;
  RunComparison: Omit<RunComparison, 'runs'> & { runs: Array<ResolversParentTypes['Run']> };
  RunConnection: Omit<RunConnection, 'edges'> & { edges: Array<ResolversParentTypes['RunEdge']> };
  RunEdge: Omit<RunEdge, 'node'> & { node: ResolversParentTypes['Run'] };
  RunEpoch: RunEpochModel;
  RunProgressEvent: RunProgressEventModel;
  SetAliasInput: SetAliasInput;
  SetAliasPayload: Omit<SetAliasPayload, 'alias'> & { alias: ResolversParentTypes['ModelAlias'] };
  SplitInput: SplitInput;
  StartRunInput: StartRunInput;
  StartRunPayload: Omit<StartRunPayload, 'run'> & { run: ResolversParentTypes['Run'] };
  String: Scalars['String']['output'];
  Subscription: Record<PropertyKey, never>;
  Tenant: TenantModel;
  TensorSpec: TensorSpec;
  TensorSpecInput: TensorSpecInput;
  UpdateBatchingInput: UpdateBatchingInput;
  UpdateBatchingPayload: Omit<UpdateBatchingPayload, 'model'> & { model: ResolversParentTypes['Model'] };
  UpdateColumnTypesInput: UpdateColumnTypesInput;
  UpdateColumnTypesPayload: Omit<UpdateColumnTypesPayload, 'datasetVersion'> & { datasetVersion: ResolversParentTypes['DatasetVersion'] };
  UsageDay: UsageDay;
  ValueCount: ValueCount;
  Viewer: ViewerModel;
}>;

export type AliasGateResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AliasGate'] = ResolversParentTypes['AliasGate']> = ResolversObject<{
  metric?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  op?: Resolver<ResolversTypes['GateOp'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type ApiKeyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ApiKey'] = ResolversParentTypes['ApiKey']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  expiresAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastUsedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  prefix?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  scopes?: Resolver<Array<ResolversTypes['ApiKeyScope']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ApiKeyStatus'], ParentType, ContextType>;
}>;

export type ApiKeyConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ApiKeyConnection'] = ResolversParentTypes['ApiKeyConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ApiKeyEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type ApiKeyEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ApiKeyEdge'] = ResolversParentTypes['ApiKeyEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType>;
}>;

export type BatchingConfigResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['BatchingConfig'] = ResolversParentTypes['BatchingConfig']> = ResolversObject<{
  maxBatchSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  maxQueueDelayMs?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type CancelRunPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CancelRunPayload'] = ResolversParentTypes['CancelRunPayload']> = ResolversObject<{
  run?: Resolver<ResolversTypes['Run'], ParentType, ContextType>;
}>;

export type ClassMetricsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ClassMetrics'] = ResolversParentTypes['ClassMetrics']> = ResolversObject<{
  f1?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  precision?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  recall?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  support?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ClassProbabilityResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ClassProbability'] = ResolversParentTypes['ClassProbability']> = ResolversObject<{
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  probability?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type ColumnStatsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ColumnStats'] = ResolversParentTypes['ColumnStats']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  distinctCapped?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  distinctCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  histogram?: Resolver<Maybe<Array<ResolversTypes['HistogramBin']>>, ParentType, ContextType>;
  max?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  maxDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  maxTokens?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  mean?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  meanTokens?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  median?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  min?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  minDate?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  missing?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  std?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  topValues?: Resolver<Array<ResolversTypes['ValueCount']>, ParentType, ContextType>;
  vocabularySize?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type CreateApiKeyPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CreateApiKeyPayload'] = ResolversParentTypes['CreateApiKeyPayload']> = ResolversObject<{
  apiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType>;
  secret?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type CreateDatasetPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CreateDatasetPayload'] = ResolversParentTypes['CreateDatasetPayload']> = ResolversObject<{
  dataset?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
}>;

export type CreateDatasetVersionPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CreateDatasetVersionPayload'] = ResolversParentTypes['CreateDatasetVersionPayload']> = ResolversObject<{
  datasetVersion?: Resolver<ResolversTypes['DatasetVersion'], ParentType, ContextType>;
}>;

export type CreateModelPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CreateModelPayload'] = ResolversParentTypes['CreateModelPayload']> = ResolversObject<{
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
}>;

export type CreateTenantPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CreateTenantPayload'] = ResolversParentTypes['CreateTenantPayload']> = ResolversObject<{
  adminKey?: Resolver<ResolversTypes['CreateApiKeyPayload'], ParentType, ContextType>;
  tenant?: Resolver<ResolversTypes['Tenant'], ParentType, ContextType>;
}>;

export type DatasetResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Dataset'] = ResolversParentTypes['Dataset']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  latestVersion?: Resolver<Maybe<ResolversTypes['DatasetVersion']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  versions?: Resolver<ResolversTypes['DatasetVersionConnection'], ParentType, ContextType, RequireFields<DatasetVersionsArgs, 'first'>>;
}>;

export type DatasetColumnResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DatasetColumn'] = ResolversParentTypes['DatasetColumn']> = ResolversObject<{
  inferredType?: Resolver<ResolversTypes['ColumnType'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['ColumnRole'], ParentType, ContextType>;
  stats?: Resolver<ResolversTypes['ColumnStats'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['ColumnType'], ParentType, ContextType>;
}>;

export type DatasetConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DatasetConnection'] = ResolversParentTypes['DatasetConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['DatasetEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type DatasetEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DatasetEdge'] = ResolversParentTypes['DatasetEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
}>;

export type DatasetRowConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DatasetRowConnection'] = ResolversParentTypes['DatasetRowConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['DatasetRowEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type DatasetRowEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DatasetRowEdge'] = ResolversParentTypes['DatasetRowEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
}>;

export type DatasetSplitResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DatasetSplit'] = ResolversParentTypes['DatasetSplit']> = ResolversObject<{
  seed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  stratified?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  test?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  testFraction?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  train?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  trainFraction?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  validation?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  validationFraction?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type DatasetVersionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DatasetVersion'] = ResolversParentTypes['DatasetVersion']> = ResolversObject<{
  byteSize?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  columns?: Resolver<Array<ResolversTypes['DatasetColumn']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  dataset?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  featureNames?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  featureShape?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  format?: Resolver<ResolversTypes['DatasetFormat'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  labelClasses?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  labelColumn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  preprocessing?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  preview?: Resolver<ResolversTypes['DatasetRowConnection'], ParentType, ContextType, RequireFields<DatasetVersionPreviewArgs, 'first'>>;
  rowCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sha256?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  splits?: Resolver<ResolversTypes['DatasetSplit'], ParentType, ContextType>;
  task?: Resolver<Maybe<ResolversTypes['DatasetTask']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  warnings?: Resolver<Array<ResolversTypes['DatasetWarning']>, ParentType, ContextType>;
}>;

export type DatasetVersionConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DatasetVersionConnection'] = ResolversParentTypes['DatasetVersionConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['DatasetVersionEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type DatasetVersionEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DatasetVersionEdge'] = ResolversParentTypes['DatasetVersionEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['DatasetVersion'], ParentType, ContextType>;
}>;

export type DatasetWarningResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DatasetWarning'] = ResolversParentTypes['DatasetWarning']> = ResolversObject<{
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  column?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DeleteAliasPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DeleteAliasPayload'] = ResolversParentTypes['DeleteAliasPayload']> = ResolversObject<{
  deletedName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type DeleteDatasetPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DeleteDatasetPayload'] = ResolversParentTypes['DeleteDatasetPayload']> = ResolversObject<{
  deletedDatasetId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type EvaluationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Evaluation'] = ResolversParentTypes['Evaluation']> = ResolversObject<{
  accuracy?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  confusionMatrix?: Resolver<Maybe<Array<Array<ResolversTypes['Int']>>>, ParentType, ContextType>;
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  labels?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  macroF1?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  mae?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  mse?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  perClass?: Resolver<Maybe<Array<ResolversTypes['ClassMetrics']>>, ParentType, ContextType>;
  r2?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  raw?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  rocAuc?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  task?: Resolver<ResolversTypes['ModelTask'], ParentType, ContextType>;
}>;

export type HistogramBinResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['HistogramBin'] = ResolversParentTypes['HistogramBin']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  end?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  start?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type ImportOnnxModelPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ImportOnnxModelPayload'] = ResolversParentTypes['ImportOnnxModelPayload']> = ResolversObject<{
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  modelVersion?: Resolver<ResolversTypes['ModelVersion'], ParentType, ContextType>;
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type MetricRowResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['MetricRow'] = ResolversParentTypes['MetricRow']> = ResolversObject<{
  bestRunId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  metric?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  values?: Resolver<Array<Maybe<ResolversTypes['Float']>>, ParentType, ContextType>;
}>;

export type ModelResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Model'] = ResolversParentTypes['Model']> = ResolversObject<{
  aliases?: Resolver<Array<ResolversTypes['ModelAlias']>, ParentType, ContextType>;
  batching?: Resolver<ResolversTypes['BatchingConfig'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  datasetVersion?: Resolver<Maybe<ResolversTypes['DatasetVersion']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  layers?: Resolver<Array<ResolversTypes['ModelLayer']>, ParentType, ContextType>;
  loss?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  runs?: Resolver<ResolversTypes['RunConnection'], ParentType, ContextType, RequireFields<ModelRunsArgs, 'first'>>;
  source?: Resolver<ResolversTypes['ModelSource'], ParentType, ContextType>;
  spec?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  task?: Resolver<ResolversTypes['ModelTask'], ParentType, ContextType>;
  versions?: Resolver<ResolversTypes['ModelVersionConnection'], ParentType, ContextType, RequireFields<ModelVersionsArgs, 'first'>>;
}>;

export type ModelAliasResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ModelAlias'] = ResolversParentTypes['ModelAlias']> = ResolversObject<{
  gate?: Resolver<Maybe<ResolversTypes['AliasGate']>, ParentType, ContextType>;
  modelVersion?: Resolver<ResolversTypes['ModelVersion'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type ModelConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ModelConnection'] = ResolversParentTypes['ModelConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ModelEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type ModelEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ModelEdge'] = ResolversParentTypes['ModelEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
}>;

export type ModelLayerResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ModelLayer'] = ResolversParentTypes['ModelLayer']> = ResolversObject<{
  config?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  outputShape?: Resolver<Array<Maybe<ResolversTypes['Int']>>, ParentType, ContextType>;
  params?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ModelSignatureResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ModelSignature'] = ResolversParentTypes['ModelSignature']> = ResolversObject<{
  featureNames?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  featureShape?: Resolver<Maybe<Array<ResolversTypes['Int']>>, ParentType, ContextType>;
  inputs?: Resolver<Array<ResolversTypes['TensorSpec']>, ParentType, ContextType>;
  labels?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  outputs?: Resolver<Array<ResolversTypes['TensorSpec']>, ParentType, ContextType>;
  recordFields?: Resolver<Maybe<Array<ResolversTypes['RecordField']>>, ParentType, ContextType>;
}>;

export type ModelSpecIssueResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ModelSpecIssue'] = ResolversParentTypes['ModelSpecIssue']> = ResolversObject<{
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  path?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ModelValidationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ModelValidation'] = ResolversParentTypes['ModelValidation']> = ResolversObject<{
  errors?: Resolver<Array<ResolversTypes['ModelSpecIssue']>, ParentType, ContextType>;
  layers?: Resolver<Array<ResolversTypes['ModelLayer']>, ParentType, ContextType>;
  valid?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type ModelVersionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ModelVersion'] = ResolversParentTypes['ModelVersion']> = ResolversObject<{
  aliases?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  evaluation?: Resolver<Maybe<ResolversTypes['Evaluation']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  onnx?: Resolver<Maybe<ResolversTypes['OnnxArtifact']>, ParentType, ContextType>;
  run?: Resolver<Maybe<ResolversTypes['Run']>, ParentType, ContextType>;
  signature?: Resolver<Maybe<ResolversTypes['ModelSignature']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ModelVersionConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ModelVersionConnection'] = ResolversParentTypes['ModelVersionConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ModelVersionEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type ModelVersionEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ModelVersionEdge'] = ResolversParentTypes['ModelVersionEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['ModelVersion'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  _noop?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  cancelRun?: Resolver<ResolversTypes['CancelRunPayload'], ParentType, ContextType, RequireFields<MutationCancelRunArgs, 'input'>>;
  createApiKey?: Resolver<ResolversTypes['CreateApiKeyPayload'], ParentType, ContextType, RequireFields<MutationCreateApiKeyArgs, 'input'>>;
  createDataset?: Resolver<ResolversTypes['CreateDatasetPayload'], ParentType, ContextType, RequireFields<MutationCreateDatasetArgs, 'input'>>;
  createDatasetVersion?: Resolver<ResolversTypes['CreateDatasetVersionPayload'], ParentType, ContextType, RequireFields<MutationCreateDatasetVersionArgs, 'input'>>;
  createModel?: Resolver<ResolversTypes['CreateModelPayload'], ParentType, ContextType, RequireFields<MutationCreateModelArgs, 'input'>>;
  createTenant?: Resolver<ResolversTypes['CreateTenantPayload'], ParentType, ContextType, RequireFields<MutationCreateTenantArgs, 'input'>>;
  deleteAlias?: Resolver<ResolversTypes['DeleteAliasPayload'], ParentType, ContextType, RequireFields<MutationDeleteAliasArgs, 'input'>>;
  deleteDataset?: Resolver<ResolversTypes['DeleteDatasetPayload'], ParentType, ContextType, RequireFields<MutationDeleteDatasetArgs, 'input'>>;
  importOnnxModel?: Resolver<ResolversTypes['ImportOnnxModelPayload'], ParentType, ContextType, RequireFields<MutationImportOnnxModelArgs, 'input'>>;
  revokeApiKey?: Resolver<ResolversTypes['RevokeApiKeyPayload'], ParentType, ContextType, RequireFields<MutationRevokeApiKeyArgs, 'input'>>;
  setAlias?: Resolver<ResolversTypes['SetAliasPayload'], ParentType, ContextType, RequireFields<MutationSetAliasArgs, 'input'>>;
  startRun?: Resolver<ResolversTypes['StartRunPayload'], ParentType, ContextType, RequireFields<MutationStartRunArgs, 'input'>>;
  updateBatching?: Resolver<ResolversTypes['UpdateBatchingPayload'], ParentType, ContextType, RequireFields<MutationUpdateBatchingArgs, 'input'>>;
  updateColumnTypes?: Resolver<ResolversTypes['UpdateColumnTypesPayload'], ParentType, ContextType, RequireFields<MutationUpdateColumnTypesArgs, 'input'>>;
}>;

export type OnnxArtifactResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['OnnxArtifact'] = ResolversParentTypes['OnnxArtifact']> = ResolversObject<{
  opset?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sha256?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sizeBytes?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type PredictResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PredictResult'] = ResolversParentTypes['PredictResult']> = ResolversObject<{
  modelVersion?: Resolver<ResolversTypes['ModelVersion'], ParentType, ContextType>;
  predictions?: Resolver<Array<ResolversTypes['Prediction']>, ParentType, ContextType>;
}>;

export type PredictionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Prediction'] = ResolversParentTypes['Prediction']> = ResolversObject<{
  label?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  labelIndex?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  probabilities?: Resolver<Maybe<Array<ResolversTypes['ClassProbability']>>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  apiKeys?: Resolver<ResolversTypes['ApiKeyConnection'], ParentType, ContextType, RequireFields<QueryApiKeysArgs, 'first' | 'includeRevoked'>>;
  compareRuns?: Resolver<ResolversTypes['RunComparison'], ParentType, ContextType, RequireFields<QueryCompareRunsArgs, 'ids'>>;
  dataset?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType, RequireFields<QueryDatasetArgs, 'id'>>;
  datasetVersion?: Resolver<ResolversTypes['DatasetVersion'], ParentType, ContextType, RequireFields<QueryDatasetVersionArgs, 'id'>>;
  datasets?: Resolver<ResolversTypes['DatasetConnection'], ParentType, ContextType, RequireFields<QueryDatasetsArgs, 'first'>>;
  me?: Resolver<ResolversTypes['Viewer'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType, RequireFields<QueryModelArgs, 'id'>>;
  models?: Resolver<ResolversTypes['ModelConnection'], ParentType, ContextType, RequireFields<QueryModelsArgs, 'first'>>;
  ping?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  predict?: Resolver<ResolversTypes['PredictResult'], ParentType, ContextType, RequireFields<QueryPredictArgs, 'input'>>;
  run?: Resolver<ResolversTypes['Run'], ParentType, ContextType, RequireFields<QueryRunArgs, 'id'>>;
  runs?: Resolver<ResolversTypes['RunConnection'], ParentType, ContextType, RequireFields<QueryRunsArgs, 'first'>>;
  usage?: Resolver<Array<ResolversTypes['UsageDay']>, ParentType, ContextType, RequireFields<QueryUsageArgs, 'days'>>;
  validateModel?: Resolver<ResolversTypes['ModelValidation'], ParentType, ContextType, RequireFields<QueryValidateModelArgs, 'input'>>;
}>;

export type RecordFieldResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RecordField'] = ResolversParentTypes['RecordField']> = ResolversObject<{
  categories?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type RevokeApiKeyPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RevokeApiKeyPayload'] = ResolversParentTypes['RevokeApiKeyPayload']> = ResolversObject<{
  apiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType>;
}>;

export type RunResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Run'] = ResolversParentTypes['Run']> = ResolversObject<{
  attempt?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  backend?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  cancelRequested?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  epochs?: Resolver<Array<ResolversTypes['RunEpoch']>, ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  evaluation?: Resolver<Maybe<ResolversTypes['Evaluation']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  log?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  modelVersion?: Resolver<Maybe<ResolversTypes['ModelVersion']>, ParentType, ContextType>;
  plannedEpochs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  queuedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['RunStatus'], ParentType, ContextType>;
}>;

export type RunComparisonResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RunComparison'] = ResolversParentTypes['RunComparison']> = ResolversObject<{
  rows?: Resolver<Array<ResolversTypes['MetricRow']>, ParentType, ContextType>;
  runs?: Resolver<Array<ResolversTypes['Run']>, ParentType, ContextType>;
}>;

export type RunConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RunConnection'] = ResolversParentTypes['RunConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['RunEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type RunEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RunEdge'] = ResolversParentTypes['RunEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Run'], ParentType, ContextType>;
}>;

export type RunEpochResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RunEpoch'] = ResolversParentTypes['RunEpoch']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  durationMs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  epoch?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  loss?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  metrics?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  valLoss?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
}>;

export type RunProgressEventResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RunProgressEvent'] = ResolversParentTypes['RunProgressEvent']> = ResolversObject<{
  epoch?: Resolver<Maybe<ResolversTypes['RunEpoch']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['RunProgressKind'], ParentType, ContextType>;
  run?: Resolver<ResolversTypes['Run'], ParentType, ContextType>;
}>;

export type SetAliasPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SetAliasPayload'] = ResolversParentTypes['SetAliasPayload']> = ResolversObject<{
  alias?: Resolver<ResolversTypes['ModelAlias'], ParentType, ContextType>;
}>;

export type StartRunPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['StartRunPayload'] = ResolversParentTypes['StartRunPayload']> = ResolversObject<{
  run?: Resolver<ResolversTypes['Run'], ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  runProgress?: SubscriptionResolver<ResolversTypes['RunProgressEvent'], "runProgress", ParentType, ContextType, RequireFields<SubscriptionRunProgressArgs, 'runId'>>;
}>;

export type TenantResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Tenant'] = ResolversParentTypes['Tenant']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type TensorSpecResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TensorSpec'] = ResolversParentTypes['TensorSpec']> = ResolversObject<{
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  shape?: Resolver<Array<Maybe<ResolversTypes['Int']>>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['TensorType'], ParentType, ContextType>;
}>;

export type UpdateBatchingPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UpdateBatchingPayload'] = ResolversParentTypes['UpdateBatchingPayload']> = ResolversObject<{
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
}>;

export type UpdateColumnTypesPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UpdateColumnTypesPayload'] = ResolversParentTypes['UpdateColumnTypesPayload']> = ResolversObject<{
  datasetVersion?: Resolver<ResolversTypes['DatasetVersion'], ParentType, ContextType>;
}>;

export type UsageDayResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UsageDay'] = ResolversParentTypes['UsageDay']> = ResolversObject<{
  day?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  predictions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  trainingRuns?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  uploadedBytes?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type ValueCountResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ValueCount'] = ResolversParentTypes['ValueCount']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ViewerResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Viewer'] = ResolversParentTypes['Viewer']> = ResolversObject<{
  apiKey?: Resolver<Maybe<ResolversTypes['ApiKey']>, ParentType, ContextType>;
  isOperator?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  scopes?: Resolver<Array<ResolversTypes['ApiKeyScope']>, ParentType, ContextType>;
  tenant?: Resolver<Maybe<ResolversTypes['Tenant']>, ParentType, ContextType>;
}>;

export type Resolvers<ContextType = GraphQLContext> = ResolversObject<{
  AliasGate?: AliasGateResolvers<ContextType>;
  ApiKey?: ApiKeyResolvers<ContextType>;
  ApiKeyConnection?: ApiKeyConnectionResolvers<ContextType>;
  ApiKeyEdge?: ApiKeyEdgeResolvers<ContextType>;
  BatchingConfig?: BatchingConfigResolvers<ContextType>;
  CancelRunPayload?: CancelRunPayloadResolvers<ContextType>;
  ClassMetrics?: ClassMetricsResolvers<ContextType>;
  ClassProbability?: ClassProbabilityResolvers<ContextType>;
  ColumnStats?: ColumnStatsResolvers<ContextType>;
  CreateApiKeyPayload?: CreateApiKeyPayloadResolvers<ContextType>;
  CreateDatasetPayload?: CreateDatasetPayloadResolvers<ContextType>;
  CreateDatasetVersionPayload?: CreateDatasetVersionPayloadResolvers<ContextType>;
  CreateModelPayload?: CreateModelPayloadResolvers<ContextType>;
  CreateTenantPayload?: CreateTenantPayloadResolvers<ContextType>;
  Dataset?: DatasetResolvers<ContextType>;
  DatasetColumn?: DatasetColumnResolvers<ContextType>;
  DatasetConnection?: DatasetConnectionResolvers<ContextType>;
  DatasetEdge?: DatasetEdgeResolvers<ContextType>;
  DatasetRowConnection?: DatasetRowConnectionResolvers<ContextType>;
  DatasetRowEdge?: DatasetRowEdgeResolvers<ContextType>;
  DatasetSplit?: DatasetSplitResolvers<ContextType>;
  DatasetVersion?: DatasetVersionResolvers<ContextType>;
  DatasetVersionConnection?: DatasetVersionConnectionResolvers<ContextType>;
  DatasetVersionEdge?: DatasetVersionEdgeResolvers<ContextType>;
  DatasetWarning?: DatasetWarningResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DeleteAliasPayload?: DeleteAliasPayloadResolvers<ContextType>;
  DeleteDatasetPayload?: DeleteDatasetPayloadResolvers<ContextType>;
  Evaluation?: EvaluationResolvers<ContextType>;
  HistogramBin?: HistogramBinResolvers<ContextType>;
  ImportOnnxModelPayload?: ImportOnnxModelPayloadResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  MetricRow?: MetricRowResolvers<ContextType>;
  Model?: ModelResolvers<ContextType>;
  ModelAlias?: ModelAliasResolvers<ContextType>;
  ModelConnection?: ModelConnectionResolvers<ContextType>;
  ModelEdge?: ModelEdgeResolvers<ContextType>;
  ModelLayer?: ModelLayerResolvers<ContextType>;
  ModelSignature?: ModelSignatureResolvers<ContextType>;
  ModelSpecIssue?: ModelSpecIssueResolvers<ContextType>;
  ModelValidation?: ModelValidationResolvers<ContextType>;
  ModelVersion?: ModelVersionResolvers<ContextType>;
  ModelVersionConnection?: ModelVersionConnectionResolvers<ContextType>;
  ModelVersionEdge?: ModelVersionEdgeResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  OnnxArtifact?: OnnxArtifactResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PredictResult?: PredictResultResolvers<ContextType>;
  Prediction?: PredictionResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RecordField?: RecordFieldResolvers<ContextType>;
  RevokeApiKeyPayload?: RevokeApiKeyPayloadResolvers<ContextType>;
  Run?: RunResolvers<ContextType>;
  RunComparison?: RunComparisonResolvers<ContextType>;
  RunConnection?: RunConnectionResolvers<ContextType>;
  RunEdge?: RunEdgeResolvers<ContextType>;
  RunEpoch?: RunEpochResolvers<ContextType>;
  RunProgressEvent?: RunProgressEventResolvers<ContextType>;
  SetAliasPayload?: SetAliasPayloadResolvers<ContextType>;
  StartRunPayload?: StartRunPayloadResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  Tenant?: TenantResolvers<ContextType>;
  TensorSpec?: TensorSpecResolvers<ContextType>;
  UpdateBatchingPayload?: UpdateBatchingPayloadResolvers<ContextType>;
  UpdateColumnTypesPayload?: UpdateColumnTypesPayloadResolvers<ContextType>;
  UsageDay?: UsageDayResolvers<ContextType>;
  ValueCount?: ValueCountResolvers<ContextType>;
  Viewer?: ViewerResolvers<ContextType>;
}>;

