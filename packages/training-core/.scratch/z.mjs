import { z } from 'zod';
const L = z.discriminatedUnion('type', [z.strictObject({type: z.literal('dense'), units: z.number().int()}), z.strictObject({type: z.literal('flatten')})]);
const A = z.union([z.strictObject({layers: z.array(L)}), z.discriminatedUnion('preset', [z.strictObject({preset: z.literal('mlp'), hiddenUnits: z.array(z.number()).optional()}), z.strictObject({preset: z.literal('cnn')})])]);
const S = z.strictObject({ architecture: A, optimizer: z.strictObject({type: z.enum(['sgd','adam']).default('adam'), learningRate: z.number().optional()}).prefault({}) });
for (const inp of [{architecture:{layers:[{type:'dense'}]}}, {architecture:{layers:[{type:'foo'}]}}, {architecture:{preset:'mlp', hiddenUnits:['a']}}, {architecture:{preset:'xx'}}, {architecture:{layers:[]}, extra: 1}, {architecture: {layers:[{type:'dense', units: 2}]}}]) {
  const r = S.safeParse(inp);
  console.log(JSON.stringify(r.success ? r.data : r.error.issues, null, 0));
}
