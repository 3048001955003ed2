/** What an API key may do. ADMIN implies every other scope. */
export const ApiKeyScope = {
  Admin: 'ADMIN',
  Predict: 'PREDICT',
  Read: 'READ',
  Train: 'TRAIN',
  Write: 'WRITE'
} as const;

export type ApiKeyScope = typeof ApiKeyScope[keyof typeof ApiKeyScope];
export const ApiKeyStatus = {
  Active: 'ACTIVE',
  Expired: 'EXPIRED',
  Revoked: 'REVOKED'
} as const;

export type ApiKeyStatus = typeof ApiKeyStatus[keyof typeof ApiKeyStatus];
export const ColumnRole = {
  Feature: 'FEATURE',
  Ignored: 'IGNORED',
  Label: 'LABEL'
} as const;

export type ColumnRole = typeof ColumnRole[keyof typeof ColumnRole];
export const ColumnType = {
  Boolean: 'BOOLEAN',
  Categorical: 'CATEGORICAL',
  Datetime: 'DATETIME',
  Image: 'IMAGE',
  Numeric: 'NUMERIC',
  Text: 'TEXT'
} as const;

export type ColumnType = typeof ColumnType[keyof typeof ColumnType];
export const DatasetFormat = {
  Csv: 'CSV',
  Json: 'JSON',
  Jsonl: 'JSONL'
} as const;

export type DatasetFormat = typeof DatasetFormat[keyof typeof DatasetFormat];
export const DatasetTask = {
  Classification: 'CLASSIFICATION',
  Regression: 'REGRESSION'
} as const;

export type DatasetTask = typeof DatasetTask[keyof typeof DatasetTask];
/**
 * Every error the API returns carries one of these codes in `extensions.code`.
 * Internal failures are masked as INTERNAL_SERVER_ERROR; details never reach clients.
 */
export const ErrorCode = {
  BadRequest: 'BAD_REQUEST',
  BadUserInput: 'BAD_USER_INPUT',
  Conflict: 'CONFLICT',
  Forbidden: 'FORBIDDEN',
  /** An alias gate refused a model version; extensions carry metric, actual and required values. */
  GateFailed: 'GATE_FAILED',
  GraphqlParseFailed: 'GRAPHQL_PARSE_FAILED',
  GraphqlValidationFailed: 'GRAPHQL_VALIDATION_FAILED',
  InternalServerError: 'INTERNAL_SERVER_ERROR',
  NotFound: 'NOT_FOUND',
  OperationResolutionFailure: 'OPERATION_RESOLUTION_FAILURE',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  PersistedQueryNotFound: 'PERSISTED_QUERY_NOT_FOUND',
  QueryTooComplex: 'QUERY_TOO_COMPLEX',
  QueryTooDeep: 'QUERY_TOO_DEEP',
  RateLimited: 'RATE_LIMITED',
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  TooManyAliases: 'TOO_MANY_ALIASES',
  TooManyDirectives: 'TOO_MANY_DIRECTIVES',
  TooManyTokens: 'TOO_MANY_TOKENS',
  Unauthenticated: 'UNAUTHENTICATED'
} as const;

export type ErrorCode = typeof ErrorCode[keyof typeof ErrorCode];
export const GateOp = {
  Gt: 'GT',
  Gte: 'GTE',
  Lt: 'LT',
  Lte: 'LTE'
} as const;

export type GateOp = typeof GateOp[keyof typeof GateOp];
export const ModelSource = {
  Imported: 'IMPORTED',
  Trained: 'TRAINED'
} as const;

export type ModelSource = typeof ModelSource[keyof typeof ModelSource];
export const ModelTask = {
  Binary: 'BINARY',
  Multiclass: 'MULTICLASS',
  Regression: 'REGRESSION'
} as const;

export type ModelTask = typeof ModelTask[keyof typeof ModelTask];
export const RunProgressKind = {
  Epoch: 'EPOCH',
  Status: 'STATUS'
} as const;

export type RunProgressKind = typeof RunProgressKind[keyof typeof RunProgressKind];
export const RunStatus = {
  Cancelled: 'CANCELLED',
  Failed: 'FAILED',
  Queued: 'QUEUED',
  Running: 'RUNNING',
  Succeeded: 'SUCCEEDED'
} as const;

export type RunStatus = typeof RunStatus[keyof typeof RunStatus];
export const TensorType = {
  Float32: 'FLOAT32',
  Int64: 'INT64',
  String: 'STRING'
} as const;

export type TensorType = typeof TensorType[keyof typeof TensorType];