import { readdirSync, existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, startTestGateway, type TestGateway } from './support/gateway.ts';
import { toCsv, toJsonLines, vegaJson } from './support/data.ts';

let gw: TestGateway;
let key: string;
let tenantId: string;
beforeAll(async () => {
  gw = await startTestGateway();
  ({ adminKey: key, tenantId } = await gw.createTenant('datasets'));
});
afterAll(async () => gw?.close());

const VERSION_FIELDS = `
  id version format rowCount byteSize sha256 labelColumn task labelClasses featureShape featureNames
  columns { name type inferredType role stats { count missing distinctCount min max mean std topValues { value count } meanTokens maxTokens vocabularySize histogram { start end count } } }
  warnings { code column message }
  splits { seed stratified train validation test trainFraction validationFraction testFraction }
`;

async function createDataset(name: string): Promise<string> {
  const res = await gw.gql(`mutation($input: CreateDatasetInput!) { createDataset(input: $input) { dataset { id name } } }`, { input: { name } }, key);
  expect(res.errors).toBeUndefined();
  return res.data!.createDataset.dataset.id;
}

async function createVersion(input: Record<string, unknown>, apiKey = key) {
  return gw.gql(
    `mutation($input: CreateDatasetVersionInput!) { createDatasetVersion(input: $input) { datasetVersion { ${VERSION_FIELDS} } } }`,
    { input },
    apiKey,
  );
}

function upload(datasetId: string, body: string | Uint8Array, query: string, apiKey = key) {
  return fetch(`${gw.url}/upload/datasets/${datasetId}/versions?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/octet-stream' },
    body: typeof body === "string" ? body : new Blob([new Uint8Array(body)]),
  });
}

/** Every stored file of a dataset (the artifact store is a folder in tests). */
function storedFiles(datasetId: string): string[] {
  const dir = path.join((gw.platform.store as unknown as { root: string }).root, 'tenants', tenantId, 'datasets', datasetId);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
}

describe('dataset ingest', () => {
  it('ingests a CSV with missing values and categories (cars) and infers types and stats', async () => {
    const cars = vegaJson('cars.json');
    const datasetId = await createDataset('cars');
    const res = await createVersion({ datasetId, format: 'CSV', content: toCsv(cars), labelColumn: 'Miles_per_Gallon' });
    expect(res.errors).toBeUndefined();
    const v = res.data!.createDatasetVersion.datasetVersion;
    expect(v).toMatchObject({ version: 1, format: 'CSV', rowCount: 406, labelColumn: 'Miles_per_Gallon', task: 'REGRESSION', labelClasses: null });
    expect(v.sha256).toMatch(/^[0-9a-f]{64}$/);
    const col = (name: string) => v.columns.find((c: any) => c.name === name);
    expect(col('Miles_per_Gallon')).toMatchObject({ type: 'NUMERIC', role: 'LABEL' });
    expect(col('Miles_per_Gallon').stats).toMatchObject({ count: 398, missing: 8, min: 9, max: 46.6 });
    expect(col('Horsepower').stats.missing).toBe(6);
    expect(col('Origin')).toMatchObject({ type: 'CATEGORICAL', role: 'FEATURE' });
    expect(col('Origin').stats.topValues.map((t: any) => t.value).sort()).toEqual(['Europe', 'Japan', 'USA']);
    expect(col('Origin').stats.topValues.find((t: any) => t.value === 'USA').count).toBe(254);
    expect(col('Year').type).toBe('DATETIME');
    // Histogram over all rows for numeric columns.
    const histogram = col('Weight_in_lbs').stats.histogram;
    expect(histogram.length).toBe(20);
    expect(histogram.reduce((s: number, b: any) => s + b.count, 0)).toBe(406);
    // Features: one-hot categories named by value; the label is not a feature.
    expect(v.featureNames).toEqual(expect.arrayContaining(['Origin=USA', 'Origin=Japan', 'Origin=Europe', 'Horsepower']));
    expect(v.featureNames).not.toContain('Miles_per_Gallon');
    expect(v.featureShape).toEqual([v.featureNames.length]);
    // Default split 80/10/10, seeded, not stratified for regression.
    expect(v.splits).toMatchObject({ seed: 42, stratified: false, trainFraction: 0.8 });
    expect(v.splits.train + v.splits.validation + v.splits.test).toBe(406);
    expect(Math.abs(v.splits.train - 325)).toBeLessThanOrEqual(2);
  });

  it('ingests JSON lines (penguins), stratifies the split by class, and pages the preview', async () => {
    const penguins = vegaJson('penguins.json');
    const datasetId = await createDataset('penguins');
    const res = await createVersion({
      datasetId,
      format: 'JSONL',
      content: toJsonLines(penguins),
      labelColumn: 'Species',
      split: { train: 0.6, validation: 0.2, test: 0.2, seed: 7 },
    });
    expect(res.errors).toBeUndefined();
    const v = res.data!.createDatasetVersion.datasetVersion;
    expect(v).toMatchObject({ rowCount: 344, task: 'CLASSIFICATION', labelClasses: ['Adelie', 'Chinstrap', 'Gentoo'] });
    expect(v.splits).toMatchObject({ seed: 7, stratified: true });
    expect(v.splits.train + v.splits.validation + v.splits.test).toBe(344);
    expect(Math.abs(v.splits.test - 69)).toBeLessThanOrEqual(3);

    // Same data and seed → same split (stored per version, reproducible).
    const again = await createVersion({ datasetId, format: 'JSONL', content: toJsonLines(penguins), labelColumn: 'Species', split: { train: 0.6, validation: 0.2, test: 0.2, seed: 7 } });
    expect(again.data!.createDatasetVersion.datasetVersion.splits).toEqual(v.splits);
    expect(again.data!.createDatasetVersion.datasetVersion.version).toBe(2);

    const page1 = await gw.gql(
      `query($id: ID!) { datasetVersion(id: $id) { preview(first: 2) { edges { cursor node } pageInfo { hasNextPage endCursor } } } }`,
      { id: v.id },
      key,
    );
    const preview = page1.data!.datasetVersion.preview;
    expect(preview.edges.map((e: any) => e.node)).toEqual([penguins[0], penguins[1]]);
    const page2 = await gw.gql(
      `query($id: ID!, $after: String) { datasetVersion(id: $id) { preview(first: 2, after: $after) { edges { node } pageInfo { hasPreviousPage } } } }`,
      { id: v.id, after: preview.pageInfo.endCursor },
      key,
    );
    expect(page2.data!.datasetVersion.preview.edges.map((e: any) => e.node)).toEqual([penguins[2], penguins[3]]);

    const listed = await gw.gql(
      `query($id: ID!) { dataset(id: $id) { name latestVersion { version } versions { edges { node { version rowCount } } } } }`,
      { id: datasetId },
      key,
    );
    expect(listed.data!.dataset).toEqual({
      name: 'penguins',
      latestVersion: { version: 2 },
      versions: { edges: [{ node: { version: 2, rowCount: 344 } }, { node: { version: 1, rowCount: 344 } }] },
    });
  });

  it('ingests a JSON array and a text column tokenised with a vocabulary', async () => {
    const words = ['great', 'awful', 'fine', 'movie', 'plot', 'acting', 'boring', 'superb', 'the', 'was'];
    const records = Array.from({ length: 120 }, (_, i) => ({
      review: Array.from({ length: 4 + (i % 7) }, (_, j) => words[(i * 3 + j * 7) % words.length]).join(' ') + ` id${i}`,
      sentiment: i % 2 === 0 ? 'positive' : 'negative',
    }));
    const datasetId = await createDataset('reviews');
    const res = await createVersion({ datasetId, format: 'JSON', content: JSON.stringify(records), labelColumn: 'sentiment' });
    expect(res.errors).toBeUndefined();
    const v = res.data!.createDatasetVersion.datasetVersion;
    const review = v.columns.find((c: any) => c.name === 'review');
    expect(review.type).toBe('TEXT');
    expect(review.stats.maxTokens).toBeGreaterThanOrEqual(11);
    expect(review.stats.meanTokens).toBeGreaterThan(4);
    expect(review.stats.vocabularySize).toBeGreaterThanOrEqual(10);
    // A text column becomes an integer sequence padded/truncated to a fixed length.
    expect(v.featureShape.length).toBe(1);
    expect(v.featureShape[0]).toBeGreaterThan(0);
  });

  it('streams a large upload through the HTTP endpoint and encrypts it at rest', async () => {
    const cars = vegaJson('cars.json');
    const many = Array.from({ length: 25 }, () => cars).flat();
    const csv = toCsv(many);
    const datasetId = await createDataset('cars-stream');
    const res = await upload(datasetId, csv, 'format=csv&labelColumn=Origin&options=' + encodeURIComponent(JSON.stringify({ split: { train: 0.7, validation: 0.15, test: 0.15, seed: 3 } })));
    expect(res.status).toBe(201);
    const body = (await res.json()) as any;
    expect(body.data.datasetVersion).toMatchObject({ rowCount: 406 * 25, labelColumn: 'Origin', byteSize: Buffer.byteLength(csv) });
    const { createHash } = await import('node:crypto');
    expect(body.data.datasetVersion.sha256).toBe(createHash('sha256').update(csv).digest('hex'));

    // At rest the file is ciphertext: no plaintext line of the CSV appears in it.
    const root = (gw.platform.store as unknown as { root: string }).root;
    const { readFileSync } = await import('node:fs');
    const files = readdirSync(path.join(root, 'tenants', tenantId, 'datasets', datasetId), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files).toHaveLength(1);
    const stored = readFileSync(path.join(files[0]!.parentPath, files[0]!.name));
    expect(stored.includes(Buffer.from('chevrolet chevelle malibu'))).toBe(false);
    expect(stored.length).toBeGreaterThan(Buffer.byteLength(csv));

    const version = await gw.gql(`query($id: ID!) { datasetVersion(id: $id) { task labelClasses splits { stratified train } preview(first: 1) { edges { node } } } }`, { id: body.data.datasetVersion.id }, key);
    expect(version.data!.datasetVersion).toMatchObject({ task: 'CLASSIFICATION', labelClasses: ['Europe', 'Japan', 'USA'], splits: { stratified: true } });
    expect(version.data!.datasetVersion.preview.edges[0].node.Name).toBe('chevrolet chevelle malibu');
  });

  it('lets the user override column types and the label, then refits', async () => {
    const cars = vegaJson('cars.json');
    const datasetId = await createDataset('cars-override');
    const created = await createVersion({ datasetId, format: 'CSV', content: toCsv(cars), columnTypes: [{ column: 'Cylinders', type: 'CATEGORICAL' }] });
    expect(created.errors).toBeUndefined();
    const v = created.data!.createDatasetVersion.datasetVersion;
    expect(v.columns.find((c: any) => c.name === 'Cylinders')).toMatchObject({ type: 'CATEGORICAL', inferredType: 'NUMERIC' });
    expect(v.featureNames).toContain('Cylinders=4');
    expect(v.labelColumn).toBeNull();

    const updated = await gw.gql(
      `mutation($input: UpdateColumnTypesInput!) { updateColumnTypes(input: $input) { datasetVersion { labelColumn task labelClasses featureNames columns { name type } } } }`,
      { input: { datasetVersionId: v.id, columnTypes: [{ column: 'Cylinders', type: 'NUMERIC' }], labelColumn: 'Origin' } },
      key,
    );
    expect(updated.errors).toBeUndefined();
    const u = updated.data!.updateColumnTypes.datasetVersion;
    expect(u).toMatchObject({ labelColumn: 'Origin', task: 'CLASSIFICATION' });
    expect(u.featureNames).toContain('Cylinders');
    expect(u.featureNames).not.toContain('Cylinders=4');

    const bad = await gw.gql(
      `mutation($input: UpdateColumnTypesInput!) { updateColumnTypes(input: $input) { datasetVersion { id } } }`,
      { input: { datasetVersionId: v.id, columnTypes: [{ column: 'Name', type: 'NUMERIC' }] } },
      key,
    );
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors![0]!.extensions).toMatchObject({ column: 'Name' });
  });
});

describe('bad input', () => {
  const header = 'a,b,label\n';

  async function expectRejected(input: Record<string, unknown>, reason: string, match: RegExp) {
    const datasetId = await createDataset(`bad-${reason}-${Math.random().toString(36).slice(2, 8)}`);
    const res = await createVersion({ datasetId, format: 'CSV', ...input });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.reason).toBe(reason);
    expect(res.errors![0]!.message).toMatch(match);
    // Nothing half-written: no version row and no stored file.
    expect(await gw.db.datasetVersion.count({ where: { datasetId } })).toBe(0);
    expect(storedFiles(datasetId)).toEqual([]);
    return res.errors![0]!;
  }

  it('refuses a ragged row naming the line', async () => {
    const error = await expectRejected({ content: `${header}1,2,x\n3,4,y\n5,6\n7,8,z\n` }, 'RAGGED_ROW', /line 4/);
    expect(error.extensions!.line).toBe(4);
  });

  it('refuses invalid UTF-8 naming the line', async () => {
    const datasetId = await createDataset('bad-encoding');
    const bytes = Buffer.concat([Buffer.from(`${header}1,2,x\n3,`), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from(',y\n')]);
    const res = await upload(datasetId, bytes, 'format=CSV');
    expect(res.status).toBe(400);
    const body = (await res.json()) as any;
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_ENCODING', line: 3 });
    expect(storedFiles(datasetId)).toEqual([]);
  });

  it('refuses an empty file and a header-only file', async () => {
    await expectRejected({ content: '' }, 'EMPTY_FILE', /empty|no data/i);
    await expectRejected({ content: header }, 'EMPTY_FILE', /no data|empty/i);
  });

  it('refuses a label column that does not exist, naming it', async () => {
    const error = await expectRejected({ content: `${header}1,2,x\n3,4,y\n`, labelColumn: 'target' }, 'UNKNOWN_COLUMN', /"target"/);
    expect(error.extensions!.column).toBe('target');
  });

  it('refuses a label with a single value and warns about a constant feature', async () => {
    await expectRejected({ content: `${header}1,2,x\n3,4,x\n5,6,x\n`, labelColumn: 'label' }, 'CONSTANT_COLUMN', /single value/);
    const datasetId = await createDataset('constant-feature');
    const ok = await createVersion({ datasetId, format: 'CSV', content: `${header}1,7,x\n3,7,y\n5,7,x\n8,7,y\n`, labelColumn: 'label' });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.createDatasetVersion.datasetVersion.warnings).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'CONSTANT_COLUMN', column: 'b' })]),
    );
  });

  it('accepts a BOM and quoted newlines', async () => {
    const datasetId = await createDataset('bom-quoted');
    const content = `\uFEFF${header}1,"multi\nline",x\n3,"plain",y\n`;
    const res = await createVersion({ datasetId, format: 'CSV', content });
    expect(res.errors).toBeUndefined();
    const v = res.data!.createDatasetVersion.datasetVersion;
    expect(v.rowCount).toBe(2);
    expect(v.columns.map((c: any) => c.name)).toEqual(['a', 'b', 'label']);
  });

  it('refuses bad split fractions and an unknown override type', async () => {
    const datasetId = await createDataset('bad-split');
    const res = await createVersion({ datasetId, format: 'CSV', content: `${header}1,2,x\n`, split: { train: 0.5, validation: 0.2, test: 0.2 } });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.message).toMatch(/add up to 1/);
    const override = await createVersion({ datasetId, format: 'CSV', content: `${header}1,2,x\n`, columnTypes: [{ column: 'zzz', type: 'NUMERIC' }] });
    expect(errorCodes(override)).toEqual(['BAD_USER_INPUT']);
    expect(override.errors![0]!.extensions!.column).toBe('zzz');
  });

  it('refuses a 10 GB upload at once with 413, keeping nothing', async () => {
    const datasetId = await createDataset('huge');
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${gw.url}/upload/datasets/${datasetId}/versions?format=CSV`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-length': String(10 * 1024 ** 3) },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      });
      req.on('error', reject);
      req.write(header);
    });
    expect(status).toBe(413);
    expect(JSON.parse(body).errors[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', reason: 'TOO_LARGE' });
    expect(storedFiles(datasetId)).toEqual([]);
  });

  it('refuses a stream that grows past the limit while uploading (no Content-Length)', async () => {
    const small = await startTestGateway({ platform: { maxUploadBytes: 64 * 1024 } });
    try {
      const { adminKey } = await small.createTenant();
      const created = await small.gql(`mutation { createDataset(input: { name: "x" }) { dataset { id } } }`, {}, adminKey);
      const datasetId = created.data!.createDataset.dataset.id;
      const rows = Array.from({ length: 20_000 }, (_, i) => `${i},${i * 2},x\n`).join('');
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(header + rows));
          controller.close();
        },
      });
      const res = await fetch(`${small.url}/upload/datasets/${datasetId}/versions?format=CSV`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminKey}` },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(413);
      expect(((await res.json()) as any).errors[0].extensions.reason).toBe('TOO_LARGE');
      expect(await small.db.datasetVersion.count()).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('answers a missing or unknown format clearly', async () => {
    const datasetId = await createDataset('no-format');
    const res = await upload(datasetId, `${header}1,2,x\n`, 'labelColumn=label');
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].message).toMatch(/format/);
  });
});

describe('datasets and tenants', () => {
  it("never shows or accepts uploads to another tenant's dataset", async () => {
    const other = await gw.createTenant('other');
    const datasetId = await createDataset('private');
    const v = await createVersion({ datasetId, format: 'CSV', content: 'a,b\n1,2\n3,4\n' });
    const versionId = v.data!.createDatasetVersion.datasetVersion.id;

    const get = await gw.gql(`query($id: ID!) { dataset(id: $id) { id } }`, { id: datasetId }, other.adminKey);
    expect(errorCodes(get)).toEqual(['NOT_FOUND']);
    const getVersion = await gw.gql(`query($id: ID!) { datasetVersion(id: $id) { id } }`, { id: versionId }, other.adminKey);
    expect(errorCodes(getVersion)).toEqual(['NOT_FOUND']);
    const list = await gw.gql(`{ datasets { edges { node { id } } } }`, {}, other.adminKey);
    expect(list.data!.datasets.edges).toEqual([]);
    const res = await upload(datasetId, 'a,b\n1,2\n', 'format=CSV', other.adminKey);
    expect(res.status).toBe(404);
    const del = await gw.gql(`mutation($id: ID!) { deleteDataset(input: { id: $id }) { deletedDatasetId } }`, { id: datasetId }, other.adminKey);
    expect(errorCodes(del)).toEqual(['NOT_FOUND']);
  });

  it('needs READ to read and WRITE to write', async () => {
    const reader = await gw.createKey(key, ['READ']);
    const writer = await gw.createKey(key, ['WRITE']);
    expect(errorCodes(await gw.gql(`mutation { createDataset(input: { name: "nope" }) { dataset { id } } }`, {}, reader.secret))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gw.gql(`{ datasets { edges { node { id } } } }`, {}, writer.secret))).toEqual(['FORBIDDEN']);
    expect((await gw.gql(`{ datasets { edges { node { id } } } }`, {}, reader.secret)).errors).toBeUndefined();
    const datasetId = await createDataset('scoped');
    expect((await upload(datasetId, 'a,b\n1,2\n', 'format=CSV', reader.secret)).status).toBe(403);
  });

  it('refuses a duplicate dataset name with CONFLICT', async () => {
    await createDataset('dupe');
    const res = await gw.gql(`mutation { createDataset(input: { name: "dupe" }) { dataset { id } } }`, {}, key);
    expect(errorCodes(res)).toEqual(['CONFLICT']);
  });
});

describe('deleteDataset', () => {
  it('deletes a dataset with its versions and files', async () => {
    const datasetId = await createDataset('doomed');
    await createVersion({ datasetId, format: 'CSV', content: 'a,b\n1,2\n3,4\n' });
    expect(storedFiles(datasetId).length).toBe(1);
    const res = await gw.gql(`mutation($id: ID!) { deleteDataset(input: { id: $id }) { deletedDatasetId } }`, { id: datasetId }, key);
    expect(res.data!.deleteDataset.deletedDatasetId).toBe(datasetId);
    expect(storedFiles(datasetId)).toEqual([]);
    expect(await gw.db.datasetVersion.count({ where: { datasetId } })).toBe(0);
    expect(errorCodes(await gw.gql(`query($id: ID!) { dataset(id: $id) { id } }`, { id: datasetId }, key))).toEqual(['NOT_FOUND']);
  });

  it('is refused while a model version depends on the dataset', async () => {
    const datasetId = await createDataset('in-use');
    const v = await createVersion({ datasetId, format: 'CSV', content: 'a,b\n1,2\n3,4\n5,6\n', labelColumn: 'b' });
    const versionId = v.data!.createDatasetVersion.datasetVersion.id;
    // A trained model on this version (rows as the training worker writes them).
    const model = await gw.db.modelDefinition.create({
      data: { tenantId, name: 'depends', datasetVersionId: versionId, task: 'REGRESSION', spec: {} },
    });
    await gw.db.modelVersion.create({ data: { tenantId, modelDefinitionId: model.id, version: 1 } });
    const res = await gw.gql(`mutation($id: ID!) { deleteDataset(input: { id: $id }) { deletedDatasetId } }`, { id: datasetId }, key);
    expect(errorCodes(res)).toEqual(['CONFLICT']);
    expect(res.errors![0]!.message).toMatch(/model "depends" version 1/);
    expect(await gw.db.datasetVersion.count({ where: { datasetId } })).toBe(1);
    expect(storedFiles(datasetId).length).toBe(1);
  });
});
