import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
const require = createRequire(import.meta.url);
const p = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
setWasmPaths(path.dirname(p) + '/');
const L = tf.layers;
const cases = {
  embedding: () => [[5], [L.embedding({inputDim:10,outputDim:3,inputLength:5, embeddingsInitializer: L.initializers?.glorotUniform?.({seed:1})}), L.flatten()]],
  embLstm: () => [[5], [L.embedding({inputDim:10,outputDim:3}), L.lstm({units:3})]],
  lstmSeq: () => [[5,2], [L.lstm({units:3, inputShape:[5,2], returnSequences:true}), L.gru({units:2}), ]],
  gruSeqGap: () => [[5,2], [L.gru({units:3, inputShape:[5,2], returnSequences:true}), L.globalAveragePooling1d()]],
  rnnSeqFlat: () => [[5,2], [L.simpleRNN({units:3, inputShape:[5,2], returnSequences:true}), L.flatten()]],
  lstmOnly: () => [[5,2], [L.lstm({units:3, inputShape:[5,2], kernelInitializer: tf.initializers.glorotUniform({seed:1}), recurrentInitializer: tf.initializers.orthogonal({seed:2})})]],
  bnConv: () => [[6,6,1], [L.batchNormalization({inputShape:[6,6,1]}), L.maxPooling2d({poolSize:2}), L.flatten()]],
};
async function run(backend) {
  await tf.setBackend(backend);
  const results = {};
  for (const [name, mk] of Object.entries(cases)) {
    try {
      const [shape, layers] = mk();
      if (name.startsWith('emb')) layers.unshift(L.inputLayer({inputShape: shape}));
      const m = tf.sequential({layers: [...layers, L.dense({units:1, kernelInitializer: tf.initializers.glorotUniform({seed:3})})]});
      m.compile({optimizer:tf.train.sgd(0.1), loss:'meanSquaredError'});
      const n = 16;
      const xv = Array.from({length: n*shape.reduce((a,b)=>a*b,1)}, (_, i) => name.startsWith('emb') ? (i*7)%10 : Math.sin(i));
      const x = tf.tensor(xv, [n, ...shape]);
      const y = tf.tensor(Array.from({length:n},(_, i)=>Math.cos(i)), [n,1]);
      const h = await m.fit(x,y,{epochs:3,batchSize:4,verbose:0, shuffle:false});
      results[name] = h.history.loss.map(v=>v.toFixed(6)).join(' ');
      x.dispose(); y.dispose(); m.dispose();
    } catch (e) { results[name] = 'FAIL: ' + String(e.message).slice(0,120); }
  }
  return results;
}
const w = await run('wasm');
const c = await run('cpu');
for (const k of Object.keys(w)) console.log(k.padEnd(12), 'wasm', w[k], '| cpu', c[k]);
