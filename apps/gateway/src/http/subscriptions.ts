// GraphQL subscriptions over graphql-ws on the gateway's HTTP server (path /graphql). The same API
// keys (sent as `connectionParams.authorization`), the same query limits and the same error masking
// apply as over HTTP.
import type http from 'node:http';
import { GraphQLError, execute, parse, specifiedRules, subscribe, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Logger } from '../logger.ts';
import type { QueryLimits } from '../config.ts';
import type { Actor } from '../services/context.ts';
import type { GraphQLContext } from '../context.ts';
import { formatGraphQLError } from './gateway.ts';
import { limitValidationRules, tokenLimitExceeded, LIMIT_CODE_EXTENSION } from './limits.ts';

const MAX_SUBSCRIPTIONS_PER_SOCKET = 50;

export interface SubscriptionServerOptions {
  server: http.Server;
  schema: GraphQLSchema;
  logger: Logger;
  limits: QueryLimits;
  authenticate(authorization: string | undefined): Promise<Actor>;
  buildContext(actor: Actor): GraphQLContext;
}

function coded(code: string, message: string) {
  return new GraphQLError(message, { extensions: { code } });
}

export function attachSubscriptionServer(opts: SubscriptionServerOptions) {
  const wss = new WebSocketServer({ server: opts.server, path: '/graphql', maxPayload: 256 * 1024 });
  const format = formatGraphQLError(opts.logger);
  const rules = [...specifiedRules, ...limitValidationRules(opts.limits)];
  const counts = new WeakMap<object, number>();

  const cleanup = useServer<Record<string, unknown>, { actor?: Actor }>(
    {
      schema: opts.schema,
      // Our own graphql instance, the one the schema was built with (avoids dual-package hazards).
      execute,
      subscribe,
      connectionInitWaitTimeout: 5_000,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const header = (params.authorization ?? params.Authorization ?? ctx.extra.request.headers.authorization) as string | undefined;
        try {
          ctx.extra.actor = await opts.authenticate(typeof header === 'string' ? header : undefined);
          return true;
        } catch (error) {
          // 4401 tells a client to stop retrying with the same key.
          const message = error instanceof GraphQLError ? error.message : 'Unauthorized';
          ctx.extra.socket.close(4401, message.slice(0, 120));
          return false;
        }
      },
      onSubscribe: (ctx, _id, payload) => {
        const socket = ctx.extra.socket as object;
        const count = (counts.get(socket) ?? 0) + 1;
        if (count > MAX_SUBSCRIPTIONS_PER_SOCKET) {
          return [coded('RATE_LIMITED', `at most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions per connection`)];
        }
        const tooMany = tokenLimitExceeded(payload.query, opts.limits.maxTokens);
        if (tooMany) return [coded('TOO_MANY_TOKENS', tooMany)];
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [coded('GRAPHQL_PARSE_FAILED', (error as Error).message)];
        }
        const errors = validate(opts.schema, document, rules);
        if (errors.length > 0) {
          return errors.map((e) => {
            const limitCode = e.extensions[LIMIT_CODE_EXTENSION];
            return coded(typeof limitCode === 'string' ? limitCode : 'GRAPHQL_VALIDATION_FAILED', e.message);
          });
        }
        counts.set(socket, count);
        return {
          schema: opts.schema,
          document,
          variableValues: payload.variables,
          operationName: payload.operationName,
          contextValue: opts.buildContext(ctx.extra.actor!),
        };
      },
      onComplete: (ctx) => {
        const socket = ctx.extra.socket as object;
        counts.set(socket, Math.max(0, (counts.get(socket) ?? 1) - 1));
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!('errors' in result) || !result.errors) return result;
        return { ...result, errors: result.errors.map((e) => format(e.toJSON(), e)) as never };
      },
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((e) => new GraphQLError(format(e.toJSON(), e).message, { extensions: format(e.toJSON(), e).extensions })),
    },
    wss,
  );

  return {
    wss,
    async close() {
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
