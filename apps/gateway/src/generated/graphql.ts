import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { TenantModel, ApiKeyModel, ViewerModel, DatasetModel, DatasetVersionModel, DatasetColumnModel } from '../mappers.ts';
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

export type HistogramBin = {
  __typename?: 'HistogramBin';
  count: Scalars['Int']['output'];
  end: Scalars['Float']['output'];
  start: Scalars['Float']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  _noop: Maybe<Scalars['Boolean']['output']>;
  /** Creates a key for the caller's tenant. Requires ADMIN. */
  createApiKey: CreateApiKeyPayload;
  /** Requires WRITE. */
  createDataset: CreateDatasetPayload;
  /** Requires WRITE. Parses, infers column types and stats, splits and fits preprocessing; nothing is kept on error. */
  createDatasetVersion: CreateDatasetVersionPayload;
  /** Creates a tenant with its first ADMIN key. Requires the platform operator key. */
  createTenant: CreateTenantPayload;
  /** Requires WRITE. Refused (CONFLICT) while a model version depends on the dataset. */
  deleteDataset: DeleteDatasetPayload;
  /** Revokes a key of the caller's tenant at once. Requires ADMIN. */
  revokeApiKey: RevokeApiKeyPayload;
  /** Requires WRITE. Refused (CONFLICT) once a model uses the version. */
  updateColumnTypes: UpdateColumnTypesPayload;
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


export type MutationCreateTenantArgs = {
  input: CreateTenantInput;
};


export type MutationDeleteDatasetArgs = {
  input: DeleteDatasetInput;
};


export type MutationRevokeApiKeyArgs = {
  input: RevokeApiKeyInput;
};


export type MutationUpdateColumnTypesArgs = {
  input: UpdateColumnTypesInput;
};

/** Relay connection page information. */
export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor: Maybe<Scalars['String']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /** The tenant's API keys, newest first. Requires ADMIN. */
  apiKeys: ApiKeyConnection;
  /** Requires READ. NOT_FOUND for an ID of another tenant, as for one that does not exist. */
  dataset: Dataset;
  datasetVersion: DatasetVersion;
  /** The tenant's datasets, newest first. Requires READ. */
  datasets: DatasetConnection;
  me: Viewer;
  /** Liveness of the API itself; requires only a valid key. */
  ping: Scalars['String']['output'];
};


export type QueryApiKeysArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeRevoked?: InputMaybe<Scalars['Boolean']['input']>;
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

export type RevokeApiKeyInput = {
  id: Scalars['ID']['input'];
};

export type RevokeApiKeyPayload = {
  __typename?: 'RevokeApiKeyPayload';
  apiKey: ApiKey;
};

export type SplitInput = {
  seed?: InputMaybe<Scalars['Int']['input']>;
  /** Stratify by the label for classification (default true when the label is categorical). */
  stratify?: InputMaybe<Scalars['Boolean']['input']>;
  test: Scalars['Float']['input'];
  train: Scalars['Float']['input'];
  validation: Scalars['Float']['input'];
};

export type Tenant = {
  __typename?: 'Tenant';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
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
  ApiKey: ResolverTypeWrapper<ApiKeyModel>;
  ApiKeyConnection: ResolverTypeWrapper<Omit<ApiKeyConnection, 'edges'> & { edges: Array<ResolversTypes['ApiKeyEdge']> }>;
  ApiKeyEdge: ResolverTypeWrapper<Omit<ApiKeyEdge, 'node'> & { node: ResolversTypes['ApiKey'] }>;
  ApiKeyScope: ApiKeyScope;
  ApiKeyStatus: ApiKeyStatus;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
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
  DeleteDatasetInput: DeleteDatasetInput;
  DeleteDatasetPayload: ResolverTypeWrapper<DeleteDatasetPayload>;
  ErrorCode: ErrorCode;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  HistogramBin: ResolverTypeWrapper<HistogramBin>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RevokeApiKeyInput: RevokeApiKeyInput;
  RevokeApiKeyPayload: ResolverTypeWrapper<Omit<RevokeApiKeyPayload, 'apiKey'> & { apiKey: ResolversTypes['ApiKey'] }>;
  SplitInput: SplitInput;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Tenant: ResolverTypeWrapper<TenantModel>;
  UpdateColumnTypesInput: UpdateColumnTypesInput;
  UpdateColumnTypesPayload: ResolverTypeWrapper<Omit<UpdateColumnTypesPayload, 'datasetVersion'> & { datasetVersion: ResolversTypes['DatasetVersion'] }>;
  ValueCount: ResolverTypeWrapper<ValueCount>;
  Viewer: ResolverTypeWrapper<ViewerModel>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  ApiKey: ApiKeyModel;
  ApiKeyConnection: Omit<ApiKeyConnection, 'edges'> & { edges: Array<ResolversParentTypes['ApiKeyEdge']> };
  ApiKeyEdge: Omit<ApiKeyEdge, 'node'> & { node: ResolversParentTypes['ApiKey'] };
  Boolean: Scalars['Boolean']['output'];
  ColumnStats: ColumnStats;
  ColumnTypeOverride: ColumnTypeOverride;
  CreateApiKeyInput: CreateApiKeyInput;
  CreateApiKeyPayload: Omit<CreateApiKeyPayload, 'apiKey'> & { apiKey: ResolversParentTypes['ApiKey'] };
  CreateDatasetInput: CreateDatasetInput;
  CreateDatasetPayload: Omit<CreateDatasetPayload, 'dataset'> & { dataset: ResolversParentTypes['Dataset'] };
  CreateDatasetVersionInput: CreateDatasetVersionInput;
  CreateDatasetVersionPayload: Omit<CreateDatasetVersionPayload, 'datasetVersion'> & { datasetVersion: ResolversParentTypes['DatasetVersion'] };
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
  DeleteDatasetInput: DeleteDatasetInput;
  DeleteDatasetPayload: DeleteDatasetPayload;
  Float: Scalars['Float']['output'];
  HistogramBin: HistogramBin;
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  JSON: Scalars['JSON']['output'];
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  RevokeApiKeyInput: RevokeApiKeyInput;
  RevokeApiKeyPayload: Omit<RevokeApiKeyPayload, 'apiKey'> & { apiKey: ResolversParentTypes['ApiKey'] };
  SplitInput: SplitInput;
  String: Scalars['String']['output'];
  Tenant: TenantModel;
  UpdateColumnTypesInput: UpdateColumnTypesInput;
  UpdateColumnTypesPayload: Omit<UpdateColumnTypesPayload, 'datasetVersion'> & { datasetVersion: ResolversParentTypes['DatasetVersion'] };
  ValueCount: ValueCount;
  Viewer: ViewerModel;
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

export type DeleteDatasetPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DeleteDatasetPayload'] = ResolversParentTypes['DeleteDatasetPayload']> = ResolversObject<{
  deletedDatasetId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type HistogramBinResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['HistogramBin'] = ResolversParentTypes['HistogramBin']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  end?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  start?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  _noop?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  createApiKey?: Resolver<ResolversTypes['CreateApiKeyPayload'], ParentType, ContextType, RequireFields<MutationCreateApiKeyArgs, 'input'>>;
  createDataset?: Resolver<ResolversTypes['CreateDatasetPayload'], ParentType, ContextType, RequireFields<MutationCreateDatasetArgs, 'input'>>;
  createDatasetVersion?: Resolver<ResolversTypes['CreateDatasetVersionPayload'], ParentType, ContextType, RequireFields<MutationCreateDatasetVersionArgs, 'input'>>;
  createTenant?: Resolver<ResolversTypes['CreateTenantPayload'], ParentType, ContextType, RequireFields<MutationCreateTenantArgs, 'input'>>;
  deleteDataset?: Resolver<ResolversTypes['DeleteDatasetPayload'], ParentType, ContextType, RequireFields<MutationDeleteDatasetArgs, 'input'>>;
  revokeApiKey?: Resolver<ResolversTypes['RevokeApiKeyPayload'], ParentType, ContextType, RequireFields<MutationRevokeApiKeyArgs, 'input'>>;
  updateColumnTypes?: Resolver<ResolversTypes['UpdateColumnTypesPayload'], ParentType, ContextType, RequireFields<MutationUpdateColumnTypesArgs, 'input'>>;
}>;

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  apiKeys?: Resolver<ResolversTypes['ApiKeyConnection'], ParentType, ContextType, RequireFields<QueryApiKeysArgs, 'first' | 'includeRevoked'>>;
  dataset?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType, RequireFields<QueryDatasetArgs, 'id'>>;
  datasetVersion?: Resolver<ResolversTypes['DatasetVersion'], ParentType, ContextType, RequireFields<QueryDatasetVersionArgs, 'id'>>;
  datasets?: Resolver<ResolversTypes['DatasetConnection'], ParentType, ContextType, RequireFields<QueryDatasetsArgs, 'first'>>;
  me?: Resolver<ResolversTypes['Viewer'], ParentType, ContextType>;
  ping?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type RevokeApiKeyPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RevokeApiKeyPayload'] = ResolversParentTypes['RevokeApiKeyPayload']> = ResolversObject<{
  apiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType>;
}>;

export type TenantResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Tenant'] = ResolversParentTypes['Tenant']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type UpdateColumnTypesPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UpdateColumnTypesPayload'] = ResolversParentTypes['UpdateColumnTypesPayload']> = ResolversObject<{
  datasetVersion?: Resolver<ResolversTypes['DatasetVersion'], ParentType, ContextType>;
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
  ApiKey?: ApiKeyResolvers<ContextType>;
  ApiKeyConnection?: ApiKeyConnectionResolvers<ContextType>;
  ApiKeyEdge?: ApiKeyEdgeResolvers<ContextType>;
  ColumnStats?: ColumnStatsResolvers<ContextType>;
  CreateApiKeyPayload?: CreateApiKeyPayloadResolvers<ContextType>;
  CreateDatasetPayload?: CreateDatasetPayloadResolvers<ContextType>;
  CreateDatasetVersionPayload?: CreateDatasetVersionPayloadResolvers<ContextType>;
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
  DeleteDatasetPayload?: DeleteDatasetPayloadResolvers<ContextType>;
  HistogramBin?: HistogramBinResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RevokeApiKeyPayload?: RevokeApiKeyPayloadResolvers<ContextType>;
  Tenant?: TenantResolvers<ContextType>;
  UpdateColumnTypesPayload?: UpdateColumnTypesPayloadResolvers<ContextType>;
  ValueCount?: ValueCountResolvers<ContextType>;
  Viewer?: ViewerResolvers<ContextType>;
}>;

