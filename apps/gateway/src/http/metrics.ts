import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// Operation names come from clients; cap how many distinct label values one process keeps.
const MAX_OPERATION_LABELS = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export interface GatewayMetrics {
  registry: Registry;
  httpRequests: Counter<'route' | 'status'>;
  operations: Counter<'operation' | 'type' | 'outcome'>;
  operationDuration: Histogram<'operation' | 'type'>;
  operationLabel(name: string | null | undefined): string;
  predictions: Counter;
  predictBatchRows: Histogram;
  predictBatchRequests: Histogram;
  predictQueueSeconds: Histogram;
  predictRunSeconds: Histogram;
}

/** One registry per gateway instance, so tests can run several gateways in one process. */
export function createMetrics(): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'modelgraph_' });
  const seen = new Set<string>();
  return {
    registry,
    httpRequests: new Counter({
      name: 'modelgraph_http_requests_total',
      help: 'HTTP requests by route and status code',
      labelNames: ['route', 'status'],
      registers: [registry],
    }),
    operations: new Counter({
      name: 'modelgraph_graphql_operations_total',
      help: 'GraphQL operations by name, type and outcome (ok | error)',
      labelNames: ['operation', 'type', 'outcome'],
      registers: [registry],
    }),
    operationDuration: new Histogram({
      name: 'modelgraph_graphql_operation_duration_seconds',
      help: 'GraphQL operation latency by name and type',
      labelNames: ['operation', 'type'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    predictions: new Counter({ name: 'modelgraph_predictions_total', help: 'Predicted rows', registers: [registry] }),
    predictBatchRows: new Histogram({
      name: 'modelgraph_predict_batch_rows',
      help: 'Rows per ONNX inference after dynamic batching',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
      registers: [registry],
    }),
    predictBatchRequests: new Histogram({
      name: 'modelgraph_predict_batch_requests',
      help: 'Predict calls coalesced into one ONNX inference',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128],
      registers: [registry],
    }),
    predictQueueSeconds: new Histogram({
      name: 'modelgraph_predict_queue_seconds',
      help: 'Time the first call of a batch waited before its inference started',
      buckets: [0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers: [registry],
    }),
    predictRunSeconds: new Histogram({
      name: 'modelgraph_predict_run_seconds',
      help: 'ONNX inference time per batch',
      buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    operationLabel(name) {
      if (!name || !OPERATION_NAME.test(name)) return 'anonymous';
      if (seen.has(name)) return name;
      if (seen.size >= MAX_OPERATION_LABELS) return 'other';
      seen.add(name);
      return name;
    },
  };
}
