/**
 * Picks the tfjs backend for a run: native TensorFlow (`@tensorflow/tfjs-node`) when it is installed,
 * else WebAssembly when every layer has wasm gradient kernels, else the pure-JS cpu backend.
 *
 * tfjs keeps ONE active backend per process, so runs in one process must not overlap: the worker
 * trains one model at a time and calls `selectBackend` before each run.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tfjs from '@tensorflow/tfjs';
import type { LayerType } from './spec.ts';
import type { Tf } from './build.ts';
import type { ResolvedModel } from './validate.ts';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface SelectedBackend {
  name: BackendName;
  tf: Tf;
  /** Why this backend: recorded with the run. */
  reason: string;
}

/**
 * Layer types whose forward AND backward kernels exist in tfjs-backend-wasm 4.22, verified by
 * training each on wasm in backend.test.ts. Missing: Conv2DBackpropFilter (conv2d) and
 * UnsortedSegmentSum (the gradient of the embedding's gather). LSTM/GRU/SimpleRNN do train on wasm,
 * give the same losses as cpu for the same seed, and run 2–5x faster there.
 */
export const WASM_TRAINABLE_LAYERS: ReadonlySet<LayerType> = new Set<LayerType>([
  'dense', 'dropout', 'batchNorm', 'activation', 'flatten', 'reshape', 'maxPool2d', 'avgPool2d', 'globalAveragePool', 'lstm', 'gru', 'simpleRNN',
]);

/** Layer types of the model that cannot be trained on wasm (distinct, in order of appearance). */
export function wasmUnsupportedLayers(resolved: Pick<ResolvedModel, 'layers'>): LayerType[] {
  return [...new Set(resolved.layers.map((l) => l.type).filter((t) => !WASM_TRAINABLE_LAYERS.has(t)))];
}

// Each is initialised at most once per process; later runs only switch with tf.setBackend.
let nativePromise: Promise<Tf | null> | undefined;
let wasmPromise: Promise<boolean> | undefined;

async function loadNative(): Promise<Tf | null> {
  // A variable specifier: the package is optional, so neither tsc nor the bundler may resolve it.
  const specifier = '@tensorflow/tfjs-node';
  try {
    const mod = (await import(specifier)) as Tf & { default?: Tf };
    const tf = mod.default && typeof mod.default.setBackend === 'function' ? mod.default : mod;
    return (await tf.setBackend('tensorflow')) ? tf : null;
  } catch {
    return null;
  }
}

async function initWasm(): Promise<boolean> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // The .wasm binaries ship in the package; point the loader at them instead of a CDN.
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    wasm.setWasmPaths(dir + path.sep);
    return await tfjs.setBackend('wasm');
  } catch {
    return false;
  }
}

export interface SelectBackendOptions {
  /** Try `@tensorflow/tfjs-node` first (default true). */
  allowNative?: boolean;
  /** Force a pure-JS backend (tests, ops overrides); wasm still falls back to cpu when it cannot train the model. */
  force?: 'wasm' | 'cpu';
}

/** Chooses, initialises and activates the backend for one run. */
export async function selectBackend(resolved: Pick<ResolvedModel, 'layers'>, opts: SelectBackendOptions = {}): Promise<SelectedBackend> {
  if (opts.allowNative !== false && opts.force === undefined) {
    nativePromise ??= loadNative();
    const native = await nativePromise;
    if (native && (await native.setBackend('tensorflow'))) {
      return { name: 'tensorflow', tf: native, reason: '@tensorflow/tfjs-node is installed' };
    }
  }
  const unsupported = wasmUnsupportedLayers(resolved);
  if (opts.force !== 'cpu' && unsupported.length === 0) {
    wasmPromise ??= initWasm();
    if ((await wasmPromise) && (await tfjs.setBackend('wasm'))) {
      await tfjs.ready();
      return { name: 'wasm', tf: tfjs, reason: opts.force === 'wasm' ? 'forced' : 'every layer has wasm gradient kernels' };
    }
    await activateCpu();
    return { name: 'cpu', tf: tfjs, reason: 'the wasm backend failed to initialise' };
  }
  await activateCpu();
  const reason =
    opts.force === 'cpu' ? 'forced' : `wasm has no gradient kernels for ${unsupported.join(', ')}`;
  return { name: 'cpu', tf: tfjs, reason };
}

async function activateCpu(): Promise<void> {
  if (!(await tfjs.setBackend('cpu'))) throw new Error('the tfjs cpu backend failed to initialise');
  await tfjs.ready();
}
