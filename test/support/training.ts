import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createTransformer, parseFittedPreprocessing } from '@modelgraph/dataset-core';
import { loadModel } from '@modelgraph/training-core';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { expect } from 'vitest';
import type { TestGateway } from './gateway.ts';

export async function createDatasetVersion(gw: TestGateway, key: string, input: Record<string, unknown> & { name: string }) {
  const { name, ...versionInput } = input;
  const dataset = await gw.gql(`mutation($name: String!) { createDataset(input: { name: $name }) { dataset { id } } }`, { name }, key);
  if (!dataset.data) throw new Error(JSON.stringify(dataset.errors));
  const version = await gw.gql(
    `mutation($input: CreateDatasetVersionInput!) { createDatasetVersion(input: $input) { datasetVersion { id featureShape labelClasses } } }`,
    { input: { datasetId: dataset.data.createDataset.dataset.id, ...versionInput } },
    key,
  );
  if (!version.data) throw new Error(JSON.stringify(version.errors));
  return version.data.createDatasetVersion.datasetVersion as { id: string; featureShape: number[]; labelClasses: string[] | null };
}

export async function createModel(gw: TestGateway, key: string, input: Record<string, unknown>): Promise<string> {
  const res = await gw.gql(`mutation($input: CreateModelInput!) { createModel(input: $input) { model { id } } }`, { input }, key);
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.createModel.model.id;
}

export async function startRun(gw: TestGateway, key: string, modelId: string): Promise<string> {
  const res = await gw.gql(`mutation($id: ID!) { startRun(input: { modelId: $id }) { run { id status } } }`, { id: modelId }, key);
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  expect(res.data.startRun.run.status).toBe('QUEUED');
  return res.data.startRun.run.id;
}

export const RUN_FIELDS = `id status backend attempt error log plannedEpochs queuedAt startedAt finishedAt
  epochs { epoch loss valLoss metrics durationMs }
  evaluation { task count mse mae r2 accuracy macroF1 rocAuc labels perClass { label precision recall f1 support } confusionMatrix }
  modelVersion { id version }`;

export async function waitForRun(gw: TestGateway, key: string, runId: string, timeoutMs = 240_000, until: (run: any) => boolean = (r) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(r.status)) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await gw.gql(`query($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`, { id: runId }, key);
    const run = res.data?.run;
    if (run && until(run)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} did not reach the expected state: ${JSON.stringify(run)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

export function wsClient(gw: TestGateway, key: string, extra: Partial<Parameters<typeof createClient>[0]> = {}): Client {
  return createClient({
    url: gw.graphqlUrl.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${key}` },
    retryAttempts: 0,
    ...extra,
  });
}

/** The trained tfjs model of a version and its dataset's transform, as the worker stored them. */
export async function tfjsReference(gw: TestGateway, modelId: string, version: number) {
  const row = await gw.db.modelVersion.findFirstOrThrow({
    where: { modelDefinitionId: modelId, version },
    include: { modelDefinition: { include: { datasetVersion: true } } },
  });
  const root = (gw.platform.store as unknown as { root: string }).root;
  const dir = path.join(root, ...row.tfjsStorageKey!.split('/'));
  const model = await loadModel(tf, {
    modelJson: JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')),
    weights: readFileSync(path.join(dir, 'weights.bin')),
  });
  const transformer = createTransformer(parseFittedPreprocessing(row.modelDefinition.datasetVersion!.fittedParams));
  const predict = (features: number[][], shape: number[]) => {
    const input = tf.tensor(features.flat(), [features.length, ...shape]);
    const output = model.predict(input) as tf.Tensor;
    const values = output.arraySync() as number[][];
    input.dispose();
    output.dispose();
    return values;
  };
  return { model, transformer, predict };
}
