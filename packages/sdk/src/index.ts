// @modelgraph/sdk — a typed client for the ModelGraph GraphQL API (Node 20+ and browsers).
//
//   import { createClient } from '@modelgraph/sdk';
//   const mg = createClient({ url: 'http://localhost:4000', apiKey: process.env.MODELGRAPH_API_KEY });
//   const version = await mg.uploadDataset('./cars.csv', { labelColumn: 'mpg', onProgress: console.log });
//   const model = await mg.models.create({ name: 'mpg', datasetVersionId: version.id, architecture: { preset: 'mlp' } });
//   const run = await mg.train({ modelId: model.id });
//   for await (const epoch of run) console.log(epoch.epoch, epoch.loss);
//   const { results } = await mg.predict({ modelId: model.id, records: [{ horsepower: 130, weight: 3504 }] });
//
// Nothing here imports a Node-only module statically; file paths load node:fs on demand.
export { createClient, ModelGraphClient } from './client.ts';
export type {
  ApiKey,
  ClientOptions,
  Dataset,
  DatasetDetails,
  DatasetVersion,
  Model,
  ModelAlias,
  ModelRegistry,
  ModelSummary,
  ModelValidation,
  ModelVersion,
  Page,
  PageArgs,
  PredictedModelVersion,
  Prediction,
  PredictionResult,
  PredictOutput,
  PredictRecord,
  PredictRecordsArgs,
  PredictTensorsArgs,
  RequestOptions,
  Run,
  RunComparison,
  RunSummary,
  Tensor,
  TrainOptions,
  UploadDatasetOptions,
  UploadDatasetResult,
  UsageDay,
  Viewer,
} from './client.ts';
export { ModelGraphError, isModelGraphError } from './errors.ts';
export type { AnyModelGraphError, ClientErrorCode, ErrorExtensions, ErrorExtensionsByCode, GraphQLErrorPayload, ModelGraphErrorCode } from './errors.ts';
export { TrainingRun, TERMINAL_RUN_STATUSES } from './training.ts';
export type { RunProgressEvent, TrainingEpoch, WatchOptions } from './training.ts';
export { endpoints } from './transport.ts';
export type { DocumentLike, Endpoints, FetchLike } from './transport.ts';
export { formatFromName } from './upload.ts';
export type { DatasetUploadOptions, UploadedDatasetVersion, UploadProgress, UploadSource } from './upload.ts';
// Generated from schema/ and src/operations/: every operation as a typed document with its
// result and variable types, and every schema enum as a runtime constant plus a type.
export * from './generated/graphql.ts';
export {
  ApiKeyScope,
  ApiKeyStatus,
  ColumnRole,
  ColumnType,
  DatasetFormat,
  DatasetTask,
  ErrorCode,
  GateOp,
  ModelSource,
  ModelTask,
  RunProgressKind,
  RunStatus,
  TensorType,
} from './generated/enums.ts';
