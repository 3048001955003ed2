import type { ModelVersion } from '@modelgraph/db';
import type { Resolvers } from '../generated/graphql.ts';
import { AppError } from '../errors.ts';
import { decodeBase64File, importOnnxModel, type ImportOnnxInput } from '../services/import.ts';
import { parseSignature } from '../services/inference.ts';
import { aliasNamesOf, batchingOf, deleteAlias, gateOf, getModelVersionById, listAliases, setAlias, updateBatching } from '../services/registry.ts';

const upper = <T extends string>(v: T) => v.toUpperCase() as Uppercase<T>;

function signatureOf(version: ModelVersion) {
  const signature = parseSignature(version.signature);
  if (!signature) return null;
  return {
    inputs: signature.inputs.map((t) => ({ name: t.name, type: upper(t.type), shape: t.shape })),
    outputs: signature.outputs.map((t) => ({ name: t.name, type: upper(t.type), shape: t.shape })),
    recordFields: signature.recordFields?.map((f) => ({ name: f.name, kind: upper(f.kind), categories: f.categories ?? null })) ?? null,
    featureShape: signature.featureShape ?? null,
    featureNames: signature.featureNames ?? null,
    labels: signature.labels ?? null,
  };
}

export const registryResolvers: Resolvers = {
  Query: {
    predict: (_p, { input }, ctx) => {
      const inference = ctx.services.platform.inference;
      if (!inference) throw new AppError('SERVICE_UNAVAILABLE', 'inference is not enabled on this gateway');
      return inference.predict(ctx.services, input);
    },
  },
  Mutation: {
    setAlias: async (_p, { input }, ctx) => ({ alias: await setAlias(ctx.services, input) }),
    deleteAlias: async (_p, { input }, ctx) => ({ deletedName: await deleteAlias(ctx.services, input.modelId, input.name) }),
    importOnnxModel: async (_p, { input }, ctx) => {
      const { fileBase64, ...declared } = input;
      const { model, version } = await importOnnxModel(ctx.services, declared as ImportOnnxInput, decodeBase64File(fileBase64));
      return { model, modelVersion: version };
    },
    updateBatching: async (_p, { input }, ctx) => ({ model: await updateBatching(ctx.services, input) }),
  },
  Model: {
    aliases: (model, _args, ctx) => listAliases(ctx.services, model.id),
    batching: (model) => batchingOf(model),
  },
  ModelAlias: {
    modelVersion: (alias, _args, ctx) => getModelVersionById(ctx.services, alias.modelVersionId),
    gate: (alias) => gateOf(alias),
  },
  ModelVersion: {
    onnx: (version) =>
      version.onnxSha256 && version.onnxSizeBytes !== null
        ? { sha256: version.onnxSha256, sizeBytes: Number(version.onnxSizeBytes), opset: 17 }
        : null,
    signature: (version) => signatureOf(version) as never,
    aliases: (version, _args, ctx) => aliasNamesOf(ctx.services, version.id),
  },
};
