/**
 * A small imperative builder for an ONNX graph: unique tensor names, initializers, nodes, graph
 * inputs/outputs and the opset imports the nodes need.
 */
import {
  DataType,
  floatTensor,
  int32Tensor,
  int64Tensor,
  stringTensor,
  type AttributeProto,
  type Dim,
  type GraphProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from './onnx-proto.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type AttrValue = DistributiveOmit<AttributeProto, 'name'>;

/** Attribute constructors (ONNX attributes are typed; a JS number alone is ambiguous). */
export const attr = {
  f: (f: number): AttrValue => ({ type: 'FLOAT', f }),
  i: (i: number): AttrValue => ({ type: 'INT', i }),
  s: (s: string): AttrValue => ({ type: 'STRING', s }),
  t: (t: TensorProto): AttrValue => ({ type: 'TENSOR', t }),
  floats: (floats: number[]): AttrValue => ({ type: 'FLOATS', floats }),
  ints: (ints: number[]): AttrValue => ({ type: 'INTS', ints }),
  strings: (strings: string[]): AttrValue => ({ type: 'STRINGS', strings }),
};

export const ML_DOMAIN = 'ai.onnx.ml';

export interface OpOptions {
  /** Number of outputs, or explicit output names (an explicit name must be reserved or fresh). */
  outputs?: number | string[];
  domain?: string;
}

export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  readonly inputs: ValueInfoProto[] = [];
  readonly outputs: ValueInfoProto[] = [];
  /** Domains (other than the default) used by the nodes. */
  readonly domainsUsed = new Set<string>();
  private readonly names = new Set<string>();
  private readonly nodeNames = new Set<string>();
  private readonly constCache = new Map<string, string>();
  /** Prefix for generated names (the tfjs layer being translated). */
  scope = '';

  /** Claims an exact name (graph inputs/outputs). Returns false if it is taken. */
  claim(name: string): boolean {
    if (this.names.has(name)) return false;
    this.names.add(name);
    return true;
  }

  isTaken(name: string): boolean {
    return this.names.has(name);
  }

  /** A fresh tensor name derived from `hint` (and the current scope). */
  fresh(hint: string): string {
    const base = this.scope ? `${this.scope}/${hint}` : hint;
    let name = base;
    for (let k = 1; this.names.has(name); k++) name = `${base}_${k}`;
    this.names.add(name);
    return name;
  }

  private freshNodeName(opType: string): string {
    const base = this.scope ? `${this.scope}/${opType}` : opType;
    let name = base;
    for (let k = 1; this.nodeNames.has(name); k++) name = `${base}_${k}`;
    this.nodeNames.add(name);
    return name;
  }

  addInput(name: string, elemType: number, shape: Dim[]): void {
    this.inputs.push({ name, elemType, shape });
  }

  addOutput(name: string, elemType: number, shape: Dim[]): void {
    this.outputs.push({ name, elemType, shape });
  }

  initializer(hint: string, make: (name: string) => TensorProto): string {
    const name = this.fresh(hint);
    this.initializers.push(make(name));
    return name;
  }

  /** Small constants are de-duplicated across the whole graph. */
  private cachedConst(key: string, hint: string, make: (name: string) => TensorProto): string {
    const cached = this.constCache.get(key);
    if (cached !== undefined) return cached;
    const saved = this.scope;
    this.scope = '';
    const name = this.initializer(`const/${hint}`, make);
    this.scope = saved;
    this.constCache.set(key, name);
    return name;
  }

  floatConst(hint: string, dims: number[], values: ArrayLike<number>): string {
    if (values.length <= 16) {
      const key = `f|${dims.join(',')}|${Array.from(values).join(',')}`;
      return this.cachedConst(key, hint, (n) => floatTensor(n, dims, values));
    }
    return this.initializer(hint, (n) => floatTensor(n, dims, values));
  }

  int64Const(hint: string, dims: number[], values: ArrayLike<number>): string {
    if (values.length <= 16) {
      const key = `i64|${dims.join(',')}|${Array.from(values).join(',')}`;
      return this.cachedConst(key, hint, (n) => int64Tensor(n, dims, values));
    }
    return this.initializer(hint, (n) => int64Tensor(n, dims, values));
  }

  int32Const(hint: string, dims: number[], values: ArrayLike<number>): string {
    return this.initializer(hint, (n) => int32Tensor(n, dims, values));
  }

  stringConst(hint: string, dims: number[], values: string[]): string {
    return this.initializer(hint, (n) => stringTensor(n, dims, values));
  }

  /** Scalar float constant. */
  scalar(value: number): string {
    return this.floatConst(`scalar_${value}`, [], [value]);
  }

  /** 1-D int64 constant (axes, shapes, starts/ends …). */
  ints(values: number[]): string {
    return this.int64Const(`ints_${values.join('_')}`, [values.length], values);
  }

  /** Appends a node; returns its output names. */
  op(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, opts: OpOptions = {}): string[] {
    const outputs =
      Array.isArray(opts.outputs) ? opts.outputs : Array.from({ length: opts.outputs ?? 1 }, () => this.fresh(opType));
    const attribute = Object.entries(attrs).map(([name, a]) => ({ name, ...a }) as AttributeProto);
    const node: NodeProto = { input: inputs, output: outputs, name: this.freshNodeName(opType), opType };
    if (attribute.length > 0) node.attribute = attribute;
    if (opts.domain) {
      node.domain = opts.domain;
      this.domainsUsed.add(opts.domain);
    }
    this.nodes.push(node);
    return outputs;
  }

  /** Appends a single-output node; returns the output name. */
  op1(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, opts: Omit<OpOptions, 'outputs'> & { output?: string } = {}): string {
    const out = this.op(opType, inputs, attrs, { ...opts, outputs: opts.output === undefined ? 1 : [opts.output] });
    return out[0]!;
  }

  /** Renames the producer of `from` so it writes `to` instead, or adds an Identity when it cannot. */
  bindOutput(from: string, to: string): void {
    const producer = this.nodes.find((n) => n.output.includes(from));
    const isGraphInput = this.inputs.some((i) => i.name === from);
    const isConsumed = this.nodes.some((n) => n.input.includes(from));
    const isOutput = this.outputs.some((o) => o.name === from);
    if (producer && !isGraphInput && !isConsumed && !isOutput) {
      producer.output = producer.output.map((o) => (o === from ? to : o));
      return;
    }
    this.op1('Identity', [from], {}, { output: to });
  }

  build(name: string, docString?: string): GraphProto {
    const g: GraphProto = {
      name,
      node: this.nodes,
      initializer: this.initializers,
      input: this.inputs,
      output: this.outputs,
    };
    if (docString) g.docString = docString;
    return g;
  }
}

export { DataType };
