/**
 * tfjs layer → ONNX node translation.
 *
 * Each value flowing between layers is a {@link TensorRef}: the tfjs ("logical") shape plus the
 * physical axis order of the ONNX tensor. tfjs images are NHWC while ONNX Conv/Pool want NCHW, so a
 * conv stack keeps its tensors physically channels-first and only transposes back when a layer needs
 * the tfjs order (Flatten, Dense, Reshape, the graph output). That keeps Flatten-after-Conv identical
 * to tfjs's NHWC flatten order with one Transpose per conv block instead of two per layer.
 */
import { OnnxExportError, type OnnxExportErrorCode } from './errors.ts';
import { DataType, GraphBuilder, attr, type AttrValue } from './graph-builder.ts';
import { floatTensor } from './onnx-proto.ts';
import type { LayerLike, TensorLike } from './tfjs-types.ts';

export type Shape = Array<number | null>;

export interface TensorRef {
  name: string;
  /** tfjs (logical) shape, batch first (null). */
  shape: Shape;
  /** Physical axis i of the ONNX tensor holds logical axis perm[i]. perm[0] is always 0 (batch). */
  perm: number[];
  /** Keras-style timestep mask: bool [N, T] (from Embedding maskZero / Masking). */
  mask?: string;
}

export interface Weight {
  shape: number[];
  data: Float32Array;
}

export interface LayerCtx {
  g: GraphBuilder;
  layer: LayerLike;
  className: string;
  config: Record<string, unknown>;
  /** Weights in getWeights() order. */
  weights: Weight[];
  /** Weights by the last path segment of their variable name (kernel, bias, gamma, …). */
  named: Map<string, Weight>;
}

type Converter = (ctx: LayerCtx, x: TensorRef) => TensorRef;

// ------------------------------------------------------------------------------------------------
// Small utilities
// ------------------------------------------------------------------------------------------------

export function fail(ctx: Pick<LayerCtx, 'layer' | 'className'>, code: OnnxExportErrorCode, message: string): never {
  throw new OnnxExportError(code, `Layer "${ctx.layer.name}" (${ctx.className}): ${message}`, {
    layer: ctx.layer.name,
    className: ctx.className,
  });
}

const identity = (r: number): number[] => Array.from({ length: r }, (_, i) => i);

function invert(perm: number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

function isIdentity(perm: number[]): boolean {
  return perm.every((p, i) => p === i);
}

/** Position in the physical tensor of a (possibly negative) logical axis. */
export function physAxis(x: TensorRef, logicalAxis: number): number {
  const r = x.shape.length;
  const a = logicalAxis < 0 ? logicalAxis + r : logicalAxis;
  const i = x.perm.indexOf(a);
  if (i < 0) throw new RangeError(`axis ${logicalAxis} out of range for rank ${r}`);
  return i;
}

/** Re-lays `x` out physically as `desired` (a perm in the same sense as TensorRef.perm). */
export function toPerm(g: GraphBuilder, x: TensorRef, desired: number[]): TensorRef {
  if (desired.every((d, i) => d === x.perm[i])) return x;
  const inv = invert(x.perm);
  const q = desired.map((d) => inv[d]!);
  const name = g.op1('Transpose', [x.name], { perm: attr.ints(q) });
  return { ...x, name, perm: desired.slice() };
}

export function toLogical(g: GraphBuilder, x: TensorRef): TensorRef {
  return toPerm(g, x, identity(x.shape.length));
}

/** Generic row-major transpose of weight data: out.shape = perm.map(p => shape[p]). */
export function transposeData(data: Float32Array, shape: number[], perm: number[]): Float32Array {
  if (isIdentity(perm)) return data;
  const r = shape.length;
  const strides = new Array<number>(r);
  let s = 1;
  for (let i = r - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  const outShape = perm.map((p) => shape[p]!);
  const out = new Float32Array(data.length);
  const idx = new Array<number>(r).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let i = 0; i < r; i++) src += idx[i]! * strides[perm[i]!]!;
    out[o] = data[src]!;
    for (let i = r - 1; i >= 0; i--) {
      if (++idx[i]! < outShape[i]!) break;
      idx[i] = 0;
    }
  }
  return out;
}

// ---- config readers ----

function cfgNum(ctx: LayerCtx, key: string, dflt: number): number {
  const v = ctx.config[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number') fail(ctx, 'UNSUPPORTED_CONFIG', `config.${key} must be a number, got ${JSON.stringify(v)}`);
  return v;
}

function cfgBool(ctx: LayerCtx, key: string, dflt: boolean): boolean {
  const v = ctx.config[key];
  if (v === undefined || v === null) return dflt;
  return Boolean(v);
}

function cfgStr(ctx: LayerCtx, key: string, dflt: string): string {
  const v = ctx.config[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'string') fail(ctx, 'UNSUPPORTED_CONFIG', `config.${key} must be a string, got ${JSON.stringify(v)}`);
  return v;
}

function cfgTuple(ctx: LayerCtx, key: string, n: number, dflt: number): number[] {
  const v = ctx.config[key];
  if (v === undefined || v === null) return new Array<number>(n).fill(dflt);
  if (typeof v === 'number') return new Array<number>(n).fill(v);
  if (Array.isArray(v) && v.every((e) => typeof e === 'number')) {
    if (v.length === n) return v as number[];
    if (v.length === 1) return new Array<number>(n).fill(v[0] as number);
  }
  return fail(ctx, 'UNSUPPORTED_CONFIG', `config.${key} must be a number or ${n} numbers, got ${JSON.stringify(v)}`);
}

function weight(ctx: LayerCtx, key: string): Weight {
  const w = ctx.named.get(key);
  if (!w) fail(ctx, 'UNSUPPORTED_CONFIG', `missing weight "${key}" (has ${[...ctx.named.keys()].join(', ') || 'none'})`);
  return w;
}

function optWeight(ctx: LayerCtx, key: string): Weight | undefined {
  return ctx.named.get(key);
}

export function readWeights(layer: LayerLike): { list: Weight[]; named: Map<string, Weight> } {
  const tensors: TensorLike[] = layer.getWeights();
  const list = tensors.map((t) => ({ shape: Array.from(t.shape), data: Float32Array.from(t.dataSync()) }));
  const named = new Map<string, Weight>();
  const vars = layer.weights ?? [];
  list.forEach((w, i) => {
    const v = vars[i];
    const full = v?.originalName ?? v?.name;
    if (full) {
      const key = full.split('/').pop()!.replace(/:\d+$/, '');
      if (!named.has(key)) named.set(key, w);
    }
  });
  return { list, named };
}

function staticDim(ctx: LayerCtx, x: TensorRef, logicalAxis: number, what: string): number {
  const r = x.shape.length;
  const d = x.shape[logicalAxis < 0 ? logicalAxis + r : logicalAxis];
  if (typeof d !== 'number') fail(ctx, 'UNSUPPORTED_TOPOLOGY', `${what} must have a static size`);
  return d;
}

// ------------------------------------------------------------------------------------------------
// Activations
// ------------------------------------------------------------------------------------------------

/** tfjs selu constants (tfjs-core selu_util). */
const SELU_SCALE = 1.0507009873554805;
const SELU_SCALEALPHA = 1.7580993408473768;

/** Element-wise activation by tfjs activation identifier (the string in layer configs). */
export function applyActivation(ctx: LayerCtx, x: TensorRef, activation: string): TensorRef {
  const g = ctx.g;
  const un = (op: string, attrs: Record<string, AttrValue> = {}): TensorRef => ({ ...x, name: g.op1(op, [x.name], attrs) });
  switch (activation) {
    case 'linear':
      return x;
    case 'relu':
      return un('Relu');
    case 'relu6':
      return { ...x, name: g.op1('Clip', [x.name, g.scalar(0), g.scalar(6)]) };
    case 'sigmoid':
      return un('Sigmoid');
    case 'hardSigmoid':
      // tfjs: clip(0.2 * x + 0.5, 0, 1) — exactly ONNX HardSigmoid(alpha=0.2, beta=0.5).
      return un('HardSigmoid', { alpha: attr.f(0.2), beta: attr.f(0.5) });
    case 'tanh':
      return un('Tanh');
    case 'softmax':
      return un('Softmax', { axis: attr.i(physAxis(x, -1)) });
    case 'logSoftmax':
      return un('LogSoftmax', { axis: attr.i(physAxis(x, -1)) });
    case 'elu':
      return un('Elu', { alpha: attr.f(1) });
    case 'selu':
      return un('Selu', { alpha: attr.f(SELU_SCALEALPHA / SELU_SCALE), gamma: attr.f(SELU_SCALE) });
    case 'softplus':
      return un('Softplus');
    case 'softsign':
      return un('Softsign');
    case 'swish':
      return { ...x, name: g.op1('Mul', [x.name, g.op1('Sigmoid', [x.name])]) };
    case 'mish':
      return { ...x, name: g.op1('Mul', [x.name, g.op1('Tanh', [g.op1('Softplus', [x.name])])]) };
    case 'gelu': {
      // x * 0.5 * (1 + erf(x / sqrt(2)))  (ONNX Gelu only exists from opset 20)
      const erf = g.op1('Erf', [g.op1('Div', [x.name, g.scalar(Math.SQRT2)])]);
      const half = g.op1('Mul', [g.op1('Add', [erf, g.scalar(1)]), g.scalar(0.5)]);
      return { ...x, name: g.op1('Mul', [x.name, half]) };
    }
    case 'gelu_new': {
      // 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3)))
      const x3 = g.op1('Mul', [g.op1('Mul', [x.name, x.name]), x.name]);
      const inner = g.op1('Add', [x.name, g.op1('Mul', [x3, g.scalar(0.044715)])]);
      const t = g.op1('Tanh', [g.op1('Mul', [inner, g.scalar(Math.sqrt(2 / Math.PI))])]);
      const half = g.op1('Mul', [g.op1('Add', [t, g.scalar(1)]), g.scalar(0.5)]);
      return { ...x, name: g.op1('Mul', [x.name, half]) };
    }
    default:
      return fail(ctx, 'UNSUPPORTED_CONFIG', `activation "${activation}" is not supported`);
  }
}

function layerActivation(ctx: LayerCtx, x: TensorRef): TensorRef {
  const a = ctx.config['activation'];
  if (a === undefined || a === null) return x;
  if (typeof a !== 'string') return fail(ctx, 'UNSUPPORTED_CONFIG', `custom activation ${JSON.stringify(a)} is not supported`);
  return applyActivation(ctx, x, a);
}

// ------------------------------------------------------------------------------------------------
// Core layers
// ------------------------------------------------------------------------------------------------

const passThrough: Converter = (_ctx, x) => x;

const dense: Converter = (ctx, x0) => {
  const g = ctx.g;
  const x = toLogical(g, x0);
  const kernel = weight(ctx, 'kernel');
  const [inDim, units] = kernel.shape as [number, number];
  const W = g.initializer('kernel', (n) => floatTensor(n, [inDim, units], kernel.data));
  let y = g.op1('MatMul', [x.name, W]);
  const bias = cfgBool(ctx, 'useBias', true) ? optWeight(ctx, 'bias') : undefined;
  if (bias) y = g.op1('Add', [y, g.initializer('bias', (n) => floatTensor(n, [units], bias.data))]);
  const out: TensorRef = { ...x, name: y, shape: [...x.shape.slice(0, -1), units] };
  return layerActivation(ctx, out);
};

const activationLayer: Converter = (ctx, x) => layerActivation(ctx, x);

const reluLayer: Converter = (ctx, x) => {
  const g = ctx.g;
  const maxValue = ctx.config['maxValue'];
  if (typeof maxValue === 'number') return { ...x, name: g.op1('Clip', [x.name, g.scalar(0), g.scalar(maxValue)]) };
  return { ...x, name: g.op1('Relu', [x.name]) };
};

const leakyReluLayer: Converter = (ctx, x) => ({
  ...x,
  name: ctx.g.op1('LeakyRelu', [x.name], { alpha: attr.f(cfgNum(ctx, 'alpha', 0.3)) }),
});

const eluLayer: Converter = (ctx, x) => ({
  ...x,
  name: ctx.g.op1('Elu', [x.name], { alpha: attr.f(cfgNum(ctx, 'alpha', 1)) }),
});

const thresholdedReluLayer: Converter = (ctx, x) => ({
  ...x,
  // tfjs: x * (x > theta); ONNX ThresholdedRelu: x if x > alpha else 0.
  name: ctx.g.op1('ThresholdedRelu', [x.name], { alpha: attr.f(cfgNum(ctx, 'theta', 1)) }),
});

const softmaxLayer: Converter = (ctx, x) => {
  // NB: the tfjs Softmax *layer* defaults to axis 1 (the activation uses -1).
  const g = ctx.g;
  const axisCfg = ctx.config['axis'];
  const axes = axisCfg === undefined || axisCfg === null ? [1] : Array.isArray(axisCfg) ? (axisCfg as number[]) : [axisCfg as number];
  if (axes.length === 1) return { ...x, name: g.op1('Softmax', [x.name], { axis: attr.i(physAxis(x, axes[0]!)) }) };
  // exp(x - logSumExp(x, axes))
  const phys = axes.map((a) => physAxis(x, a));
  const lse = g.op1('ReduceLogSumExp', [x.name], { axes: attr.ints(phys), keepdims: attr.i(1) });
  return { ...x, name: g.op1('Exp', [g.op1('Sub', [x.name, lse])]) };
};

const preluLayer: Converter = (ctx, x0) => {
  const g = ctx.g;
  const x = toLogical(g, x0);
  const alpha = weight(ctx, 'alpha'); // shape = input.shape[1:] (shared axes → 1)
  const slope = g.initializer('alpha', (n) => floatTensor(n, alpha.shape, alpha.data));
  return { ...x, name: g.op1('PRelu', [x.name, slope]) };
};

const flatten: Converter = (ctx, x0) => {
  const g = ctx.g;
  const r = x0.shape.length;
  let x = x0;
  if (cfgStr(ctx, 'dataFormat', 'channelsLast') === 'channelsFirst' && r > 2) {
    // tfjs moves channels last before flattening: logical [0, 2, …, r-1, 1].
    const p = [0, ...identity(r).slice(2), 1];
    x = toPerm(g, x0, p);
  } else {
    x = toLogical(g, x0);
  }
  const flat = x.shape.slice(1).reduce<number | null>((a, d) => (a === null || d === null ? null : a * d), 1);
  return { name: g.op1('Flatten', [x.name], { axis: attr.i(1) }), shape: [x.shape[0] ?? null, flat], perm: [0, 1] };
};

const reshapeLayer: Converter = (ctx, x0) => {
  const g = ctx.g;
  const x = toLogical(g, x0);
  const target = ctx.config['targetShape'];
  if (!Array.isArray(target)) return fail(ctx, 'UNSUPPORTED_CONFIG', 'targetShape missing');
  const dims = target.map((d) => (d === null ? -1 : Number(d)));
  const known = x.shape.slice(1);
  let outShape: Shape = dims.map((d) => (d < 0 ? null : d));
  if (dims.includes(-1) && known.every((d) => d !== null)) {
    const total = (known as number[]).reduce((a, b) => a * b, 1);
    const rest = dims.filter((d) => d >= 0).reduce((a, b) => a * b, 1);
    outShape = dims.map((d) => (d < 0 ? total / rest : d));
  }
  const name = g.op1('Reshape', [x.name, g.ints([0, ...dims])]);
  return { name, shape: [x.shape[0] ?? null, ...outShape], perm: identity(dims.length + 1) };
};

const permuteLayer: Converter = (ctx, x) => {
  // Pure relabelling: no node, only the logical↔physical bookkeeping changes.
  const dims = ctx.config['dims'];
  if (!Array.isArray(dims)) return fail(ctx, 'UNSUPPORTED_CONFIG', 'dims missing');
  const q = [0, ...dims.map(Number)]; // new logical axis k = old logical axis q[k]
  const qInv = invert(q);
  return { ...x, shape: q.map((i) => x.shape[i] ?? null), perm: x.perm.map((p) => qInv[p]!) };
};

/** Constant broadcastable against x's physical layout, holding `data` laid out over the given logical axes. */
function axisConst(ctx: LayerCtx, x: TensorRef, logicalAxes: number[], data: Float32Array, hint: string): string {
  const r = x.shape.length;
  const axes = logicalAxes.map((a) => (a < 0 ? a + r : a)).sort((a, b) => a - b);
  const sizes = axes.map((a) => staticDim(ctx, x, a, `axis ${a}`));
  // data is row-major over `axes` in increasing logical order; reorder to physical order.
  const physOrder = x.perm.filter((p) => axes.includes(p));
  const permOfAxes = physOrder.map((p) => axes.indexOf(p));
  const physData = transposeData(data, sizes, permOfAxes);
  const first = Math.min(...axes.map((a) => physAxis(x, a)));
  const dims: number[] = [];
  for (let i = first; i < r; i++) dims.push(axes.includes(x.perm[i]!) ? x.shape[x.perm[i]!]! : 1);
  return ctx.g.initializer(hint, (n) => floatTensor(n, dims, physData));
}

const batchNorm: Converter = (ctx, x) => {
  const g = ctx.g;
  const axis = cfgNum(ctx, 'axis', -1);
  const eps = cfgNum(ctx, 'epsilon', 1e-3);
  // tfjs's CPU batchNorm kernel cycles its parameter vectors over the flattened input instead of
  // broadcasting them along `axis`; that only coincides with real per-channel normalisation when the
  // axis is (effectively) the last one. Anything else has no faithful ONNX equivalent.
  const r = x.shape.length;
  const a = axis < 0 ? axis + r : axis;
  if (x.shape.slice(a + 1).some((d) => d !== 1)) {
    fail(ctx, 'UNSUPPORTED_CONFIG', `axis ${axis} is not the last axis; tfjs's own inference for that is inconsistent (parameters are cycled, not broadcast)`);
  }
  const mean = weight(ctx, 'moving_mean');
  const variance = weight(ctx, 'moving_variance');
  const gamma = cfgBool(ctx, 'scale', true) ? optWeight(ctx, 'gamma') : undefined;
  const beta = cfgBool(ctx, 'center', true) ? optWeight(ctx, 'beta') : undefined;
  const c = mean.data.length;
  const scale = new Float32Array(c);
  const shift = new Float32Array(c);
  for (let i = 0; i < c; i++) {
    const s = (gamma ? gamma.data[i]! : 1) / Math.sqrt(variance.data[i]! + eps);
    scale[i] = s;
    shift[i] = (beta ? beta.data[i]! : 0) - mean.data[i]! * s;
  }
  const y = g.op1('Mul', [x.name, axisConst(ctx, x, [axis], scale, 'bn_scale')]);
  return { ...x, name: g.op1('Add', [y, axisConst(ctx, x, [axis], shift, 'bn_shift')]) };
};

const layerNorm: Converter = (ctx, x) => {
  const g = ctx.g;
  const r = x.shape.length;
  const axisCfg = ctx.config['axis'];
  const axes = (Array.isArray(axisCfg) ? (axisCfg as number[]) : [typeof axisCfg === 'number' ? axisCfg : -1]).map((a) =>
    a < 0 ? a + r : a,
  );
  const eps = cfgNum(ctx, 'epsilon', 1e-3);
  const phys = axes.map((a) => physAxis(x, a));
  const mean = g.op1('ReduceMean', [x.name], { axes: attr.ints(phys), keepdims: attr.i(1) });
  const d = g.op1('Sub', [x.name, mean]);
  const variance = g.op1('ReduceMean', [g.op1('Mul', [d, d])], { axes: attr.ints(phys), keepdims: attr.i(1) });
  let y = g.op1('Div', [d, g.op1('Sqrt', [g.op1('Add', [variance, g.scalar(eps)])])]);
  const gamma = cfgBool(ctx, 'scale', true) ? optWeight(ctx, 'gamma') : undefined;
  const beta = cfgBool(ctx, 'center', true) ? optWeight(ctx, 'beta') : undefined;
  if (gamma) y = g.op1('Mul', [y, axisConst(ctx, x, axes, gamma.data, 'ln_gamma')]);
  if (beta) y = g.op1('Add', [y, axisConst(ctx, x, axes, beta.data, 'ln_beta')]);
  return { ...x, name: y };
};

// ------------------------------------------------------------------------------------------------
// Convolution and pooling
// ------------------------------------------------------------------------------------------------

/** TF 'same' padding: output = ceil(in / stride), extra padding goes at the end. */
function samePads(inSize: number, kernel: number, stride: number, dilation: number): [number, number] {
  const out = Math.ceil(inSize / stride);
  const effK = (kernel - 1) * dilation + 1;
  const total = Math.max((out - 1) * stride + effK - inSize, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

interface SpatialInfo {
  /** Perm that makes the tensor physically channels-first (N, C, spatial…). */
  cfPerm: number[];
  spatialAxes: number[];
  channelAxis: number;
}

function spatialInfo(ctx: LayerCtx, rank: number): SpatialInfo {
  const df = cfgStr(ctx, 'dataFormat', 'channelsLast');
  if (df === 'channelsFirst') {
    return { cfPerm: identity(rank), spatialAxes: identity(rank).slice(2), channelAxis: 1 };
  }
  if (df !== 'channelsLast') fail(ctx, 'UNSUPPORTED_CONFIG', `dataFormat "${df}" is not supported`);
  const spatialAxes = identity(rank).slice(1, rank - 1);
  return { cfPerm: [0, rank - 1, ...spatialAxes], spatialAxes, channelAxis: rank - 1 };
}

/** Explicit pads (ONNX order: all begins, then all ends) or auto_pad for unknown spatial sizes. */
function paddingAttrs(
  ctx: LayerCtx,
  x: TensorRef,
  info: SpatialInfo,
  kernel: number[],
  strides: number[],
  dilations: number[],
): Record<string, AttrValue> {
  const padding = cfgStr(ctx, 'padding', 'valid');
  if (padding === 'valid') return {};
  if (padding !== 'same') fail(ctx, 'UNSUPPORTED_CONFIG', `padding "${padding}" is not supported`);
  const sizes = info.spatialAxes.map((a) => x.shape[a]);
  if (sizes.some((s) => s === null)) return { auto_pad: attr.s('SAME_UPPER') };
  const pads = sizes.map((s, i) => samePads(s as number, kernel[i]!, strides[i]!, dilations[i]!));
  return { pads: attr.ints([...pads.map((p) => p[0]), ...pads.map((p) => p[1])]) };
}

function outSpatial(inSize: number | null, k: number, s: number, d: number, padding: string): number | null {
  if (inSize === null) return null;
  if (padding === 'same') return Math.ceil(inSize / s);
  return Math.floor((inSize - ((k - 1) * d + 1)) / s) + 1;
}

function conv(nSpatial: number): Converter {
  return (ctx, x0) => {
    const g = ctx.g;
    const rank = nSpatial + 2;
    const info = spatialInfo(ctx, rank);
    const x = toPerm(g, x0, info.cfPerm);
    const kernel = weight(ctx, 'kernel'); // [k…, in, out]
    const ks = kernel.shape.slice(0, nSpatial);
    const inC = kernel.shape[nSpatial]!;
    const outC = kernel.shape[nSpatial + 1]!;
    const strides = cfgTuple(ctx, 'strides', nSpatial, 1);
    const dilations = cfgTuple(ctx, 'dilationRate', nSpatial, 1);
    const padding = cfgStr(ctx, 'padding', 'valid');
    // tfjs [k…, in, out] → ONNX [out, in, k…]
    const wData = transposeData(kernel.data, kernel.shape, [nSpatial + 1, nSpatial, ...identity(nSpatial)]);
    const W = g.initializer('kernel', (n) => floatTensor(n, [outC, inC, ...ks], wData));
    const inputs = [x.name, W];
    const bias = cfgBool(ctx, 'useBias', true) ? optWeight(ctx, 'bias') : undefined;
    if (bias) inputs.push(g.initializer('bias', (n) => floatTensor(n, [outC], bias.data)));
    const y = g.op1('Conv', inputs, {
      kernel_shape: attr.ints(ks),
      strides: attr.ints(strides),
      dilations: attr.ints(dilations),
      ...paddingAttrs(ctx, x, info, ks, strides, dilations),
    });
    const shape = x.shape.slice();
    info.spatialAxes.forEach((a, i) => (shape[a] = outSpatial(x.shape[a] ?? null, ks[i]!, strides[i]!, dilations[i]!, padding)));
    shape[info.channelAxis] = outC;
    return layerActivation(ctx, { name: y, shape, perm: info.cfPerm });
  };
}

function pool(nSpatial: number, mode: 'max' | 'avg'): Converter {
  return (ctx, x0) => {
    const g = ctx.g;
    const rank = nSpatial + 2;
    const info = spatialInfo(ctx, rank);
    const x = toPerm(g, x0, info.cfPerm);
    const ks = cfgTuple(ctx, 'poolSize', nSpatial, 2);
    const strides = ctx.config['strides'] == null ? ks : cfgTuple(ctx, 'strides', nSpatial, 1);
    const padding = cfgStr(ctx, 'padding', 'valid');
    const ones = new Array<number>(nSpatial).fill(1);
    const attrs: Record<string, AttrValue> = {
      kernel_shape: attr.ints(ks),
      strides: attr.ints(strides),
      ...paddingAttrs(ctx, x, info, ks, strides, ones),
    };
    // TF 'same' average pooling divides by the number of real (non-pad) cells.
    if (mode === 'avg') attrs['count_include_pad'] = attr.i(0);
    const y = g.op1(mode === 'max' ? 'MaxPool' : 'AveragePool', [x.name], attrs);
    const shape = x.shape.slice();
    info.spatialAxes.forEach((a, i) => (shape[a] = outSpatial(x.shape[a] ?? null, ks[i]!, strides[i]!, 1, padding)));
    return { name: y, shape, perm: info.cfPerm };
  };
}

/** Reduce over logical axes (keepdims = 0), keeping the physical order of the remaining axes. */
function reduceLogical(g: GraphBuilder, x: TensorRef, op: string, logicalAxes: number[]): TensorRef {
  const phys = logicalAxes.map((a) => physAxis(x, a));
  const name = g.op1(op, [x.name], { axes: attr.ints(phys), keepdims: attr.i(0) });
  const remaining = x.perm.filter((p) => !logicalAxes.includes(p));
  const sortedRemaining = remaining.slice().sort((a, b) => a - b);
  return {
    name,
    shape: sortedRemaining.map((a) => x.shape[a] ?? null),
    perm: remaining.map((p) => sortedRemaining.indexOf(p)),
  };
}

function globalPool(nSpatial: number, op: 'ReduceMean' | 'ReduceMax'): Converter {
  return (ctx, x) => {
    const rank = nSpatial + 2;
    const df = cfgStr(ctx, 'dataFormat', 'channelsLast');
    const axes = df === 'channelsFirst' ? identity(rank).slice(2) : identity(rank).slice(1, rank - 1);
    return reduceLogical(ctx.g, x, op, axes);
  };
}

// ------------------------------------------------------------------------------------------------
// Embedding and masking
// ------------------------------------------------------------------------------------------------

const embedding: Converter = (ctx, x0) => {
  const g = ctx.g;
  const x = toLogical(g, x0);
  const table = weight(ctx, 'embeddings');
  const [vocab, dim] = table.shape as [number, number];
  const E = g.initializer('embeddings', (n) => floatTensor(n, [vocab, dim], table.data));
  // tfjs casts the (float) indices to int32, i.e. truncation toward zero; ONNX Cast float→int64 matches.
  const idx = g.op1('Cast', [x.name], { to: attr.i(DataType.INT64) });
  const y = g.op1('Gather', [E, idx], { axis: attr.i(0) });
  const out: TensorRef = { name: y, shape: [...x.shape, dim], perm: identity(x.shape.length + 1) };
  if (cfgBool(ctx, 'maskZero', false)) {
    if (x.shape.length !== 2) fail(ctx, 'UNSUPPORTED_CONFIG', 'maskZero is only supported for [batch, time] inputs');
    // tfjs: notEqual(inputs, 0) on the raw (float) input.
    out.mask = g.op1('Not', [g.op1('Equal', [x.name, g.scalar(0)])]);
  }
  return out;
};

const masking: Converter = (ctx, x0) => {
  const g = ctx.g;
  const x = toLogical(g, x0);
  const v = cfgNum(ctx, 'maskValue', 0);
  const keep = g.op1('Not', [g.op1('Equal', [x.name, g.scalar(v)])]);
  const anyF = g.op1('ReduceMax', [g.op1('Cast', [keep], { to: attr.i(DataType.FLOAT) })], {
    axes: attr.ints([-1]),
    keepdims: attr.i(1),
  });
  const y = g.op1('Mul', [x.name, anyF]);
  const mask = g.op1('Cast', [g.op1('Squeeze', [anyF, g.ints([-1])])], { to: attr.i(DataType.BOOL) });
  return { ...x, name: y, mask };
};

// ------------------------------------------------------------------------------------------------
// Recurrent layers
// ------------------------------------------------------------------------------------------------

type RnnKind = 'LSTM' | 'GRU' | 'RNN';

/** tfjs activation → ONNX recurrent activation (alpha/beta where the function takes them). */
const RNN_ACTIVATIONS: Record<string, { name: string; alpha?: number; beta?: number }> = {
  tanh: { name: 'Tanh' },
  sigmoid: { name: 'Sigmoid' },
  hardSigmoid: { name: 'HardSigmoid', alpha: 0.2, beta: 0.5 },
  relu: { name: 'Relu' },
  linear: { name: 'Affine', alpha: 1, beta: 0 },
  elu: { name: 'Elu', alpha: 1 },
  softsign: { name: 'Softsign' },
  softplus: { name: 'Softplus' },
};

interface RnnCell {
  kind: RnnKind;
  units: number;
  activation: string;
  recurrentActivation: string;
  kernel: Weight;
  recurrentKernel: Weight;
  bias?: Weight;
}

/** tfjs gate blocks in ONNX order: LSTM tfjs [i, f, c, o] → ONNX [i, o, f, c]; GRU z, r, h both. */
const GATE_ORDER: Record<RnnKind, number[]> = { LSTM: [0, 3, 1, 2], GRU: [0, 1, 2], RNN: [0] };

/** tfjs kernel [in, gates*H] → ONNX [1, gates*H, in] with gate blocks reordered. */
function gateMatrix(k: Weight, units: number, order: number[]): Float32Array {
  const [inDim, cols] = k.shape as [number, number];
  const out = new Float32Array(order.length * units * inDim);
  order.forEach((tfBlock, gi) => {
    for (let u = 0; u < units; u++) {
      const row = gi * units + u;
      const col = tfBlock * units + u;
      for (let i = 0; i < inDim; i++) out[row * inDim + i] = k.data[i * cols + col]!;
    }
  });
  return out;
}

function readCell(ctx: LayerCtx, kind: RnnKind, config: Record<string, unknown>, named: Map<string, Weight>): RnnCell {
  const sub: LayerCtx = { ...ctx, config, named };
  if (kind === 'GRU' && config['resetAfter'] === true) {
    fail(ctx, 'UNSUPPORTED_CONFIG', 'GRU resetAfter=true is not supported (tfjs 4.x does not support it either)');
  }
  for (const key of ['stateful', 'returnState']) {
    if (config[key] === true) fail(ctx, 'UNSUPPORTED_CONFIG', `${key}=true is not supported`);
  }
  const cell: RnnCell = {
    kind,
    units: cfgNum(sub, 'units', 0),
    activation: cfgStr(sub, 'activation', 'tanh'),
    recurrentActivation: cfgStr(sub, 'recurrentActivation', 'hardSigmoid'),
    kernel: weight(sub, 'kernel'),
    recurrentKernel: weight(sub, 'recurrent_kernel'),
  };
  const bias = cfgBool(sub, 'useBias', true) ? named.get('bias') : undefined;
  if (bias) cell.bias = bias;
  return cell;
}

/** Reverses the time axis (axis 1) of a [N, T, …] tensor. */
function reverseTime(g: GraphBuilder, x: string): string {
  return g.op1('Slice', [x, g.ints([-1]), g.ints([Number.MIN_SAFE_INTEGER]), g.ints([1]), g.ints([-1])]);
}

/**
 * One tfjs RNN layer over x [N, T, F] (logical), Keras semantics incl. masking: masked steps are
 * skipped (state carried over, output repeated). ONNX RNN ops only know trailing padding
 * (sequence_lens), so masked timesteps are first compacted to the front (stable, via TopK on
 * "t + T·masked"), run with sequence_lens, and — for returnSequences — scattered back with a gather
 * on the running count of valid steps. Returns [N, T, H] (in processing order, like tfjs) or [N, H].
 */
function rnnCore(
  ctx: LayerCtx,
  x: TensorRef,
  cell: RnnCell,
  opts: { goBackwards: boolean; returnSequences: boolean },
): string {
  const g = ctx.g;
  const H = cell.units;
  let xs = x.name;
  let mask = x.mask;
  if (opts.goBackwards) {
    xs = reverseTime(g, xs);
    if (mask) mask = reverseTime(g, mask);
  }

  let seqLens: string | undefined;
  let lens: string | undefined;
  let maskI: string | undefined;
  if (mask) {
    maskI = g.op1('Cast', [mask], { to: attr.i(DataType.INT64) });
    lens = g.op1('ReduceSum', [maskI, g.ints([1])], { keepdims: attr.i(0) }); // [N]
    const T1 = g.op1('Shape', [xs], { start: attr.i(1), end: attr.i(2) }); // [1]
    const Ts = g.op1('Squeeze', [T1, g.ints([0])]);
    const range = g.op1('Range', [g.int64Const('zero', [], [0]), Ts, g.int64Const('one', [], [1])]);
    const masked = g.op1('Sub', [g.scalar(1), g.op1('Cast', [mask], { to: attr.i(DataType.FLOAT) })]);
    const keys = g.op1('Add', [
      g.op1('Cast', [range], { to: attr.i(DataType.FLOAT) }),
      g.op1('Mul', [masked, g.op1('Cast', [T1], { to: attr.i(DataType.FLOAT) })]),
    ]);
    const [, order] = g.op('TopK', [keys, T1], { axis: attr.i(1), largest: attr.i(0), sorted: attr.i(1) }, { outputs: 2 });
    const gatherIdx = g.op1('Expand', [g.op1('Unsqueeze', [order!, g.ints([2])]), g.op1('Shape', [xs])]);
    xs = g.op1('GatherElements', [xs, gatherIdx], { axis: attr.i(1) });
    // A fully masked row still needs length ≥ 1 for the kernel; its output is zeroed below.
    seqLens = g.op1('Cast', [g.op1('Max', [lens, g.int64Const('one', [], [1])])], { to: attr.i(DataType.INT32) });
  }

  const F = cell.kernel.shape[0]!;
  const order = GATE_ORDER[cell.kind];
  const gates = order.length;
  const W = g.initializer('W', (n) => floatTensor(n, [1, gates * H, F], gateMatrix(cell.kernel, H, order)));
  const R = g.initializer('R', (n) => floatTensor(n, [1, gates * H, H], gateMatrix(cell.recurrentKernel, H, order)));
  let B = '';
  if (cell.bias) {
    const b = new Float32Array(2 * gates * H); // [Wb, Rb]; tfjs has a single bias → Rb = 0
    order.forEach((tfBlock, gi) => b.set(cell.bias!.data.subarray(tfBlock * H, (tfBlock + 1) * H), gi * H));
    B = g.initializer('B', (n) => floatTensor(n, [1, 2 * gates * H], b));
  }

  const actNames = cell.kind === 'LSTM' ? [cell.recurrentActivation, cell.activation, cell.activation]
    : cell.kind === 'GRU' ? [cell.recurrentActivation, cell.activation]
    : [cell.activation];
  const acts = actNames.map((a) => {
    const m = RNN_ACTIVATIONS[a];
    if (!m) fail(ctx, 'UNSUPPORTED_CONFIG', `recurrent layer activation "${a}" has no ONNX equivalent`);
    return m;
  });
  const attrs: Record<string, AttrValue> = {
    hidden_size: attr.i(H),
    direction: attr.s('forward'),
    activations: attr.strings(acts.map((a) => a.name)),
  };
  const alphas = acts.filter((a) => a.alpha !== undefined).map((a) => a.alpha!);
  const betas = acts.filter((a) => a.beta !== undefined).map((a) => a.beta!);
  if (alphas.length > 0) attrs['activation_alpha'] = attr.floats(alphas);
  if (betas.length > 0) attrs['activation_beta'] = attr.floats(betas);
  if (cell.kind === 'GRU') attrs['linear_before_reset'] = attr.i(0); // tfjs GRU = reset_after false

  const xt = g.op1('Transpose', [xs], { perm: attr.ints([1, 0, 2]) }); // [T, N, F]
  const inputs = [xt, W, R, B];
  if (seqLens) inputs.push(seqLens);
  while (inputs[inputs.length - 1] === '') inputs.pop();
  const Y = opts.returnSequences ? g.fresh('Y') : '';
  const Yh = opts.returnSequences ? '' : g.fresh('Y_h');
  g.op(cell.kind, inputs, attrs, { outputs: Yh ? [Y, Yh] : [Y] });

  if (!opts.returnSequences) {
    const h = g.op1('Squeeze', [Yh, g.ints([0])]); // [N, H]
    if (!lens) return h;
    const empty = g.op1('Unsqueeze', [g.op1('Equal', [lens, g.int64Const('zero', [], [0])]), g.ints([1])]);
    return g.op1('Where', [empty, g.scalar(0), h]);
  }
  const seq = g.op1('Transpose', [g.op1('Squeeze', [Y, g.ints([1])])], { perm: attr.ints([1, 0, 2]) }); // [N, T, H]
  if (!maskI) return seq;
  // out[t] = compacted output #(count of valid steps ≤ t) - 1, or zeros before the first valid step.
  const zerosShape = g.op1('Concat', [g.op1('Shape', [seq], { start: attr.i(0), end: attr.i(1) }), g.ints([1, H])], {
    axis: attr.i(0),
  });
  const zeros = g.op1('ConstantOfShape', [zerosShape], { value: attr.t(floatTensor('', [1], [0])) });
  const padded = g.op1('Concat', [zeros, seq], { axis: attr.i(1) });
  const count = g.op1('CumSum', [maskI, g.int64Const('one', [], [1])]);
  const idx = g.op1('Expand', [g.op1('Unsqueeze', [count, g.ints([2])]), g.op1('Shape', [seq])]);
  return g.op1('GatherElements', [padded, idx], { axis: attr.i(1) });
}

function recurrent(kind: RnnKind): Converter {
  return (ctx, x0) => {
    const g = ctx.g;
    const x = toLogical(g, x0);
    if (x.shape.length !== 3) fail(ctx, 'UNSUPPORTED_TOPOLOGY', 'recurrent layers need a [batch, time, features] input');
    const cell = readCell(ctx, kind, ctx.config, ctx.named);
    const returnSequences = cfgBool(ctx, 'returnSequences', false);
    const y = rnnCore(ctx, x, cell, { goBackwards: cfgBool(ctx, 'goBackwards', false), returnSequences });
    const out: TensorRef = returnSequences
      ? { name: y, shape: [x.shape[0] ?? null, x.shape[1] ?? null, cell.units], perm: [0, 1, 2] }
      : { name: y, shape: [x.shape[0] ?? null, cell.units], perm: [0, 1] };
    // tfjs RNN.computeMask: the (un-reversed) input mask when returning sequences.
    if (returnSequences && x.mask) out.mask = x.mask;
    return out;
  };
}

const RNN_KINDS: Record<string, RnnKind> = { LSTM: 'LSTM', GRU: 'GRU', SimpleRNN: 'RNN' };

const bidirectional: Converter = (ctx, x0) => {
  const g = ctx.g;
  const x = toLogical(g, x0);
  if (x.shape.length !== 3) fail(ctx, 'UNSUPPORTED_TOPOLOGY', 'Bidirectional needs a [batch, time, features] input');
  const inner = ctx.config['layer'] as { className?: string; config?: Record<string, unknown> } | undefined;
  const kind = inner?.className ? RNN_KINDS[inner.className] : undefined;
  if (!inner?.config || !kind) fail(ctx, 'UNSUPPORTED_CONFIG', `wrapped layer ${inner?.className ?? '?'} is not supported`);
  const mergeMode = ctx.config['mergeMode'] === undefined ? 'concat' : ctx.config['mergeMode'];
  if (typeof mergeMode !== 'string') fail(ctx, 'UNSUPPORTED_CONFIG', 'mergeMode null (two outputs) is not supported');
  // getWeights() = forward weights then backward weights (tfjs setWeights splits the list in half).
  const half = ctx.weights.length / 2;
  const names = (ctx.layer.weights ?? []).map((v) => (v.originalName ?? v.name).split('/').pop()!);
  const namedOf = (from: number): Map<string, Weight> => {
    const m = new Map<string, Weight>();
    for (let i = from; i < from + half; i++) if (names[i]) m.set(names[i]!, ctx.weights[i]!);
    return m;
  };
  const returnSequences = inner.config['returnSequences'] === true;
  const goBackwards = inner.config['goBackwards'] === true;
  const fwd = rnnCore(ctx, x, readCell(ctx, kind, inner.config, namedOf(0)), { goBackwards, returnSequences });
  let bwd = rnnCore(ctx, x, readCell(ctx, kind, inner.config, namedOf(half)), { goBackwards: !goBackwards, returnSequences });
  if (returnSequences) bwd = reverseTime(g, bwd);
  const units = cfgNum({ ...ctx, config: inner.config }, 'units', 0);
  let y: string;
  let last = units;
  switch (mergeMode) {
    case 'concat':
      y = g.op1('Concat', [fwd, bwd], { axis: attr.i(-1) });
      last = 2 * units;
      break;
    case 'sum':
      y = g.op1('Add', [fwd, bwd]);
      break;
    case 'mul':
      y = g.op1('Mul', [fwd, bwd]);
      break;
    case 'ave':
      y = g.op1('Mul', [g.op1('Add', [fwd, bwd]), g.scalar(0.5)]);
      break;
    default:
      return fail(ctx, 'UNSUPPORTED_CONFIG', `mergeMode "${mergeMode}" is not supported`);
  }
  const out: TensorRef = returnSequences
    ? { name: y, shape: [x.shape[0] ?? null, x.shape[1] ?? null, last], perm: [0, 1, 2] }
    : { name: y, shape: [x.shape[0] ?? null, last], perm: [0, 1] };
  if (returnSequences && x.mask) out.mask = x.mask;
  return out;
};

// ------------------------------------------------------------------------------------------------
// Registry
// ------------------------------------------------------------------------------------------------

export const CONVERTERS: Readonly<Record<string, Converter>> = {
  Dense: dense,
  Activation: activationLayer,
  Dropout: passThrough,
  SpatialDropout1D: passThrough,
  GaussianNoise: passThrough,
  GaussianDropout: passThrough,
  AlphaDropout: passThrough,
  ReLU: reluLayer,
  LeakyReLU: leakyReluLayer,
  ELU: eluLayer,
  ThresholdedReLU: thresholdedReluLayer,
  Softmax: softmaxLayer,
  PReLU: preluLayer,
  BatchNormalization: batchNorm,
  LayerNormalization: layerNorm,
  Flatten: flatten,
  Reshape: reshapeLayer,
  Permute: permuteLayer,
  Conv1D: conv(1),
  Conv2D: conv(2),
  MaxPooling1D: pool(1, 'max'),
  MaxPooling2D: pool(2, 'max'),
  AveragePooling1D: pool(1, 'avg'),
  AveragePooling2D: pool(2, 'avg'),
  GlobalAveragePooling1D: globalPool(1, 'ReduceMean'),
  GlobalMaxPooling1D: globalPool(1, 'ReduceMax'),
  GlobalAveragePooling2D: globalPool(2, 'ReduceMean'),
  GlobalMaxPooling2D: globalPool(2, 'ReduceMax'),
  Embedding: embedding,
  Masking: masking,
  LSTM: recurrent('LSTM'),
  GRU: recurrent('GRU'),
  SimpleRNN: recurrent('RNN'),
  Bidirectional: bidirectional,
};

/** Layers that carry a timestep mask through unchanged (tfjs `supportsMasking`). */
const MASK_PASS_THROUGH = new Set([
  'Dense',
  'Activation',
  'Dropout',
  'SpatialDropout1D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
  'ReLU',
  'PReLU',
  'BatchNormalization',
  'LayerNormalization',
]);
/** Layers that consume a mask (and decide themselves what mask they output). */
const MASK_CONSUMERS = new Set(['LSTM', 'GRU', 'SimpleRNN', 'Bidirectional', 'Embedding', 'Masking']);

export const SUPPORTED_LAYERS: readonly string[] = Object.keys(CONVERTERS);

export function convertLayer(g: GraphBuilder, layer: LayerLike, x: TensorRef): TensorRef {
  const className = layer.getClassName();
  const converter = CONVERTERS[className];
  if (!converter) {
    throw new OnnxExportError(
      'UNSUPPORTED_LAYER',
      `Layer "${layer.name}" (${className}) cannot be exported to ONNX; supported layers: ${SUPPORTED_LAYERS.join(', ')}`,
      { layer: layer.name, className },
    );
  }
  const { list, named } = readWeights(layer);
  const ctx: LayerCtx = {
    g,
    layer,
    className,
    config: layer.getConfig() as Record<string, unknown>,
    weights: list,
    named,
  };
  if (x.mask && !MASK_PASS_THROUGH.has(className) && !MASK_CONSUMERS.has(className)) {
    fail(ctx, 'UNSUPPORTED_CONFIG', 'receives a timestep mask (Embedding maskZero / Masking) it cannot use');
  }
  const saved = g.scope;
  g.scope = layer.name;
  try {
    const out = converter(ctx, x);
    if (x.mask && MASK_PASS_THROUGH.has(className) && out.mask === undefined) out.mask = x.mask;
    return out;
  } finally {
    g.scope = saved;
  }
}
