// GraphQL subscriptions over graphql-ws, on the same /graphql path, with the API key in
// connectionParams. One lazily opened socket serves every subscription of a client; it closes when
// the last subscription ends, so a script's process can exit.
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws/client';
import { ModelGraphError, type GraphQLErrorPayload } from './errors.ts';
import type { DocumentLike } from './transport.ts';

export interface SubscriptionTransportOptions {
  url: string;
  apiKey: string | undefined;
  /** A WebSocket constructor; defaults to the global one, else the `ws` package (Node). */
  webSocketImpl: unknown;
}

async function resolveWebSocket(given: unknown): Promise<unknown> {
  if (given) return given;
  if (typeof globalThis.WebSocket === 'function') return globalThis.WebSocket;
  // Node 20 has no global WebSocket: use the `ws` package when it is installed.
  const specifier = 'ws';
  try {
    const mod = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as { default?: unknown; WebSocket?: unknown };
    return mod.default ?? mod.WebSocket;
  } catch {
    throw new ModelGraphError('SUBSCRIPTION_CLOSED', 'no WebSocket implementation: install `ws` or pass `webSocketImpl` to createClient');
  }
}

/** Close codes after which retrying cannot help. */
const FATAL_CLOSE_CODES = new Set([4400, 4401, 4403, 4406, 4409, 4429, 4500, 1002, 1003]);

export function subscriptionError(error: unknown): ModelGraphError {
  if (error instanceof ModelGraphError) return error;
  if (Array.isArray(error)) return ModelGraphError.fromGraphQLErrors(error as GraphQLErrorPayload[]);
  const close = error as { code?: unknown; reason?: unknown };
  if (typeof close?.code === 'number') {
    const reason = typeof close.reason === 'string' ? close.reason : '';
    if (close.code === 4401 || close.code === 4403) {
      return new ModelGraphError(close.code === 4401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', reason || 'the API key was refused', {
        extensions: { closeCode: close.code, closeReason: reason },
      });
    }
    return new ModelGraphError('SUBSCRIPTION_CLOSED', `the subscription connection closed (${close.code}${reason ? `: ${reason}` : ''})`, {
      extensions: { closeCode: close.code, closeReason: reason },
    });
  }
  const message = (error as Error)?.message ?? String(error);
  return new ModelGraphError('SUBSCRIPTION_CLOSED', `the subscription connection failed: ${message}`, { cause: error });
}

/** Whether a failed subscription may be resumed by subscribing again. */
export function isTransient(error: ModelGraphError): boolean {
  if (error.code === 'SUBSCRIPTION_CLOSED') {
    const closeCode = error.extensions.closeCode;
    return typeof closeCode !== 'number' || !FATAL_CLOSE_CODES.has(closeCode);
  }
  return error.code === 'SERVICE_UNAVAILABLE' || error.code === 'NETWORK_ERROR';
}

export class SubscriptionTransport {
  #client: Promise<WsClient> | undefined;
  readonly #opts: SubscriptionTransportOptions;

  constructor(opts: SubscriptionTransportOptions) {
    this.#opts = opts;
  }

  #wsClient(): Promise<WsClient> {
    this.#client ??= resolveWebSocket(this.#opts.webSocketImpl).then((impl) =>
      createWsClient({
        url: this.#opts.url,
        webSocketImpl: impl,
        lazy: true,
        // Resumption is ours (callers resubscribe with their own position, e.g. afterEpoch).
        retryAttempts: 0,
        connectionParams: this.#opts.apiKey ? { authorization: `Bearer ${this.#opts.apiKey}` } : {},
      }),
    );
    return this.#client;
  }

  /**
   * Iterates a subscription's data. Errors (GraphQL errors, closed sockets) are thrown as
   * ModelGraphErrors; breaking out of the loop unsubscribes.
   */
  async *subscribe<TResult, TVariables>(document: DocumentLike<TResult, TVariables> | string, variables?: TVariables): AsyncGenerator<TResult> {
    const client = await this.#wsClient();
    const iterator = client.iterate<TResult>({ query: document.toString(), variables: (variables ?? {}) as Record<string, unknown> });
    try {
      for (;;) {
        let next: IteratorResult<{ data?: TResult | null; errors?: readonly GraphQLErrorPayload[] }>;
        try {
          next = await iterator.next();
        } catch (error) {
          throw subscriptionError(error);
        }
        if (next.done) return;
        const result = next.value;
        if (result.errors?.length) throw ModelGraphError.fromGraphQLErrors([...result.errors], { data: result.data });
        if (result.data != null) yield result.data;
      }
    } finally {
      await iterator.return?.();
    }
  }

  /**
   * Callback form: each result's data goes to `next`; GraphQL errors and connection failures go to
   * `error` (raw, see subscriptionError); `complete` when the server ends the stream. Resolves with
   * a function that unsubscribes (after which no callback fires).
   */
  async listen<TResult, TVariables>(
    document: DocumentLike<TResult, TVariables> | string,
    variables: TVariables,
    sink: { next(data: TResult): void; error(error: unknown): void; complete(): void },
  ): Promise<() => void> {
    const client = await this.#wsClient();
    let done = false;
    const handle: { unsubscribe?: () => void } = {};
    const stop = () => {
      done = true;
      handle.unsubscribe?.();
    };
    handle.unsubscribe = client.subscribe<TResult>(
      { query: document.toString(), variables: (variables ?? {}) as Record<string, unknown> },
      {
        next: (result) => {
          if (done) return;
          if (result.errors?.length) {
            stop();
            sink.error(ModelGraphError.fromGraphQLErrors([...result.errors], { data: result.data }));
          } else if (result.data != null) {
            sink.next(result.data);
          }
        },
        error: (error) => {
          if (done) return;
          done = true;
          sink.error(error);
        },
        complete: () => {
          if (done) return;
          done = true;
          sink.complete();
        },
      },
    );
    if (done) handle.unsubscribe();
    return stop;
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    if (client) await (await client.catch(() => undefined))?.dispose();
  }
}
