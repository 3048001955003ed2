import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './support/gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => gw?.close());

describe('operations endpoints', () => {
  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${gw.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${gw.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('exports request counts and latency histograms by operation on /metrics', async () => {
    const { adminKey } = await gw.createTenant();
    for (let i = 0; i < 3; i += 1) await gw.gql('query WhoAmI { me { isOperator } }', {}, adminKey);
    await gw.gql('query Broken { apiKeys(first: 0) { edges { cursor } } }', {}, adminKey);
    const res = await fetch(`${gw.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/modelgraph_graphql_operations_total\{operation="WhoAmI",type="query",outcome="ok"\} 3/);
    expect(text).toMatch(/modelgraph_graphql_operations_total\{operation="Broken",type="query",outcome="error"\} 1/);
    expect(text).toMatch(/modelgraph_graphql_operation_duration_seconds_bucket\{le="[^"]+",operation="WhoAmI",type="query"\} \d+/);
    expect(text).toMatch(/modelgraph_graphql_operation_duration_seconds_count\{operation="WhoAmI",type="query"\} 3/);
    expect(text).toMatch(/modelgraph_http_requests_total\{route="graphql",status="200"\}/);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await fetch(`${gw.url}/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
