// Seeded generators for bad-input fuzzing: GraphQL documents and variables, CSV files, ONNX files.
// Everything derives from one integer seed, so a failure reproduces with FUZZ_SEED=<seed>.
import { DataType, encodeModel, type TensorProto } from '@modelgraph/onnx-export';

/** mulberry32. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
export type Prng = ReturnType<typeof prng>;

// ------------------------------------------------------------------------------------ values

const WEIRD_STRINGS = [
  '',
  ' ',
  'null',
  'undefined',
  '0',
  '-1',
  'NaN',
  '1e309',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  "'; DROP TABLE \"Dataset\"; --",
  '../../etc/passwd',
  '\u0000',
  '\ud800',
  '\u202e\u0301é漢字🙂',
  '{"$where": 1}',
  'eyJjcmVhdGVkQXQiOiJub3QgYSBkYXRlIiwiaWQiOiJ4In0', // base64url of a cursor-shaped JSON with bad fields
  'W10',
  'bnVsbA',
  '%00%ff',
  'production',
  'a'.repeat(300),
];

/** A random JSON value: scalars of every kind, odd strings, nesting. */
export function randomJson(r: Prng, depth = 0): unknown {
  const roll = r.int(depth > 3 ? 6 : 9);
  switch (roll) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick([0, -1, 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 1, 1e308, -1e-308, 0.5, 1024, 1025, 4097]);
    case 3:
      return r.next() * 10 ** r.int(12) * (r.chance(0.3) ? -1 : 1);
    case 4:
    case 5:
      return r.chance(0.1) ? 'x'.repeat(r.int(100_000)) : r.pick(WEIRD_STRINGS);
    case 6:
      return Array.from({ length: r.int(5) }, () => randomJson(r, depth + 1));
    case 7:
      return Object.fromEntries(Array.from({ length: r.int(5) }, () => [r.pick(['id', 'name', 'modelId', 'input', 'first', 'after', '__proto__', 'constructor', 'x']), randomJson(r, depth + 1)]));
    default:
      return Array.from({ length: r.int(3) }, () => Array.from({ length: r.int(4) }, () => r.next()));
  }
}

// ------------------------------------------------------------------------------------ GraphQL

const PUNCTUATORS = ['{', '}', '(', ')', '[', ']', ':', '$', '!', '=', '@', '...', '|', '&', ',', '"', '"""', '#', '\n', ' '];
const NAMES = [
  'query', 'mutation', 'subscription', 'fragment', 'on', 'true', 'false', 'null', '__typename', '__schema', '__type',
  'me', 'ping', 'datasets', 'dataset', 'datasetVersion', 'models', 'model', 'run', 'runs', 'compareRuns', 'validateModel',
  'predict', 'usage', 'apiKeys', 'createDataset', 'createDatasetVersion', 'updateColumnTypes', 'deleteDataset', 'createModel',
  'startRun', 'cancelRun', 'setAlias', 'deleteAlias', 'updateBatching', 'createApiKey', 'revokeApiKey', 'createTenant',
  'edges', 'node', 'id', 'name', 'versions', 'preview', 'columns', 'stats', 'histogram', 'epochs', 'input', 'first', 'after',
  'include', 'skip', 'deprecated', 'if', 'String', 'Int', 'ID', 'JSON', 'CreateModelInput', 'PredictInput',
];

/** A document of random tokens from the schema's vocabulary. */
export function randomDocument(r: Prng): string {
  const n = 1 + r.int(60);
  const parts: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const roll = r.int(10);
    if (roll < 4) parts.push(r.pick(PUNCTUATORS));
    else if (roll < 8) parts.push(r.pick(NAMES));
    else if (roll < 9) parts.push(String(r.pick(['0', '-1', '1.5', '1e999', '9223372036854775808', '"s"', '"\\u0000"', '"\\ud800"', '"""b"""'])));
    else parts.push(String.fromCharCode(r.int(0x3000)));
    parts.push(r.chance(0.7) ? ' ' : '');
  }
  return parts.join('');
}

/** One string-level mutation of a document. */
export function mutateDocument(r: Prng, doc: string): string {
  const at = r.int(doc.length + 1);
  const span = 1 + r.int(Math.max(1, Math.floor(doc.length / 4)));
  switch (r.int(9)) {
    case 0:
      return doc.slice(0, at) + doc.slice(at + span);
    case 1:
      return doc.slice(0, at) + r.pick(PUNCTUATORS) + doc.slice(at);
    case 2:
      return doc.slice(0, at) + r.pick(NAMES) + doc.slice(at);
    case 3:
      return doc.slice(0, at) + doc.slice(at, at + span) + doc.slice(at);
    case 4:
      return doc.slice(0, at);
    case 5: {
      // Replace one name with another.
      const names = [...doc.matchAll(/[_A-Za-z][_0-9A-Za-z]*/g)];
      if (names.length === 0) return doc + r.pick(NAMES);
      const m = r.pick(names);
      return doc.slice(0, m.index) + r.pick(NAMES) + doc.slice(m.index! + m[0].length);
    }
    case 6: {
      // Replace one literal with an odd one.
      const literals = [...doc.matchAll(/-?\d+(\.\d+)?|"(?:[^"\\]|\\.)*"/g)];
      const odd = r.pick(['-1', '0', '2147483648', '1e400', '"\\u0000"', '""', 'null', '[1,[2]]', '{a:1}', '$nope', '"' + 'z'.repeat(5000) + '"']);
      if (literals.length === 0) return doc.slice(0, at) + odd + doc.slice(at);
      const m = r.pick(literals);
      return doc.slice(0, m.index) + odd + doc.slice(m.index! + m[0].length);
    }
    case 7:
      // Nest a selection deeper.
      return doc.replace(/\{/, `{ ${'a { '.repeat(r.int(30))}`);
    default:
      // Repeat a field under many aliases, or add directives.
      return r.chance(0.5)
        ? doc.replace(/\{\s*/, `{ ${Array.from({ length: r.int(60) }, (_, i) => `x${i}: __typename`).join(' ')} `)
        : doc.replace(/\}\s*$/, ` ${'@include(if: true) '.repeat(r.int(40))}}`);
  }
}

// ------------------------------------------------------------------------------------ CSV

/** Seed CSVs that the platform accepts, to mutate from. */
export const SEED_CSVS = [
  'a,b,y\n1,2,3\n4,5,9\n7,8,15\n2,2,4\n',
  'age,city,joined,label\n31,Paris,2021-03-04,yes\n45,"New York, NY",2019-12-31,no\n,Berlin,,yes\n28,Paris,2020-01-01,no\n',
  'text,score\n"hello, world",1.5\n"she said ""hi""",2\n"multi\nline",3\nplain,4\n',
  '\ufeffx;y\r\n1;2\r\n3;4\r\n',
  'id,flag,value\n1,true,0.1\n2,false,0.2\n3,true,NA\n4,,0.4\n',
  'only\n1\n2\n3\n',
];

const CSV_BITS = [',', '"', '""', '\n', '\r\n', '\r', ';', '\t', '\u0000', '\ufeff', 'NA', 'NaN', '-', '1e309', '\\', '\u2028', '\ud800', ' ', '=cmd|', 'é'];

export function mutateCsv(r: Prng, csv: string): Buffer {
  let text = csv;
  const rounds = 1 + r.int(4);
  for (let i = 0; i < rounds; i += 1) {
    const at = r.int(text.length + 1);
    switch (r.int(10)) {
      case 0:
        text = text.slice(0, at) + r.pick(CSV_BITS) + text.slice(at);
        break;
      case 1:
        text = text.slice(0, at) + text.slice(at + 1 + r.int(10));
        break;
      case 2:
        text = text.slice(0, at);
        break;
      case 3: {
        const lines = text.split('\n');
        lines.splice(r.int(lines.length), 0, lines[r.int(lines.length)] ?? '');
        text = lines.join('\n');
        break;
      }
      case 4:
        // A very wide row, or very many columns in the header.
        text = text.replace(/\n/, `${','.repeat(r.pick([10, 1000, 5000]))}\n`);
        break;
      case 5:
        // A long field.
        text = text.slice(0, at) + 'v'.repeat(r.pick([1000, 100_000])) + text.slice(at);
        break;
      case 6:
        // Many rows.
        text += Array.from({ length: r.pick([10, 500, 3000]) }, (_, j) => `${j},${j % 3},x${j}`).join('\n');
        break;
      case 7: {
        const header = text.split('\n')[0] ?? '';
        text = `${header}\n${header}\n${text}`;
        break;
      }
      case 8:
        text = text.replace(/[^\n,]+/, r.pick(['', '"', 'a,a', 'label', '__proto__', 'x'.repeat(300)]));
        break;
      default:
        break;
    }
  }
  const bytes = Buffer.from(text, 'utf8');
  if (r.chance(0.15) && bytes.length > 0) {
    // Invalid UTF-8 / binary noise.
    for (let i = 0; i < 1 + r.int(8); i += 1) bytes[r.int(bytes.length)] = r.int(256);
  }
  return bytes;
}

export function randomBytes(r: Prng, max: number): Buffer {
  return Buffer.from(Array.from({ length: r.int(max) }, () => r.int(256)));
}

// ------------------------------------------------------------------------------------ ONNX

function floatTensor(name: string, dims: number[], values: number[]): TensorProto {
  return { name, dataType: DataType.FLOAT, dims, rawData: new Uint8Array(Float32Array.from(values).buffer) };
}

/** A valid regression model: y[N,1] = x[N,2] · W + b. */
export function linearOnnx(): Uint8Array {
  return encodeModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'modelgraph-fuzz',
    graph: {
      name: 'linear',
      node: [
        { input: ['x', 'W'], output: ['xw'], opType: 'MatMul' },
        { input: ['xw', 'b'], output: ['y'], opType: 'Add' },
      ],
      initializer: [floatTensor('W', [2, 1], [2, 1]), floatTensor('b', [1], [0.5])],
      input: [{ name: 'x', elemType: DataType.FLOAT, shape: ['N', 2] }],
      output: [{ name: 'y', elemType: DataType.FLOAT, shape: ['N', 1] }],
    },
  });
}

export const LINEAR_SIGNATURE = {
  inputs: [{ name: 'x', type: 'FLOAT32', shape: [null, 2] }],
  outputs: [{ name: 'y', type: 'FLOAT32', shape: [null, 1] }],
};

export function mutateOnnx(r: Prng, base: Uint8Array): Buffer {
  const bytes = Buffer.from(base);
  switch (r.int(7)) {
    case 0: {
      for (let k = 0; k < 1 + r.int(6); k += 1) {
        const i = r.int(bytes.length);
        bytes[i] = bytes[i]! ^ (1 << r.int(8));
      }
      return bytes;
    }
    case 1:
      return bytes.subarray(0, r.int(bytes.length));
    case 2: {
      const at = r.int(bytes.length);
      return Buffer.concat([bytes.subarray(0, at), randomBytes(r, 64), bytes.subarray(at)]);
    }
    case 3: {
      // Overwrite a byte with a large varint continuation (lengths gone wrong).
      const at = r.int(bytes.length);
      bytes[at] = 0xff;
      if (at + 1 < bytes.length) bytes[at + 1] = 0xff;
      return bytes;
    }
    case 4: {
      const at = r.int(bytes.length);
      const len = r.int(bytes.length - at);
      return Buffer.concat([bytes.subarray(0, at + len), bytes.subarray(at, at + len), bytes.subarray(at + len)]);
    }
    case 5:
      return randomBytes(r, 2048);
    default:
      // The valid file, kept for the signature mutations.
      return bytes;
  }
}
