import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
const require = createRequire(import.meta.url);
setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
const L = tf.layers;
const models = {
  mlp: () => [[20], [L.dense({units:64, inputShape:[20], activation:'relu'}), L.dense({units:64, activation:'relu'})], 2000],
  lstm: () => [[20,4], [L.lstm({units:32, inputShape:[20,4]})], 300],
  gru: () => [[20,4], [L.gru({units:32, inputShape:[20,4]})], 300],
};
for (const backend of ['cpu','wasm','cpu','wasm']) {
  await tf.setBackend(backend);
  for (const [name, mk] of Object.entries(models)) {
    const [shape, layers, n] = mk();
    const m = tf.sequential({layers: [...layers, L.dense({units:1})]});
    m.compile({optimizer:'adam', loss:'meanSquaredError'});
    const x = tf.randomNormal([n, ...shape]); const y = tf.randomNormal([n,1]);
    const t = performance.now();
    await m.fit(x,y,{epochs:3,batchSize:32,verbose:0});
    console.log(backend, name, (performance.now()-t).toFixed(0), 'ms');
    x.dispose(); y.dispose(); m.dispose();
  }
}
