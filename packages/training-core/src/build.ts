/**
 * Builds a tfjs Sequential model from a resolved spec. Only standard tfjs-layers classes with their
 * default activations are used, so the ONNX exporter can map every layer; layer names are fixed
 * (`l<i>_<type>`, `output`) so the saved topology does not depend on a process-wide name counter.
 */
import type * as TfNs from '@tensorflow/tfjs';
import { createPrng } from './random.ts';
import type { LayerSpec } from './spec.ts';
import type { ResolvedModel } from './validate.ts';

export type Tf = typeof TfNs;
type Layer = TfNs.layers.Layer;

/** Name of the tfjs layer built for `resolved.layers[i]` (the last one is the output layer). */
export function layerName(resolved: ResolvedModel, i: number): string {
  return i === resolved.layers.length - 1 ? 'output' : `l${i}_${resolved.layers[i]!.type}`;
}

/**
 * Weight initialisers are seeded per layer from `seed` (glorot-uniform kernels, orthogonal recurrent
 * kernels and uniform embeddings, as the tfjs defaults), so the same seed gives the same weights.
 */
export function buildModel(tf: Tf, resolved: ResolvedModel, seed: number): TfNs.Sequential {
  const prng = createPrng(seed ^ 0x5eed5eed);
  const model = tf.sequential({ name: 'model' });
  resolved.layers.forEach((spec, i) => {
    const inputShape = i === 0 ? resolved.featureShape : (resolved.shapes[i - 1]!.outputShape.slice(1) as number[]);
    const layers = makeLayers(tf, spec, layerName(resolved, i), inputShape, i === 0 ? { inputShape } : {}, () => prng.nextUint32());
    for (const layer of layers) model.add(layer);
  });
  return model;
}

function makeLayers(tf: Tf, spec: LayerSpec, name: string, inputShape: number[], first: { inputShape?: number[] }, nextSeed: () => number): Layer[] {
  const L = tf.layers;
  const base = { ...first, name };
  // LeakyReLU is a layer in tfjs, not an activation: build the linear layer, then a LeakyReLU.
  const leaky = 'activation' in spec && spec.activation === 'leakyReLU';
  const activation = 'activation' in spec && spec.activation && spec.activation !== 'leakyReLU' ? { activation: spec.activation } : {};
  const withLeaky = (layer: Layer): Layer[] => (leaky ? [layer, L.leakyReLU({ name: `${name}_leaky` })] : [layer]);
  const glorot = () => tf.initializers.glorotUniform({ seed: nextSeed() });

  switch (spec.type) {
    case 'dense':
      return withLeaky(L.dense({ ...base, units: spec.units, ...activation, kernelInitializer: glorot() }));
    case 'dropout':
      return [L.dropout({ ...base, rate: spec.rate })];
    case 'batchNorm':
      return [L.batchNormalization(base)];
    case 'conv2d':
      return withLeaky(
        L.conv2d({
          ...base,
          filters: spec.filters,
          kernelSize: spec.kernelSize,
          strides: spec.strides ?? 1,
          padding: spec.padding ?? 'valid',
          ...activation,
          kernelInitializer: glorot(),
        }),
      );
    case 'maxPool2d':
    case 'avgPool2d': {
      const args = { ...base, poolSize: spec.poolSize, padding: spec.padding ?? 'valid', ...(spec.strides !== undefined && { strides: spec.strides }) };
      return [spec.type === 'maxPool2d' ? L.maxPooling2d(args) : L.averagePooling2d(args)];
    }
    case 'flatten':
      return [L.flatten(base)];
    case 'globalAveragePool':
      return [inputShape.length === 3 ? L.globalAveragePooling2d(base) : L.globalAveragePooling1d(base)];
    case 'embedding': {
      const embeddingsInitializer = tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: nextSeed() });
      return [L.embedding({ ...base, inputDim: spec.inputDim!, outputDim: spec.outputDim, embeddingsInitializer })];
    }
    case 'lstm':
    case 'gru':
    case 'simpleRNN': {
      const args = {
        ...base,
        units: spec.units,
        returnSequences: spec.returnSequences ?? false,
        kernelInitializer: glorot(),
        recurrentInitializer: tf.initializers.orthogonal({ seed: nextSeed() }),
      };
      return [spec.type === 'lstm' ? L.lstm(args) : spec.type === 'gru' ? L.gru(args) : L.simpleRNN(args)];
    }
    case 'activation':
      return [leaky ? L.leakyReLU(base) : L.activation({ ...base, activation: spec.activation as Exclude<typeof spec.activation, 'leakyReLU'> })];
    case 'reshape':
      return [L.reshape({ ...base, targetShape: spec.targetShape })];
  }
}
