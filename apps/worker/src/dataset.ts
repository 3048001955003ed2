// Turns a stored dataset version into training arrays, applying exactly the fitted preprocessing
// that serving applies, with rows assigned to splits as stored with the version.
import {
  createDecryptStream,
  createTransformer,
  decodeSplits,
  deriveTenantKey,
  parseRecords,
  type DataFormat,
  type FittedPreprocessing,
} from '@modelgraph/dataset-core';
import type { ArtifactStore } from '@modelgraph/artifact-store';

export interface SplitArrays {
  x: Float32Array;
  y: Float32Array;
  n: number;
}

/** Growable Float32 buffer: avoids a JS number[] per value for large datasets. */
class FloatBuffer {
  private data = new Float32Array(1024);
  length = 0;
  push(values: ArrayLike<number>) {
    if (this.length + values.length > this.data.length) {
      let size = this.data.length * 2;
      while (size < this.length + values.length) size *= 2;
      const next = new Float32Array(size);
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
    this.data.set(values, this.length);
    this.length += values.length;
  }
  finish(): Float32Array {
    return this.data.slice(0, this.length);
  }
}

export async function loadTrainingData(args: {
  store: ArtifactStore;
  masterKey: Buffer;
  tenantId: string;
  storageKey: string;
  format: DataFormat;
  fitted: FittedPreprocessing;
  split: { assignment: string };
  rowCount: number;
}): Promise<{ train: SplitArrays; validation: SplitArrays; test: SplitArrays; featureShape: number[] }> {
  const transformer = createTransformer(args.fitted);
  const assignment = decodeSplits(args.split.assignment, args.rowCount);
  const buffers = [0, 1, 2].map(() => ({ x: new FloatBuffer(), y: new FloatBuffer(), n: 0 }));
  const encrypted = await args.store.get(args.storageKey);
  const plain = encrypted.pipe(createDecryptStream(deriveTenantKey(args.masterKey, args.tenantId)));
  encrypted.on('error', (error) => plain.destroy(error));
  let index = 0;
  for await (const record of parseRecords(plain, { format: args.format, maxBytes: Number.MAX_SAFE_INTEGER })) {
    const split = assignment[index] ?? 0;
    index += 1;
    const row = transformer.transform(record.values, 'train');
    if (!row || row.label === undefined) continue;
    const target = buffers[split]!;
    target.x.push(row.features);
    // Classification labels are class indices; a one-hot label is turned back into its index.
    target.y.push([Array.isArray(row.label) ? row.label.indexOf(Math.max(...row.label)) : row.label]);
    target.n += 1;
  }
  const [train, validation, test] = buffers.map((b) => ({ x: b.x.finish(), y: b.y.finish(), n: b.n }));
  return { train: train!, validation: validation!, test: test!, featureShape: [...transformer.featureShape] };
}
