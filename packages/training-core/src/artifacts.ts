/**
 * Model (de)serialisation in the standard tfjs layers format: `modelJson` is exactly what
 * `model.json` holds (topology + weights manifest pointing at `weights.bin`), `weights` the
 * concatenated weight bytes. Written to disk side by side they load with `tf.loadLayersModel`.
 */
import * as tfjs from '@tensorflow/tfjs';
import type * as TfNs from '@tensorflow/tfjs';
import type { Tf } from './build.ts';

export const WEIGHTS_FILE = 'weights.bin';

export interface ModelArtifacts {
  /** The `model.json` document (JSON-serialisable). */
  modelJson: {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: TfNs.io.WeightsManifestEntry[] }[];
    format?: string;
    generatedBy?: string;
    convertedBy?: string | null;
  };
  weights: Buffer;
}

/** Serialises the topology and weights (no optimiser state) without touching the file system. */
export async function serializeModel(model: TfNs.LayersModel): Promise<ModelArtifacts> {
  let captured: TfNs.io.ModelArtifacts | undefined;
  // withSaveHandler only wraps a callback, so it works for models of any tfjs instance (tfjs-node too).
  await model.save(
    tfjs.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!captured?.modelTopology || !captured.weightSpecs) throw new Error('the model did not produce a topology and weights');
  const data = captured.weightData;
  const parts = data === undefined ? [] : Array.isArray(data) ? data : [data];
  const weights = Buffer.concat(parts.map((p) => Buffer.from(p)));
  return {
    modelJson: {
      modelTopology: captured.modelTopology as object,
      weightsManifest: [{ paths: [WEIGHTS_FILE], weights: captured.weightSpecs }],
      format: captured.format ?? 'layers-model',
      generatedBy: captured.generatedBy ?? '',
      convertedBy: captured.convertedBy ?? null,
    },
    weights,
  };
}

/** Loads a model saved by {@link serializeModel} (or any single-file tfjs layers model). */
export async function loadModel(tf: Tf, artifacts: { modelJson: ModelArtifacts['modelJson'] | object; weights: Uint8Array }): Promise<TfNs.LayersModel> {
  const json = artifacts.modelJson as ModelArtifacts['modelJson'];
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) throw new Error('modelJson is not a tfjs layers model.json');
  const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
  const w = artifacts.weights;
  // Copy: a Buffer may be a view into a larger pooled ArrayBuffer.
  const weightData = w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData }));
}
