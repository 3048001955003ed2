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
