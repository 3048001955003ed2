import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Prisma, type ModelDefinition, type ModelVersion } from '@modelgraph/db';
import { OnnxImportError, validateOnnxModel, type ModelSignature } from '@modelgraph/inference-core';
import { AppError, badInput, conflict } from '../errors.ts';
import { parseInput } from './api-keys.ts';
import { requireScope, type ServiceContext } from './context.ts';

export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;
const VALIDATION_TIMEOUT_MS = 20_000;

const TensorSpecSchema = z.object({
  name: z.string().min(1).max(200),
  type: z.enum(['FLOAT32', 'INT64', 'STRING']),
  shape: z.array(z.number().int().min(-1).nullable()).min(1).max(8),
});

export const ImportOnnxSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    task: z.enum(['REGRESSION', 'BINARY', 'MULTICLASS']),
    inputs: z.array(TensorSpecSchema).length(1, 'declare exactly one input (a float tensor whose first dimension is the batch)'),
    outputs: z.array(TensorSpecSchema).min(1, 'declare at least one output'),
    labels: z.array(z.string()).nullish(),
  })
  .superRefine((input, ctx) => {
    if (input.inputs[0] && input.inputs[0].type !== 'FLOAT32') ctx.addIssue({ code: 'custom', path: ['inputs', 0, 'type'], message: 'the input must be FLOAT32' });
    if (input.task !== 'REGRESSION' && !input.labels?.length) ctx.addIssue({ code: 'custom', path: ['labels'], message: 'classification models need their class labels' });
  });
export type ImportOnnxInput = z.input<typeof ImportOnnxSchema>;

const typeOf = (t: 'FLOAT32' | 'INT64' | 'STRING') => t.toLowerCase() as 'float32' | 'int64' | 'string';
const shapeOf = (shape: (number | null)[]) => shape.map((d) => (d === null || d < 0 ? null : d));

/** Imports an external ONNX file as a new version of an IMPORTED model (created on first import). */
export async function importOnnxModel(ctx: ServiceContext, raw: ImportOnnxInput, bytes: Uint8Array): Promise<{ model: ModelDefinition; version: ModelVersion }> {
  const actor = requireScope(ctx, 'WRITE');
  const input = parseInput(ImportOnnxSchema, raw);
  const declared = {
    inputs: input.inputs.map((t) => ({ name: t.name, type: typeOf(t.type), shape: shapeOf(t.shape) })),
    outputs: input.outputs.map((t) => ({ name: t.name, type: typeOf(t.type), shape: shapeOf(t.shape) })),
  };
  try {
    await validateOnnxModel(bytes, { maxBytes: MAX_IMPORT_BYTES, timeoutMs: VALIDATION_TIMEOUT_MS, declared });
  } catch (error) {
    if (error instanceof OnnxImportError) {
      throw new AppError(error.code === 'TOO_LARGE' ? 'PAYLOAD_TOO_LARGE' : 'BAD_USER_INPUT', error.message, { reason: error.code });
    }
    throw error;
  }
  const existing = await ctx.db.modelDefinition.findFirst({ where: { tenantId: actor.tenantId, name: input.name } });
  if (existing && existing.source !== 'IMPORTED') {
    throw conflict(`a trained model named ${JSON.stringify(input.name)} already exists; import under another name`, { field: 'name' });
  }
  if (existing && existing.task !== input.task) throw badInput(`model ${JSON.stringify(input.name)} is ${existing.task}, not ${input.task}`, { field: 'task' });

  const signature: ModelSignature = {
    task: input.task,
    inputs: declared.inputs,
    outputs: declared.outputs,
    featureShape: declared.inputs[0]!.shape.slice(1).map((d) => d ?? 1),
    ...(input.labels?.length ? { labels: input.labels } : {}),
  };
  const model =
    existing ??
    (await ctx.db.modelDefinition.create({
      data: { tenantId: actor.tenantId, name: input.name, source: 'IMPORTED', task: input.task, spec: { imported: true } },
    }));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const last = await ctx.db.modelVersion.findFirst({ where: { tenantId: actor.tenantId, modelDefinitionId: model.id }, orderBy: { version: 'desc' } });
    const versionNumber = (last?.version ?? 0) + 1;
    const storageKey = `tenants/${actor.tenantId}/models/${model.id}/imports/${sha256}-${versionNumber}.onnx`;
    await ctx.platform.store.put(storageKey, bytes);
    try {
      const version = await ctx.db.modelVersion.create({
        data: {
          tenantId: actor.tenantId,
          modelDefinitionId: model.id,
          version: versionNumber,
          onnxStorageKey: storageKey,
          onnxSha256: sha256,
          onnxSizeBytes: BigInt(bytes.byteLength),
          signature: signature as unknown as Prisma.InputJsonValue,
        },
      });
      ctx.logger.info({ tenantId: actor.tenantId, modelId: model.id, version: versionNumber }, 'ONNX model imported');
      return { model, version };
    } catch (error) {
      await ctx.platform.store.delete(storageKey).catch(() => undefined);
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') continue;
      throw error;
    }
  }
  throw new Error('could not allocate a model version number');
}

export function decodeBase64File(fileBase64: string): Uint8Array {
  if (!/^[A-Za-z0-9+/=\s]*$/.test(fileBase64)) throw badInput('fileBase64 is not base64', { field: 'fileBase64' });
  return new Uint8Array(Buffer.from(fileBase64, 'base64'));
}
