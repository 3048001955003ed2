/**
 * exportToOnnx: a trained tfjs LayersModel (+ optional fitted tabular preprocessing) → ONNX
 * ModelProto bytes, opset 17, dynamic batch dimension "N". Pure: reads the model's layers, configs
 * and weights; no I/O, no tfjs import.
 */
import { OnnxExportError } from './errors.ts';
import { DataType, GraphBuilder, ML_DOMAIN, attr } from './graph-builder.ts';
import { convertLayer, toLogical, type Shape, type TensorRef } from './layers.ts';
import { encodeModel, type Dim, type ModelProto, type OperatorSetId } from './onnx-proto.ts';
import { buildPreprocessing, preprocessingWidth, validatePreprocessing, type PreprocessingGraph } from './preprocessing.ts';
import type { LayerLike, LayersModelLike } from './tfjs-types.ts';

export const ONNX_OPSET = 17;
export const ONNX_ML_OPSET = 3;
export const ONNX_IR_VERSION = 8;
/** Symbolic name of the dynamic batch dimension in every input and output. */
export const BATCH_DIM = 'N';
export const PRODUCER_NAME = '@modelgraph/onnx-export';
export const PRODUCER_VERSION = '0.1.0';

export type OnnxTask = 'REGRESSION' | 'BINARY' | 'MULTICLASS';

export interface ExportOptions {
  task: OnnxTask;
  /** Class labels in output-column order (BINARY: [negative, positive]). Adds a string `label` output. */
  labels?: string[];
  /** Name of the single float input when there is no preprocessing. Default "features". */
  inputName?: string;
  /** Extra metadata_props entries. Keys may not collide with the exporter's own (see RESERVED_METADATA_KEYS). */
  metadata?: Record<string, string>;
  /** Fitted tabular preprocessing to embed; the graph then takes one raw input per column. */
  preprocessing?: PreprocessingGraph;
  /** Names of the model's input features (no-preprocessing case), stored in metadata `feature_names`. */
  featureNames?: string[];
  /** ModelProto.model_version (and metadata `model_version`). */
  modelVersion?: number;
  /** GraphProto.name. Default "modelgraph". */
  graphName?: string;
  /** ModelProto.doc_string. */
  docString?: string;
}

export type OnnxElementType = 'float32' | 'int64' | 'string';

export interface OnnxTensorInfo {
  name: string;
  type: OnnxElementType;
  /** number = fixed, "N" = the dynamic batch dimension, null = unknown (e.g. an unspecified sequence length). */
  shape: Dim[];
}

export interface OnnxExportResult {
  bytes: Uint8Array;
  inputs: OnnxTensorInfo[];
  outputs: OnnxTensorInfo[];
  /** Everything written to metadata_props. */
  metadata: Record<string, string>;
  opsetImports: OperatorSetId[];
}

export const RESERVED_METADATA_KEYS = ['task', 'labels', 'feature_names', 'preprocessing', 'model_version', 'producer', 'layers'] as const;

const ELEM_TYPE: Record<OnnxElementType, number> = { float32: DataType.FLOAT, int64: DataType.INT64, string: DataType.STRING };

function invalid(message: string): never {
  throw new OnnxExportError('INVALID_OPTIONS', message);
}

function topology(message: string, layer?: LayerLike): never {
  throw new OnnxExportError(
    'UNSUPPORTED_TOPOLOGY',
    message,
    layer ? { layer: layer.name, className: layer.getClassName() } : {},
  );
}

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model', 'LayersModel']);

/** The model's layers as one linear chain (nested models expanded, InputLayers dropped). */
export function linearChain(model: LayersModelLike | LayerLike): LayerLike[] {
  const layers = model.layers ?? [];
  const isSequential = model.getClassName() === 'Sequential';
  const members = new Set<LayerLike>(layers);
  const out: LayerLike[] = [];
  let prev: LayerLike | undefined;
  for (const l of layers) {
    const cn = l.getClassName();
    if (cn === 'InputLayer') {
      if (prev) topology(`model "${model.name}" has more than one input`, l);
      prev = l;
      continue;
    }
    if (!isSequential) {
      if (l.inboundNodes) {
        // Only the calls made inside this model count (a nested model also has its own internal node).
        const nodes = l.inboundNodes.filter((n) => n.inboundLayers.some((il) => members.has(il)));
        const node = nodes.length === 1 ? nodes[0] : undefined;
        if (!node || node.inboundLayers.length !== 1 || (prev !== undefined && node.inboundLayers[0] !== prev)) {
          topology(`layer "${l.name}" is not part of a single linear chain (only linear models can be exported)`, l);
        }
      }
    }
    if (MODEL_CLASSES.has(cn) && l.layers) out.push(...linearChain(l));
    else out.push(l);
    prev = l;
  }
  const outputLayers = (model as LayersModelLike).outputLayers;
  if (!isSequential && outputLayers && prev && outputLayers[0] !== prev) {
    topology(`the output of model "${model.name}" is not produced by its last layer`);
  }
  return out;
}

function dims(shape: Shape): Dim[] {
  return shape.map((d, i) => (i === 0 ? BATCH_DIM : d));
}

/**
 * Translates a trained tfjs LayersModel to ONNX.
 *
 * Graph inputs: with `preprocessing`, one input per column (numeric: float [N,1], NaN = missing;
 * categorical: string [N,1], "" = missing); without it, one float input `inputName` ("features")
 * shaped like the model input. Text tokenisation and image decoding stay outside the graph: a text
 * model takes the already-tokenised index sequence (as floats), an image model the numeric NHWC array.
 *
 * Graph outputs: REGRESSION → `value` (the model output); BINARY/MULTICLASS → `probabilities`
 * [N, C] (a sigmoid [N,1] output becomes [1-p, p]) and `label_index` int64 [N] (ArgMax), plus
 * `label` string [N] when `labels` are given.
 *
 * @throws OnnxExportError UNSUPPORTED_LAYER / UNSUPPORTED_CONFIG / UNSUPPORTED_TOPOLOGY / INVALID_OPTIONS
 */
export function exportToOnnx(model: LayersModelLike, options: ExportOptions): OnnxExportResult {
  const task = options?.task;
  if (task !== 'REGRESSION' && task !== 'BINARY' && task !== 'MULTICLASS') invalid(`unknown task ${JSON.stringify(task)}`);
  if (options.labels !== undefined) {
    if (task === 'REGRESSION') invalid('labels are only meaningful for BINARY / MULTICLASS');
    if (!Array.isArray(options.labels) || options.labels.some((l) => typeof l !== 'string')) invalid('labels must be strings');
  }
  for (const [k, v] of Object.entries(options.metadata ?? {})) {
    if (typeof v !== 'string') invalid(`metadata "${k}" must be a string`);
    if ((RESERVED_METADATA_KEYS as readonly string[]).includes(k)) invalid(`metadata key "${k}" is reserved by the exporter`);
  }
  if (options.modelVersion !== undefined && !Number.isSafeInteger(options.modelVersion)) invalid('modelVersion must be an integer');
  if (options.featureNames !== undefined) {
    if (options.preprocessing) invalid('featureNames come from the preprocessing when it is given');
    if (!Array.isArray(options.featureNames) || options.featureNames.some((f) => typeof f !== 'string')) {
      invalid('featureNames must be strings');
    }
  }
  if (options.preprocessing && options.inputName !== undefined) invalid('inputName does not apply with preprocessing (inputs are the columns)');

  if (!model?.inputs || !model.outputs || !model.layers) {
    topology('the model has no inputs/outputs yet (build it, e.g. give the first layer an inputShape)');
  }
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    topology(`only single-input single-output models can be exported (got ${model.inputs.length} inputs, ${model.outputs.length} outputs)`);
  }
  const chain = linearChain(model);
  const inputShape: Shape = Array.from(model.inputs[0]!.shape, (d) => (d === undefined ? null : d));
  const declaredOut: Shape = Array.from(model.outputs[0]!.shape, (d) => (d === undefined ? null : d));

  const g = new GraphBuilder();
  const outputNames = task === 'REGRESSION' ? ['value'] : ['probabilities', 'label_index', ...(options.labels ? ['label'] : [])];
  for (const n of outputNames) g.claim(n);

  // ---- inputs ----
  const inputs: OnnxTensorInfo[] = [];
  let x: TensorRef;
  let featureNames = options.featureNames;
  if (options.preprocessing) {
    validatePreprocessing(options.preprocessing);
    const width = preprocessingWidth(options.preprocessing);
    if (inputShape.length !== 2 || inputShape[1] !== width) {
      invalid(`preprocessing produces ${width} features but the model input is ${JSON.stringify(inputShape)}`);
    }
    const pre = buildPreprocessing(g, options.preprocessing);
    for (const c of options.preprocessing.columns) {
      inputs.push({ name: c.name, type: c.kind === 'numeric' ? 'float32' : 'string', shape: [BATCH_DIM, 1] });
    }
    featureNames = pre.featureNames;
    x = { name: pre.features, shape: [null, width], perm: [0, 1] };
  } else {
    const name = options.inputName ?? 'features';
    if (typeof name !== 'string' || name === '') invalid('inputName must be a non-empty string');
    if (!g.claim(name)) invalid(`inputName "${name}" collides with an output name`);
    g.addInput(name, DataType.FLOAT, dims(inputShape));
    inputs.push({ name, type: 'float32', shape: dims(inputShape) });
    x = { name, shape: inputShape, perm: inputShape.map((_, i) => i) };
  }

  // ---- layers ----
  for (const layer of chain) x = convertLayer(g, layer, x);
  x = toLogical(g, x);
  const consistent =
    x.shape.length === declaredOut.length && x.shape.every((d, i) => d === null || declaredOut[i] === null || d === declaredOut[i]);
  if (!consistent) {
    topology(`internal shape mismatch: computed ${JSON.stringify(x.shape)}, tfjs says ${JSON.stringify(declaredOut)}`);
  }
  const outShape = declaredOut.map((d, i) => d ?? x.shape[i] ?? null);

  // ---- outputs ----
  const outputs: OnnxTensorInfo[] = [];
  const addOutput = (name: string, type: OnnxElementType, shape: Dim[]): void => {
    g.addOutput(name, ELEM_TYPE[type], shape);
    outputs.push({ name, type, shape });
  };
  if (task === 'REGRESSION') {
    g.bindOutput(x.name, 'value');
    addOutput('value', 'float32', dims(outShape));
  } else {
    if (outShape.length !== 2 || typeof outShape[1] !== 'number') {
      invalid(`${task} needs a [batch, classes] model output, got ${JSON.stringify(outShape)}`);
    }
    const width = outShape[1];
    let classes: number;
    g.scope = 'head';
    if (task === 'BINARY' && width === 1) {
      const p = x.name;
      g.op1('Concat', [g.op1('Sub', [g.scalar(1), p]), p], { axis: attr.i(1) }, { output: 'probabilities' });
      classes = 2;
    } else if (task === 'BINARY' && width !== 2) {
      invalid(`BINARY needs a model output of width 1 (sigmoid) or 2 (softmax), got ${width}`);
    } else if (task === 'MULTICLASS' && width < 2) {
      invalid(`MULTICLASS needs at least 2 output columns, got ${width}`);
    } else {
      g.bindOutput(x.name, 'probabilities');
      classes = width;
    }
    if (options.labels && options.labels.length !== classes!) {
      invalid(`${options.labels.length} labels given for ${classes!} classes`);
    }
    g.op1('ArgMax', ['probabilities'], { axis: attr.i(1), keepdims: attr.i(0) }, { output: 'label_index' });
    addOutput('probabilities', 'float32', [BATCH_DIM, classes!]);
    addOutput('label_index', 'int64', [BATCH_DIM]);
    if (options.labels) {
      g.op1(
        'LabelEncoder',
        ['label_index'],
        {
          keys_int64s: attr.ints(options.labels.map((_, i) => i)),
          values_strings: attr.strings(options.labels),
          default_string: attr.s(''),
        },
        { domain: ML_DOMAIN, output: 'label' },
      );
      addOutput('label', 'string', [BATCH_DIM]);
    }
    g.scope = '';
  }

  // ---- metadata ----
  const metadata: Record<string, string> = {
    producer: `${PRODUCER_NAME}@${PRODUCER_VERSION}`,
    task,
    layers: JSON.stringify(chain.map((l) => l.getClassName())),
  };
  if (options.labels) metadata['labels'] = JSON.stringify(options.labels);
  if (featureNames) metadata['feature_names'] = JSON.stringify(featureNames);
  if (options.preprocessing) metadata['preprocessing'] = JSON.stringify(options.preprocessing);
  if (options.modelVersion !== undefined) metadata['model_version'] = String(options.modelVersion);
  Object.assign(metadata, options.metadata ?? {});

  const opsetImports: OperatorSetId[] = [{ domain: '', version: ONNX_OPSET }];
  if (g.domainsUsed.has(ML_DOMAIN)) opsetImports.push({ domain: ML_DOMAIN, version: ONNX_ML_OPSET });

  const proto: ModelProto = {
    irVersion: ONNX_IR_VERSION,
    opsetImport: opsetImports,
    producerName: PRODUCER_NAME,
    producerVersion: PRODUCER_VERSION,
    graph: g.build(options.graphName ?? 'modelgraph'),
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  };
  if (options.modelVersion !== undefined) proto.modelVersion = options.modelVersion;
  if (options.docString) proto.docString = options.docString;

  return { bytes: encodeModel(proto), inputs, outputs, metadata, opsetImports };
}
