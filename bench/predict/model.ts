// bench/predict: the model every server serves. A tabular classifier of the shape the platform trains: an MLP
// 7 → dense 16 relu → dense 3 softmax on the vega-datasets penguins (4 standardised measurements + the island
// one-hot; 3 species), trained briefly with seeded weights and no shuffling (so deterministic), then exported
// through the platform's own exporter (`exportToOnnx`, tensor form: one float input `features` [N, 7], outputs
// `probabilities` [N, 3] and `label_index` [N]).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportToOnnx, type LayersModelLike } from '@modelgraph/onnx-export';

export const LABELS = ['Adelie', 'Chinstrap', 'Gentoo'];
const NUMERIC = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];
const ISLANDS = ['Biscoe', 'Dream', 'Torgersen'];
export const FEATURE_NAMES = [...NUMERIC, ...ISLANDS.map((i) => `Island=${i}`)];
export const FEATURES = FEATURE_NAMES.length;

export interface BuiltModel {
  bytes: Uint8Array;
  featureNames: string[];
  labels: string[];
  /** Rows of the (standardised) feature matrix, for request bodies. */
  sampleRows: number[][];
  trainAccuracy: number;
  rows: number;
  onnxInputs: string;
  onnxOutputs: string;
}

type Penguin = Record<string, string | number | null>;

function penguins(): Penguin[] {
  const dataDir = path.join(path.dirname(fileURLToPath(import.meta.resolve('vega-datasets'))), '..', 'data');
  return JSON.parse(readFileSync(path.join(dataDir, 'penguins.json'), 'utf8')) as Penguin[];
}

export async function buildModel(): Promise<BuiltModel> {
  const tf = await import('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  await tf.ready();

  const records = penguins().filter((r) => NUMERIC.every((c) => typeof r[c] === 'number') && LABELS.includes(String(r.Species)) && ISLANDS.includes(String(r.Island)));
  const means = NUMERIC.map((c) => records.reduce((s, r) => s + (r[c] as number), 0) / records.length);
  const stds = NUMERIC.map((c, i) => Math.sqrt(records.reduce((s, r) => s + ((r[c] as number) - means[i]!) ** 2, 0) / records.length) || 1);
  const x = records.map((r) => [...NUMERIC.map((c, i) => ((r[c] as number) - means[i]!) / stds[i]!), ...ISLANDS.map((i) => (r.Island === i ? 1 : 0))]);
  const y = records.map((r) => LABELS.indexOf(String(r.Species)));

  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [FEATURES], units: 16, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 11 }) }),
      tf.layers.dense({ units: LABELS.length, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 12 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'sparseCategoricalCrossentropy' });
  const xs = tf.tensor2d(x);
  const ys = tf.tensor1d(y, 'float32');
  await model.fit(xs, ys, { epochs: 30, batchSize: 16, shuffle: false, verbose: 0 });
  const predicted = (model.predict(xs) as import('@tensorflow/tfjs').Tensor).argMax(-1).dataSync();
  let correct = 0;
  for (let i = 0; i < y.length; i++) if (predicted[i] === y[i]) correct++;
  xs.dispose();
  ys.dispose();

  const exported = exportToOnnx(model as unknown as LayersModelLike, { task: 'MULTICLASS', featureNames: FEATURE_NAMES });
  model.dispose();
  const fmt = (t: { name: string; type: string; shape: unknown[] }) => `${t.name} ${t.type}[${t.shape.join(', ')}]`;
  // A few real rows of different species, rounded like a client would send them.
  const picks = [0, Math.floor(records.length / 2), records.length - 1];
  return {
    bytes: exported.bytes,
    featureNames: FEATURE_NAMES,
    labels: LABELS,
    sampleRows: picks.map((i) => x[i]!.map((v) => Math.round(v * 1e4) / 1e4)),
    trainAccuracy: correct / y.length,
    rows: records.length,
    onnxInputs: exported.inputs.map(fmt).join(', '),
    onnxOutputs: exported.outputs.map(fmt).join(', '),
  };
}
