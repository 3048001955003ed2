import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { ConsoleHandler } from '@modelgraph/console/serve';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailableError, isUnstorableTextError, pingDatabase, type PrismaClient } from '@modelgraph/db';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from '../config.ts';
import { createLoaders, type GraphQLContext } from '../context.ts';
import { AppError, PUBLIC_ERROR_CODES } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { resolvers } from '../resolvers/index.ts';
import { loadTypeDefs } from '../schema.ts';
import { createAuthenticator } from '../services/auth.ts';
import { createInferenceService, type InferenceOptions, type PredictInput } from '../services/inference.ts';
import type { Actor, Platform } from '../services/context.ts';
import { BodyTooLargeError, readBody } from './body.ts';
import { LIMIT_CODE_EXTENSION, limitValidationRules, tokenLimitExceeded } from './limits.ts';
import { createMetrics, type GatewayMetrics } from './metrics.ts';
import { createFastPredict } from './fast-predict.ts';
import { attachSubscriptionServer } from './subscriptions.ts';
import { MODEL_IMPORT_ROUTE, UPLOAD_ROUTE, handleDatasetUpload, handleModelImport } from './upload.ts';

export interface GatewayOptions {
  db: PrismaClient;
  logger: Logger;
  platform: Platform;
  /** Platform operator key: may create tenants. */
  operatorKey?: string;
  maxBodyBytes?: number;
  limits?: Partial<QueryLimits>;
  /** Serves the admin console under /console (npm start passes one). */
  console?: ConsoleHandler;
  /** Serving settings: rate limits and session cache sizes. */
  inference?: Omit<InferenceOptions, 'db' | 'store' | 'logger' | 'metrics'>;
  /** Readiness probe; defaults to a `SELECT 1` on the database. */
  isReady?: () => Promise<boolean>;
}

export interface Gateway {
  server: http.Server;
  metrics: GatewayMetrics;
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
const JSON_HEADERS = { 'content-type': JSON_CONTENT_TYPE };

function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>) {
  sendText(res, status, JSON.stringify(body), headers);
}

/** One write with a Content-Length: no chunked encoding, one syscall per response. */
function sendText(res: ServerResponse, status: number, text: string, headers?: Record<string, string>) {
  if (headers) res.writeHead(status, { ...JSON_HEADERS, 'content-length': String(Buffer.byteLength(text)), ...headers });
  // Flat header list: the cheapest form for Node on the hot path.
  else res.writeHead(status, ['content-type', JSON_CONTENT_TYPE, 'content-length', String(Buffer.byteLength(text))]);
  res.end(text);
}

function errorBody(code: string, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}

const DATABASE_UNAVAILABLE = 'The database is unavailable; try again shortly';
const UNSTORABLE_TEXT = 'The input contains a NUL character (U+0000), which cannot be stored; remove it (is this a binary file?)';

export function formatGraphQLError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const { code: rawCode, [LIMIT_CODE_EXTENSION]: limitCode, ...rest } = formatted.extensions ?? {};
    const code = typeof limitCode === 'string' ? limitCode : rawCode;
    if (typeof code === 'string' && PUBLIC_ERROR_CODES.has(code)) {
      const { stacktrace: _stack, http: _http, ...details } = rest as Record<string, unknown>;
      return { ...formatted, extensions: { ...details, code } };
    }
    // Apollo's own request errors that carry an HTTP 4xx but no code (e.g. "provided sha does not
    // match query" for a persisted query) are the client's fault, not internal errors.
    const original = error as { extensions?: { code?: unknown; http?: { status?: unknown } } } | null;
    const status = original?.extensions?.http?.status;
    if (original?.extensions?.code === undefined && typeof status === 'number' && status >= 400 && status < 500) {
      return { ...formatted, extensions: { code: 'BAD_REQUEST' } };
    }
    if (isUnstorableTextError(error)) {
      return {
        message: UNSTORABLE_TEXT,
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: 'BAD_USER_INPUT', reason: 'NUL_CHARACTER' },
      };
    }
    if (isDatabaseUnavailableError(error)) {
      // Not a bug: the database is unreachable (restarting, failing over). Retryable.
      logger.warn({ err: error, path: formatted.path }, 'database unavailable while executing GraphQL');
      return {
        message: DATABASE_UNAVAILABLE,
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      };
    }
    logger.error({ err: error, path: formatted.path }, 'internal error while executing GraphQL');
    return {
      message: 'Internal server error',
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

/** A response carrying SERVICE_UNAVAILABLE (e.g. the database went away mid-request) is a 503. */
const unavailableStatusPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        if (response.body.singleResult.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) {
          response.http.status = 503;
          response.http.headers.set('retry-after', '1');
        }
      },
    };
  },
};

function metricsPlugin(metrics: GatewayMetrics): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ request, operation, errors, response }) {
          const name = metrics.operationLabel(operation?.name?.value ?? request.operationName);
          const type = operation?.operation ?? 'unknown';
          const failed =
            (errors?.length ?? 0) > 0 ||
            (response.body.kind === 'single' && (response.body.singleResult.errors?.length ?? 0) > 0);
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          metrics.operationDuration.observe({ operation: name, type }, seconds);
          metrics.operations.inc({ operation: name, type, outcome: failed ? 'error' : 'ok' });
        },
      };
    },
  };
}

export async function createGateway(opts: GatewayOptions): Promise<Gateway> {
  const { db, logger } = opts;
  const limits: QueryLimits = { ...DEFAULT_QUERY_LIMITS, ...opts.limits };
  const maxBodyBytes = opts.maxBodyBytes ?? 1024 * 1024;
  const metrics = createMetrics();
  const authenticator = createAuthenticator({ db, logger, operatorKey: opts.operatorKey });
  const isReady = opts.isReady ?? (() => pingDatabase(db));

  const inference = createInferenceService({ db, store: opts.platform.store, logger, metrics, ...opts.inference });
  const platform: Platform = { ...opts.platform, inference, keyRevoked: (keyId) => authenticator.forget(keyId) };
  const schema = makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers: resolvers as never });
  const buildContext = (actor: Actor): GraphQLContext => {
    const services = { db, logger, actor, platform };
    return { requestId: randomUUID(), services, loaders: createLoaders(services) };
  };
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    // Every GraphQL request is authenticated before it reaches Apollo, so introspection is for keys only.
    introspection: true,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    validationRules: limitValidationRules(limits),
    formatError: formatGraphQLError(logger),
    // Only what we use: no cache-control hints, landing page or Apollo reporting on the hot path.
    plugins: [
      metricsPlugin(metrics),
      unavailableStatusPlugin,
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
    ],
    logger: {
      debug: (m) => logger.debug(m),
      info: (m) => logger.info(m),
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
    },
  });
  await apollo.start();

  /** The verified actor, or null after answering 401 (the body is left unread). */
  async function authenticateOrReply(req: IncomingMessage, res: ServerResponse): Promise<Actor | null> {
    try {
      return await authenticator.authenticate(req.headers.authorization);
    } catch (error) {
      if (error instanceof AppError) {
        sendJson(res, 401, errorBody('UNAUTHENTICATED', error.message), { 'www-authenticate': 'Bearer' });
        return null;
      }
      throw error;
    }
  }

  const fastPredict = createFastPredict(schema, limitValidationRules(limits));
  const formatError = formatGraphQLError(logger);

  // Labelled metric children per operation name, so the hot path does no label hashing.
  const counterCache = new Map<string | null, { duration: { observe(v: number): void }; ok: { inc(): void }; error: { inc(): void } }>();
  function operationCounters(operationName: string | null) {
    let counters = counterCache.get(operationName);
    if (!counters) {
      const operation = metrics.operationLabel(operationName);
      counters = {
        duration: metrics.operationDuration.labels({ operation, type: 'query' }),
        ok: metrics.operations.labels({ operation, type: 'query', outcome: 'ok' }),
        error: metrics.operations.labels({ operation, type: 'query', outcome: 'error' }),
      };
      if (counterCache.size < 1000) counterCache.set(operationName, counters);
    }
    return counters;
  }

  /** Serves a plain `predict` query without Apollo's generic pipeline; null when it does not apply. */
  async function tryFastPredict(res: ServerResponse, actor: Actor, body: Record<string, unknown>): Promise<number | null> {
    // New documents are size-checked before anything parses them.
    const plan = fastPredict.plan(body, (query) => tokenLimitExceeded(query, limits.maxTokens) === null);
    if (!plan) return null;
    const args = fastPredict.argumentsOf(plan, body.variables);
    if (!args) return null;
    const started = process.hrtime.bigint();
    let status = 200;
    let payload: string;
    try {
      const result = await inference.predict({ db, logger, actor, platform }, args.input as PredictInput);
      payload = fastPredict.respond(plan, result);
    } catch (error) {
      const original = error instanceof GraphQLError ? error : undefined;
      const located = new GraphQLError(original?.message ?? (error instanceof Error ? error.message : String(error)), {
        nodes: plan.field,
        path: [plan.responseKey],
        originalError: error instanceof Error ? error : undefined,
        extensions: original?.extensions ?? {},
      });
      const formatted = formatError(located.toJSON(), error);
      const httpStatus = (original?.extensions.http as { status?: number } | undefined)?.status;
      if (httpStatus) status = httpStatus;
      else if (formatted.extensions?.code === 'SERVICE_UNAVAILABLE') status = 503;
      payload = JSON.stringify({ errors: [formatted], data: null });
    }
    sendText(res, status, payload);
    const counters = operationCounters(plan.operationName);
    counters.duration.observe(Number(process.hrtime.bigint() - started) / 1e9);
    (status === 200 && !payload.startsWith('{"errors"') ? counters.ok : counters.error).inc();
    return status;
  }

  async function handleGraphQL(req: IncomingMessage, res: ServerResponse, url: URL): Promise<number> {
    const actor = await authenticateOrReply(req, res);
    if (!actor) return 401;

    let body: unknown = undefined;
    if (req.method === 'POST') {
      let raw: Buffer;
      try {
        raw = await readBody(req, maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          // No `connection: close`: closing with unread upload bytes resets the socket before the client
          // reads the 413. The rest of the body is drained (and a client that keeps sending is cut off).
          sendJson(res, 413, errorBody('PAYLOAD_TOO_LARGE', error.message));
          return 413;
        }
        throw error;
      }
      const contentType = req.headers['content-type'] ?? '';
      if (contentType.includes('json')) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          sendJson(res, 400, errorBody('BAD_REQUEST', 'Request body is not valid JSON'));
          return 400;
        }
      } else {
        body = raw.toString('utf8');
      }
    }

    if (req.method === 'POST' && body && typeof body === 'object' && !Array.isArray(body)) {
      const served = await tryFastPredict(res, actor, body as Record<string, unknown>);
      if (served !== null) return served;
    }

    const query =
      body && typeof body === 'object' && 'query' in body ? (body as { query: unknown }).query : url.searchParams.get('query');
    if (typeof query === 'string') {
      const tooMany = tokenLimitExceeded(query, limits.maxTokens);
      if (tooMany) {
        sendJson(res, 400, errorBody('TOO_MANY_TOKENS', tooMany));
        return 400;
      }
    }

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: async () => buildContext(actor),
    });
    const status = response.status ?? 200;
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = status;
    if (response.body.kind === 'complete') {
      res.setHeader('content-length', Buffer.byteLength(response.body.string));
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
    return status;
  }

  // Labelled children of the request counter (route × status is small and bounded).
  const httpCounters = new Map<string, { inc(): void }>();
  const httpCounter = (name: string, status: number) => {
    const key = `${name} ${status}`;
    let counter = httpCounters.get(key);
    if (!counter) httpCounters.set(key, (counter = metrics.httpRequests.labels({ route: name, status: String(status) })));
    return counter;
  };
  const GRAPHQL_URL = new URL('/graphql', 'http://localhost');

  async function route(req: IncomingMessage, res: ServerResponse): Promise<{ route: string; status: number }> {
    // The hot path needs no URL parsing.
    const url = req.url === '/graphql' ? GRAPHQL_URL : new URL(req.url ?? '/', 'http://localhost');
    switch (url.pathname) {
      case '/healthz':
        sendJson(res, 200, { status: 'ok' });
        return { route: 'healthz', status: 200 };
      case '/readyz': {
        const ready = await isReady();
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'database unreachable' });
        return { route: 'readyz', status: ready ? 200 : 503 };
      }
      case '/metrics': {
        const text = await metrics.registry.metrics();
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(text);
        return { route: 'metrics', status: 200 };
      }
      case '/graphql':
        return { route: 'graphql', status: await handleGraphQL(req, res, url) };
      default: {
        if (opts.console?.(req, res, url.pathname)) return { route: 'console', status: 200 };
        if (MODEL_IMPORT_ROUTE.test(url.pathname)) {
          const actor = await authenticateOrReply(req, res);
          if (!actor) return { route: 'import', status: 401 };
          const { status, body } = await handleModelImport(req, url, { db, logger, actor, platform });
          sendJson(res, status, body);
          return { route: 'import', status };
        }
        const upload = UPLOAD_ROUTE.exec(url.pathname);
        if (upload) {
          const actor = await authenticateOrReply(req, res);
          if (!actor) return { route: 'upload', status: 401 };
          const services = { db, logger, actor, platform };
          const { status, body } = await handleDatasetUpload(req, res, url, services, decodeURIComponent(upload[1]!));
          sendJson(res, status, body);
          return { route: 'upload', status };
        }
        sendJson(res, 404, errorBody('NOT_FOUND', `No route ${url.pathname}; the API is at /graphql`));
        return { route: 'unknown', status: 404 };
      }
    }
  }

  const server = http.createServer((req, res) => {
    route(req, res)
      .then(({ route: name, status }) => httpCounter(name, status).inc())
      .catch((error: unknown) => {
        if (isUnstorableTextError(error) && !res.headersSent) {
          // E.g. an uploaded file whose values contain NUL characters.
          metrics.httpRequests.inc({ route: 'error', status: '400' });
          sendJson(res, 400, { errors: [{ message: UNSTORABLE_TEXT, extensions: { code: 'BAD_USER_INPUT', reason: 'NUL_CHARACTER' } }] });
          return;
        }
        if (isDatabaseUnavailableError(error)) {
          // E.g. authentication while Postgres restarts: retryable, and /readyz says so too.
          logger.warn({ err: error, url: req.url }, 'database unavailable');
          metrics.httpRequests.inc({ route: 'error', status: '503' });
          if (!res.headersSent) sendJson(res, 503, errorBody('SERVICE_UNAVAILABLE', DATABASE_UNAVAILABLE), { 'retry-after': '1' });
          else res.destroy();
          return;
        }
        logger.error({ err: error, url: req.url }, 'unhandled error in request');
        metrics.httpRequests.inc({ route: 'error', status: '500' });
        if (!res.headersSent) sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', 'Internal server error'));
        else res.destroy();
      });
  });
  server.keepAliveTimeout = 65_000;
  // Requests Node's HTTP parser refuses (oversized URL or headers, malformed framing, timeouts)
  // get the same JSON error shape as everything else instead of Node's bare status line.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const inFlight = (socket as { _httpMessage?: ServerResponse })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, reason, message] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'The request line or headers are too large; send large inputs in the request body']
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout', 'The request did not arrive in time']
          : [400, 'Bad Request', 'Malformed HTTP request'];
    const body = JSON.stringify(errorBody('BAD_REQUEST', message));
    metrics.httpRequests.inc({ route: 'invalid', status: String(status) });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  const subscriptions = attachSubscriptionServer({
    server,
    schema,
    logger,
    limits,
    authenticate: (authorization) => authenticator.authenticate(authorization),
    buildContext,
  });

  return {
    server,
    metrics,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
          resolve(`http://${shownHost}:${address.port}`);
        });
      });
    },
    async close() {
      await subscriptions.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
      await inference.close();
    },
  };
}
