import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
const require = createRequire(import.meta.url);
const p = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
setWasmPaths(path.dirname(p) + '/');
const backend = process.argv[2] ?? 'wasm';
await tf.setBackend(backend);
const L = tf.layers;
const cases = {
  dense: () => [[4], [L.dense({units:3, inputShape:[4]})]],
  dropout: () => [[4], [L.dense({units:3, inputShape:[4]}), L.dropout({rate:0.5})]],
  batchNorm: () => [[4], [L.dense({units:3, inputShape:[4]}), L.batchNormalization()]],
  flatten: () => [[2,2], [L.flatten({inputShape:[2,2]})]],
  conv2d: () => [[6,6,1], [L.conv2d({filters:2,kernelSize:3,inputShape:[6,6,1]}), L.flatten()]],
  conv2dSame: () => [[6,6,1], [L.conv2d({filters:2,kernelSize:3,padding:'same',strides:2,inputShape:[6,6,1]}), L.flatten()]],
  maxPool: () => [[6,6,1], [L.maxPooling2d({poolSize:2,inputShape:[6,6,1]}), L.flatten()]],
  avgPool: () => [[6,6,1], [L.averagePooling2d({poolSize:2,inputShape:[6,6,1]}), L.flatten()]],
  gap: () => [[6,6,2], [L.globalAveragePooling2d({inputShape:[6,6,2]})]],
  gap1d: () => [[6,2], [L.globalAveragePooling1d({inputShape:[6,2]})]],
  embedding: () => [[5], [L.embedding({inputDim:10,outputDim:3,inputLength:5}), L.flatten()]],
  lstm: () => [[5,2], [L.lstm({units:3, inputShape:[5,2]})]],
  gru: () => [[5,2], [L.gru({units:3, inputShape:[5,2]})]],
  simpleRNN: () => [[5,2], [L.simpleRNN({units:3, inputShape:[5,2]})]],
};
for (const a of ['relu','sigmoid','tanh','softmax','elu','selu','softplus','softsign','relu6','hardSigmoid','swish','linear']) {
  cases['act_'+a] = () => [[4], [L.dense({units:3, inputShape:[4]}), L.activation({activation:a})]];
}
cases['leakyReLU'] = () => [[4], [L.dense({units:3, inputShape:[4]}), L.leakyReLU()]];
const results = {};
for (const [name, mk] of Object.entries(cases)) {
  for (const [opt, loss] of [['adam','meanSquaredError']]) {
    try {
      const [shape, layers] = mk();
      const m = tf.sequential({layers: [...layers, L.dense({units:1})]});
      m.compile({optimizer:opt, loss});
      const x = name==='embedding' ? tf.randInt([8,...shape],0,10).toFloat() : tf.randomNormal([8,...shape]);
      const y = tf.randomNormal([8,1]);
      await m.fit(x,y,{epochs:1,batchSize:4,verbose:0});
      const pr = m.predict(x); pr.dispose();
      results[name] = 'ok';
      x.dispose(); y.dispose(); m.dispose();
    } catch (e) { results[name] = 'FAIL: ' + String(e.message).slice(0,120); }
  }
}
// losses and optimizers on dense
for (const loss of ['meanSquaredError','meanAbsoluteError','binaryCrossentropy','categoricalCrossentropy','sparseCategoricalCrossentropy']) {
  for (const optf of [['sgd',()=>tf.train.sgd(0.1)],['momentum',()=>tf.train.momentum(0.1,0.9)],['adam',()=>tf.train.adam(0.01)],['rmsprop',()=>tf.train.rmsprop(0.01)]]) {
    try {
      const out = loss.includes('ategorical') ? 3 : 1;
      const m = tf.sequential({layers:[L.dense({units:4,inputShape:[3],activation:'relu'}), L.dense({units:out, activation: loss==='meanSquaredError'||loss==='meanAbsoluteError'?'linear': out===1?'sigmoid':'softmax'})]});
      m.compile({optimizer:optf[1](), loss, metrics: out===1 && loss==='binaryCrossentropy' ? ['accuracy'] : loss.includes('ategorical') ? ['accuracy'] : []});
      const x = tf.randomNormal([8,3]);
      const y = loss==='categoricalCrossentropy' ? tf.oneHot(tf.tensor1d([0,1,2,0,1,2,0,1],'int32'),3).toFloat() : loss==='sparseCategoricalCrossentropy' ? tf.tensor2d([0,1,2,0,1,2,0,1],[8,1]) : tf.randomUniform([8,1]).round();
      const h = await m.fit(x,y,{epochs:1,batchSize:4,verbose:0, validationData:[x,y]});
      results[loss+'/'+optf[0]] = 'ok ' + Object.keys(h.history).join(',');
    } catch (e) { results[loss+'/'+optf[0]] = 'FAIL: ' + String(e.message).slice(0,120); }
  }
}
console.log(backend, tf.getBackend());
console.table(results);
console.log(tf.memory().numTensors);
