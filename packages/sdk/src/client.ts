// The ModelGraph client: every capability of the API as typed methods over the generated documents.
import { ModelGraphError } from './errors.ts';
import * as ops from './generated/graphql.ts';
import type {
  ApiKeyFieldsFragment,
  ApiKeyScope,
  CreateDatasetVersionInput,
  CreateModelInput,
  DatasetQuery,
  DatasetSummaryFragment,
  DatasetVersionFieldsFragment,
  ImportOnnxModelInput,
  ImportOnnxModelMutation,
  MeQuery,
  ModelFieldsFragment,
  ModelRegistryQuery,
  ModelSummaryFragment,
  ModelVersionSummaryFragment,
  PredictQuery,
  RunFieldsFragment,
  RunStatus,
  RunSummaryFragment,
  SetAliasInput,
  UpdateBatchingInput,
  UpdateColumnTypesInput,
  ValidateModelQuery,
  CompareRunsQuery,
  AliasFieldsFragment,
  UsageQuery,
} from './generated/graphql.ts';
import { SubscriptionTransport } from './subscriptions.ts';
import { TrainingRun, type WatchOptions } from './training.ts';
import { endpoints, postGraphQL, type DocumentLike, type Endpoints, type FetchLike } from './transport.ts';
import { sourceName, uploadDatasetVersion, type DatasetUploadOptions, type UploadedDatasetVersion, type UploadSource } from './upload.ts';

export interface ClientOptions {
  /** The server: `https://host` or `https://host/graphql`. */
  url: string;
  /** An API key (`mg_live_…`), sent as `authorization: Bearer …`. */
  apiKey?: string;
  /** A fetch implementation (default: the global fetch). */
  fetch?: FetchLike;
  /** A WebSocket constructor for subscriptions (default: the global one, else the `ws` package). */
  webSocketImpl?: unknown;
  /** Extra headers for every HTTP request. */
  headers?: Record<string, string>;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface PageArgs {
  first?: number;
  after?: string | null;
}

export interface Page<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export type ApiKey = ApiKeyFieldsFragment;
export type Viewer = MeQuery['me'];
export type Dataset = DatasetSummaryFragment;
export type DatasetDetails = DatasetQuery['dataset'];
export type DatasetVersion = DatasetVersionFieldsFragment;
export type ModelSummary = ModelSummaryFragment;
export type Model = ModelFieldsFragment;
export type ModelVersion = ModelVersionSummaryFragment;
export type ModelRegistry = ModelRegistryQuery['model'];
export type ModelAlias = AliasFieldsFragment;
export type ModelValidation = ValidateModelQuery['validateModel'];
export type RunSummary = RunSummaryFragment;
export type Run = RunFieldsFragment;
export type RunComparison = CompareRunsQuery['compareRuns'];
export type Prediction = PredictQuery['predict']['predictions'][number];
export type PredictedModelVersion = PredictQuery['predict']['modelVersion'];
export type UsageDay = UsageQuery['usage'][number];

/** A record for `predict`: raw values keyed by the dataset's column names. */
export type PredictRecord = Record<string, string | number | boolean | null>;
export type Tensor = readonly number[];

type ModelSelector =
  /** Serve the version an alias points at, e.g. `production`. */
  | { alias: string; version?: never }
  /** Serve this version number. */
  | { version: number; alias?: never }
  /** Default: the alias `production` if set, else the latest version. */
  | { alias?: undefined; version?: undefined };

export type PredictRecordsArgs<R extends PredictRecord> = { modelId: string; records: readonly R[]; tensors?: never } & ModelSelector;
export type PredictTensorsArgs = { modelId: string; tensors: readonly Tensor[]; records?: never } & ModelSelector;

/** A prediction paired with the input it was made for, typed by the call. */
export interface PredictionResult<I> {
  input: I;
  prediction: Prediction;
}

export interface PredictOutput<I> {
  modelVersion: PredictedModelVersion;
  /** One per input row, in order. */
  predictions: Prediction[];
  /** Each input with its prediction, in order. */
  results: PredictionResult<I>[];
}

export type UploadDatasetOptions = DatasetUploadOptions & {
  /** Add a version to this dataset... */
  datasetId?: string;
  /** ...or create a dataset with this name (default: the file's name without extension). */
  name?: string;
  description?: string;
};

export type UploadDatasetResult = UploadedDatasetVersion & { dataset: { id: string; name: string } | null };

export interface TrainOptions extends WatchOptions {
  modelId: string;
}

function page<T>(connection: { edges: Array<{ node: T }>; pageInfo: { hasNextPage: boolean; endCursor?: string | null } }): Page<T> {
  return { nodes: connection.edges.map((e) => e.node), pageInfo: { hasNextPage: connection.pageInfo.hasNextPage, endCursor: connection.pageInfo.endCursor ?? null } };
}

async function* paginate<T>(fetchPage: (after: string | null) => Promise<Page<T>>): AsyncGenerator<T> {
  let after: string | null = null;
  for (;;) {
    const current: Page<T> = await fetchPage(after);
    yield* current.nodes;
    if (!current.pageInfo.hasNextPage || !current.pageInfo.endCursor) return;
    after = current.pageInfo.endCursor;
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function baseName(name: string): string {
  const file = name.split(/[\\/]/).pop() ?? name;
  return file.replace(/\.[^.]+$/, '') || file;
}

export class ModelGraphClient {
  readonly endpoints: Endpoints;
  readonly #apiKey: string | undefined;
  readonly #fetch: FetchLike;
  readonly #customFetch: FetchLike | undefined;
  readonly #headers: Record<string, string> | undefined;
  readonly #subscriptions: SubscriptionTransport;

  constructor(options: ClientOptions) {
    this.endpoints = endpoints(options.url);
    this.#apiKey = options.apiKey;
    this.#customFetch = options.fetch;
    const globalFetch = typeof fetch === 'function' ? fetch.bind(globalThis) : undefined;
    const chosen = options.fetch ?? (globalFetch as FetchLike | undefined);
    if (!chosen) throw new ModelGraphError('BAD_USER_INPUT', 'no fetch implementation: pass `fetch` to createClient');
    this.#fetch = chosen;
    this.#headers = options.headers;
    this.#subscriptions = new SubscriptionTransport({ url: this.endpoints.ws, apiKey: options.apiKey, webSocketImpl: options.webSocketImpl });
  }

  /** Runs any query or mutation (e.g. a generated document); throws ModelGraphError on errors. */
  request<TResult, TVariables>(document: DocumentLike<TResult, TVariables> | string, variables?: TVariables, options: RequestOptions = {}): Promise<TResult> {
    return postGraphQL({ url: this.endpoints.graphql, apiKey: this.#apiKey, fetch: this.#fetch, headers: this.#headers }, document, variables, options.signal);
  }

  /** Iterates any subscription; breaking out of the loop unsubscribes. */
  subscribe<TResult, TVariables>(document: DocumentLike<TResult, TVariables> | string, variables?: TVariables): AsyncGenerator<TResult> {
    return this.#subscriptions.subscribe(document, variables);
  }

  /** Closes the subscription socket, if one is open. */
  close(): Promise<void> {
    return this.#subscriptions.close();
  }

  /** Checks the key: resolves with "pong"-like text. */
  async ping(): Promise<string> {
    return (await this.request(ops.PingDocument)).ping;
  }

  /** Who is calling: tenant, key and scopes. */
  async me(): Promise<Viewer> {
    return (await this.request(ops.MeDocument)).me;
  }

  /** The tenant's metered usage per UTC day, oldest first. */
  async usage(days?: number): Promise<UsageDay[]> {
    return (await this.request(ops.UsageDocument, { days })).usage;
  }

  // ---------------------------------------------------------------- datasets

  readonly datasets = {
    list: async (args: PageArgs = {}): Promise<Page<Dataset>> => page((await this.request(ops.DatasetsDocument, args)).datasets),
    all: (args: { pageSize?: number } = {}): AsyncGenerator<Dataset> =>
      paginate((after) => this.datasets.list({ first: args.pageSize ?? 50, after })),
    /** A dataset with its versions (newest first) and its latest version in full. */
    get: async (id: string, args: { versions?: number } = {}): Promise<DatasetDetails> =>
      (await this.request(ops.DatasetDocument, { id, versionsFirst: args.versions })).dataset,
    create: async (input: { name: string; description?: string | null }): Promise<Dataset> =>
      (await this.request(ops.CreateDatasetDocument, { input })).createDataset.dataset,
    /** Inline upload of a small file's text; large files: `uploadDataset`. */
    createVersion: async (input: CreateDatasetVersionInput): Promise<DatasetVersion> =>
      (await this.request(ops.CreateDatasetVersionDocument, { input })).createDatasetVersion.datasetVersion,
    version: async (id: string): Promise<DatasetVersion> => (await this.request(ops.DatasetVersionDocument, { id })).datasetVersion,
    /** Rows of a version as uploaded. */
    preview: async (versionId: string, args: PageArgs = {}): Promise<Page<Record<string, unknown>>> => {
      const result = await this.request(ops.DatasetPreviewDocument, { id: versionId, ...args });
      return page(result.datasetVersion.preview) as Page<Record<string, unknown>>;
    },
    updateColumnTypes: async (input: UpdateColumnTypesInput): Promise<DatasetVersion> =>
      (await this.request(ops.UpdateColumnTypesDocument, { input })).updateColumnTypes.datasetVersion,
    delete: async (id: string): Promise<string> => (await this.request(ops.DeleteDatasetDocument, { input: { id } })).deleteDataset.deletedDatasetId,
    /** Streams a file as a new version of an existing dataset. */
    upload: (datasetId: string, source: UploadSource, options: DatasetUploadOptions = {}): Promise<UploadedDatasetVersion> =>
      uploadDatasetVersion(
        { baseUrl: this.endpoints.base, apiKey: this.#apiKey, headers: this.#headers, customFetch: this.#customFetch, fetch: this.#fetch },
        datasetId,
        source,
        options,
      ),
  };

  /**
   * Streams a file (path, Buffer, Node Readable, Blob/File, ReadableStream) to a new dataset version,
   * creating the dataset first unless `datasetId` is given. `onProgress({ loaded, total })` follows the bytes.
   */
  async uploadDataset(source: UploadSource, options: UploadDatasetOptions = {}): Promise<UploadDatasetResult> {
    const { datasetId, name, description, ...uploadOptions } = options;
    let dataset: { id: string; name: string } | null = null;
    let id = datasetId;
    if (!id) {
      const fileName = uploadOptions.filename ?? sourceName(source);
      const datasetName = name ?? (fileName ? baseName(fileName) : undefined);
      if (!datasetName) {
        throw new ModelGraphError('BAD_USER_INPUT', 'uploadDataset needs `datasetId`, or `name` for a new dataset', { extensions: { field: 'name' } });
      }
      const created = await this.datasets.create({ name: datasetName, description: description ?? null });
      dataset = { id: created.id, name: created.name };
      id = created.id;
    }
    try {
      const version = await this.datasets.upload(id, source, { ...uploadOptions, filename: uploadOptions.filename ?? sourceName(source) });
      return { ...version, dataset };
    } catch (error) {
      // Do not leave behind an empty dataset this call created.
      if (dataset) await this.datasets.delete(dataset.id).catch(() => undefined);
      throw error;
    }
  }

  // ------------------------------------------------------------------ models

  readonly models = {
    list: async (args: PageArgs = {}): Promise<Page<ModelSummary>> => page((await this.request(ops.ModelsDocument, args)).models),
    all: (args: { pageSize?: number } = {}): AsyncGenerator<ModelSummary> =>
      paginate((after) => this.models.list({ first: args.pageSize ?? 50, after })),
    get: async (id: string): Promise<Model> => (await this.request(ops.ModelDocument, { id })).model,
    create: async (input: CreateModelInput): Promise<Model> => (await this.request(ops.CreateModelDocument, { input })).createModel.model,
    /** Checks a definition without saving it. */
    validate: async (input: CreateModelInput): Promise<ModelValidation> => (await this.request(ops.ValidateModelDocument, { input })).validateModel,
    versions: async (modelId: string, args: PageArgs = {}): Promise<Page<ModelVersion>> =>
      page((await this.request(ops.ModelVersionsDocument, { id: modelId, ...args })).model.versions),
  };

  // -------------------------------------------------------------------- runs

  readonly runs = {
    list: async (args: PageArgs & { modelId?: string; status?: RunStatus } = {}): Promise<Page<RunSummary>> =>
      page((await this.request(ops.RunsDocument, args)).runs),
    all: (args: { modelId?: string; status?: RunStatus; pageSize?: number } = {}): AsyncGenerator<RunSummary> =>
      paginate((after) => this.runs.list({ modelId: args.modelId, status: args.status, first: args.pageSize ?? 50, after })),
    get: async (id: string): Promise<Run> => (await this.request(ops.RunDocument, { id })).run,
    /** Queues a run and returns at once; `train` also gives a handle to follow it. */
    start: async (modelId: string): Promise<RunSummary> => (await this.request(ops.StartRunDocument, { input: { modelId } })).startRun.run,
    cancel: async (runId: string): Promise<RunSummary> => (await this.request(ops.CancelRunDocument, { input: { runId } })).cancelRun.run,
    compare: async (ids: string[]): Promise<RunComparison> => (await this.request(ops.CompareRunsDocument, { ids })).compareRuns,
    /** A handle on an existing run: iterate its epochs, `done()`, `cancel()`. */
    watch: (runId: string, options: WatchOptions = {}): TrainingRun => new TrainingRun(this.#trainingDeps(), runId, options),
  };

  #trainingDeps() {
    return {
      listen: this.#subscriptions.listen.bind(this.#subscriptions),
      fetchRun: (id: string) => this.runs.get(id),
      cancelRun: (id: string) => this.runs.cancel(id),
    };
  }

  /**
   * Starts training a model and returns a handle: `for await (const epoch of run)` follows the
   * epochs live, `await run.done()` gives the final run, `await run.cancel()` stops it.
   */
  async train(options: TrainOptions): Promise<TrainingRun> {
    const { modelId, ...watch } = options;
    const run = await this.runs.start(modelId);
    return new TrainingRun(this.#trainingDeps(), run.id, { ...watch, initial: run });
  }

  // --------------------------------------------------------------- inference

  /**
   * Predicts for named records (keyed by the dataset's column names) or raw tensor rows. The result
   * pairs each input, typed as given, with its prediction.
   */
  predict<R extends PredictRecord>(args: PredictRecordsArgs<R>, options?: RequestOptions): Promise<PredictOutput<R>>;
  predict(args: PredictTensorsArgs, options?: RequestOptions): Promise<PredictOutput<Tensor>>;
  async predict(args: PredictRecordsArgs<PredictRecord> | PredictTensorsArgs, options: RequestOptions = {}): Promise<PredictOutput<unknown>> {
    const input = {
      modelId: args.modelId,
      ...(args.alias !== undefined ? { alias: args.alias } : {}),
      ...(args.version !== undefined ? { version: args.version } : {}),
      ...(args.records ? { records: [...args.records] } : {}),
      ...(args.tensors ? { tensors: args.tensors.map((row) => [...row]) } : {}),
    };
    const { predict } = await this.request(ops.PredictDocument, { input }, options);
    const inputs: readonly unknown[] = args.records ?? args.tensors ?? [];
    return {
      modelVersion: predict.modelVersion,
      predictions: predict.predictions,
      results: predict.predictions.map((prediction, i) => ({ input: inputs[i], prediction })),
    };
  }

  readonly registry = {
    /** A model's aliases, batching settings and versions with their ONNX artifacts and signatures. */
    get: async (modelId: string, args: { versions?: number } = {}): Promise<ModelRegistry> =>
      (await this.request(ops.ModelRegistryDocument, { id: modelId, first: args.versions })).model,
    /** Points an alias at a version; GATE_FAILED when its gate does not hold. */
    setAlias: async (input: SetAliasInput): Promise<ModelAlias> => (await this.request(ops.SetAliasDocument, { input })).setAlias.alias,
    deleteAlias: async (input: { modelId: string; name: string }): Promise<string> =>
      (await this.request(ops.DeleteAliasDocument, { input })).deleteAlias.deletedName,
    /** Imports an ONNX model from its bytes (small files; the server validates it in isolation). */
    importOnnx: async (
      input: Omit<ImportOnnxModelInput, 'fileBase64'> & ({ file: Uint8Array | ArrayBuffer; fileBase64?: never } | { fileBase64: string; file?: never }),
    ): Promise<ImportOnnxModelMutation['importOnnxModel']> => {
      const { file, fileBase64, ...rest } = input;
      const base64 = fileBase64 ?? toBase64(file instanceof ArrayBuffer ? new Uint8Array(file) : file!);
      return (await this.request(ops.ImportOnnxModelDocument, { input: { ...rest, fileBase64: base64 } })).importOnnxModel;
    },
    updateBatching: async (input: UpdateBatchingInput): Promise<ModelRegistry['batching']> =>
      (await this.request(ops.UpdateBatchingDocument, { input })).updateBatching.model.batching,
  };

  // ----------------------------------------------------------------- tenancy

  readonly keys = {
    list: async (args: PageArgs & { includeRevoked?: boolean } = {}): Promise<Page<ApiKey>> => page((await this.request(ops.ApiKeysDocument, args)).apiKeys),
    all: (args: { includeRevoked?: boolean; pageSize?: number } = {}): AsyncGenerator<ApiKey> =>
      paginate((after) => this.keys.list({ includeRevoked: args.includeRevoked, first: args.pageSize ?? 50, after })),
    /** Creates a key; `secret` is shown only here. */
    create: async (input: { name: string; scopes: ApiKeyScope[]; expiresAt?: string | Date | null }): Promise<{ apiKey: ApiKey; secret: string }> => {
      const expiresAt = input.expiresAt instanceof Date ? input.expiresAt.toISOString() : input.expiresAt;
      return (await this.request(ops.CreateApiKeyDocument, { input: { ...input, expiresAt } })).createApiKey;
    },
    revoke: async (id: string): Promise<ApiKey> => (await this.request(ops.RevokeApiKeyDocument, { input: { id } })).revokeApiKey.apiKey,
  };

  readonly tenants = {
    /** Creates a tenant and its first ADMIN key (operator key only). */
    create: async (input: { name: string; adminKeyName?: string }) => (await this.request(ops.CreateTenantDocument, { input })).createTenant,
  };
}

/** Creates a client: `createClient({ url, apiKey })`. */
export function createClient(options: ClientOptions): ModelGraphClient {
  return new ModelGraphClient(options);
}
