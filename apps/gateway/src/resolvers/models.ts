import { createLoaders, type GraphQLContext } from '../context.ts';
import type { Resolvers } from '../generated/graphql.ts';
import { notFound } from '../errors.ts';
import {
  createModel,
  getModel,
  layersOf,
  listModelVersions,
  listModels,
  validateModel,
} from '../services/models.ts';
import { getDatasetVersion } from '../services/datasets/index.ts';
import {
  cancelRun,
  compareRuns,
  getRun,
  listRuns,
  parseEvaluation,
  runEpochs,
  runProgress,
  startRun,
  type RunProgressEvent,
} from '../services/runs.ts';

export const modelResolvers: Resolvers = {
  Query: {
    models: (_p, args, ctx) => listModels(ctx.services, args),
    model: (_p, { id }, ctx) => getModel(ctx.services, id),
    run: (_p, { id }, ctx) => getRun(ctx.services, id),
    runs: (_p, args, ctx) => listRuns(ctx.services, args),
    compareRuns: (_p, { ids }, ctx) => compareRuns(ctx.services, ids),
    validateModel: (_p, { input }, ctx) => validateModel(ctx.services, input),
  },
  Mutation: {
    createModel: async (_p, { input }, ctx) => ({ model: await createModel(ctx.services, input) }),
    startRun: async (_p, { input }, ctx) => ({ run: await startRun(ctx.services, input.modelId) }),
    cancelRun: async (_p, { input }, ctx) => ({ run: await cancelRun(ctx.services, input.runId) }),
  },
  Subscription: {
    runProgress: {
      subscribe: (_p, { runId, afterEpoch }, ctx) => runProgress(ctx.services, runId, afterEpoch) as never,
      // One context lives as long as the subscription: give each event fresh loaders so it never
      // sees values cached by an earlier event (e.g. the model version that appears at the end).
      resolve: (event: RunProgressEvent, _args: unknown, ctx: GraphQLContext) => {
        ctx.loaders = createLoaders(ctx.services);
        return event as never;
      },
    },
  },
  Model: {
    datasetVersion: (model, _args, ctx) => (model.datasetVersionId ? getDatasetVersion(ctx.services, model.datasetVersionId) : null),
    layers: async (model, _args, ctx) => {
      const resolved = await ctx.loaders.resolvedModel.load(model);
      return resolved ? layersOf(resolved) : [];
    },
    loss: async (model, _args, ctx) => (await ctx.loaders.resolvedModel.load(model))?.loss ?? 'unknown',
    runs: (model, args, ctx) => listRuns(ctx.services, { ...args, modelId: model.id }),
    versions: (model, args, ctx) => listModelVersions(ctx.services, model.id, args),
  },
  Run: {
    model: async (run, _args, ctx) => {
      const model = await ctx.loaders.model.load(run.modelDefinitionId);
      if (!model) throw notFound('Model', run.modelDefinitionId);
      return model;
    },
    epochs: (run, _args, ctx) => runEpochs(ctx.services, run),
    plannedEpochs: async (run, _args, ctx) => {
      const model = await ctx.loaders.model.load(run.modelDefinitionId);
      const epochs = (model?.spec as { epochs?: unknown } | undefined)?.epochs;
      return typeof epochs === 'number' ? epochs : 0;
    },
    evaluation: (run) => parseEvaluation(run.evaluation),
    modelVersion: (run, _args, ctx) => ctx.loaders.modelVersionByRun.load(run.id),
  },
  RunEpoch: {
    metrics: (epoch) => epoch.metrics,
  },
  ModelVersion: {
    model: async (version, _args, ctx) => {
      const model = await ctx.loaders.model.load(version.modelDefinitionId);
      if (!model) throw notFound('Model', version.modelDefinitionId);
      return model;
    },
    run: (version, _args, ctx) => (version.runId ? getRun(ctx.services, version.runId) : null),
    evaluation: (version) => parseEvaluation(version.evaluation),
  },
  Evaluation: {
    raw: (evaluation) => evaluation,
    labels: (evaluation) => evaluation.labels ?? null,
    perClass: (evaluation) => evaluation.perClass ?? null,
    confusionMatrix: (evaluation) => evaluation.confusionMatrix ?? null,
    mse: (e) => e.mse ?? null,
    mae: (e) => e.mae ?? null,
    r2: (e) => e.r2 ?? null,
    accuracy: (e) => e.accuracy ?? null,
    macroF1: (e) => e.macroF1 ?? null,
    rocAuc: (e) => e.rocAuc ?? null,
  },
};
