/**
 * @modelgraph/inference-core: the serving core behind `predict` — input validation against a model
 * signature, dynamic batching, a bounded ONNX session pool (in-process or worker threads), and
 * validation of imported ONNX files in a child process.
 */
export {
  checkBatch,
  concatFeeds,
  layoutKey,
  rowSize,
  sliceOutputs,
  type BatchTensor,
  type FeedBatch,
  type OutputBatch,
  type TensorData,
  type TensorType,
} from './feeds.ts';
export {
  BatcherOverloadedError,
  DynamicBatcher,
  systemClock,
  type BatchStats,
  type BatcherClock,
  type DynamicBatcherOptions,
} from './batcher.ts';
export {
  SessionPool,
  SessionPoolError,
  type ExecutionMode,
  type PoolEvent,
  type SessionInfo,
  type SessionPoolErrorCode,
  type SessionPoolOptions,
} from './session-pool.ts';
export {
  PredictInputError,
  decodePredictions,
  isPredictInputError,
  recordsToFeeds,
  tensorsToFeeds,
  type FeedOptions,
  type ModelSignature,
  type PredictTask,
  type Prediction,
  type RecordField,
  type RecordFieldKind,
  type TensorElementType,
  type TensorInfo,
} from './signature.ts';
export {
  OnnxImportError,
  isOnnxImportError,
  validateOnnxModel,
  type OnnxImportErrorCode,
  type ValidateOnnxOptions,
  type ValidatedOnnxModel,
} from './validate-import.ts';
