/**
 * @modelgraph/dataset-core: the pure (no DB, no HTTP) core of dataset ingest.
 *
 * Typical flow:
 *   bytes -> createHashingPassThrough -> createEncryptStream -> object storage      (raw blob)
 *   bytes -> parseRecords -> SchemaAccumulator / inferSchema                       (schema + stats)
 *   user overrides -> applyTypeOverrides, validateLabel, schemaWarnings
 *   assignSplits (seeded, stratified) -> fitPreprocessing(spec, columns, trainRows) (JSON params)
 *   transformRow(fitted, row) in both training and serving
 */
export { DatasetInputError, EncryptionError, isDatasetInputError } from './errors.ts';
export type { DatasetErrorCode, DatasetInputErrorDetails, EncryptionErrorCode } from './errors.ts';

export { MISSING_TOKENS, categoryKey, isMissing, parseNumber, parseBoolean, parseDatetime, parseNumericArray, tokenize } from './values.ts';
export type { CellValue, Row } from './values.ts';

export { parseRecords, DEFAULT_MAX_BYTES, DEFAULT_MAX_RECORD_BYTES } from './parse.ts';
export type { DataFormat, ParseOptions, ParsedRecord } from './parse.ts';

export {
  COLUMN_TYPES,
  ColumnStatsAccumulator,
  SchemaAccumulator,
  inferSchema,
  applyTypeOverrides,
  validateLabel,
  schemaWarnings,
  isUninformative,
} from './infer.ts';
export type {
  ColumnType,
  ColumnSchema,
  ColumnStats,
  NumericStats,
  BooleanStats,
  DatetimeStats,
  TextStats,
  ImageStats,
  DistinctStats,
  InferOptions,
  InferredSchema,
  LabelInfo,
  TaskType,
  SchemaWarning,
  SchemaWarningCode,
} from './infer.ts';

export {
  PreprocessingSpecSchema,
  FittedPreprocessingSchema,
  parsePreprocessingSpec,
  parseFittedPreprocessing,
  defaultPreprocessingSpec,
  fitPreprocessing,
  createTransformer,
  transformRow,
  featureShape,
  tokenVocabularySize,
  featureNames,
  labelClasses,
} from './preprocess.ts';
export type {
  PreprocessingSpec,
  PreprocessingSpecInput,
  ColumnSpec,
  LabelSpec,
  FittedPreprocessing,
  FittedColumn,
  FittedLabel,
  TransformMode,
  TransformedRow,
  Transformer,
} from './preprocess.ts';

export {
  assignSplits,
  validateSplitFractions,
  splitCounts,
  encodeSplits,
  decodeSplits,
  SPLIT_TRAIN,
  SPLIT_VALIDATION,
  SPLIT_TEST,
} from './split.ts';
export type { AssignSplitsOptions, SplitFractions, SplitCounts, SplitId } from './split.ts';

export {
  deriveTenantKey,
  createEncryptStream,
  createDecryptStream,
  createHashingPassThrough,
  HashingPassThrough,
  ENCRYPTION_OVERHEAD,
} from './crypto.ts';

export { createPrng } from './random.ts';
export type { Prng } from './random.ts';
