// Query hardening: depth, aliases, cost and directive limits as validation rules (graphql-armor),
// and a token limit checked before parsing. Each rejection carries its own public error code.
import { GraphQLError, Lexer, Source, TokenKind, type ValidationContext, type ValidationRule } from 'graphql';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { QueryLimits } from '../config.ts';
import type { ErrorCode } from '../errors.ts';

/** Apollo rewrites validation error codes; the limit's own code travels here and formatError restores it. */
export const LIMIT_CODE_EXTENSION = 'limitCode';

function reportAs(code: ErrorCode) {
  return [
    (context: ValidationContext | null, error: GraphQLError) => {
      context?.reportError(
        new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
          extensions: { [LIMIT_CODE_EXTENSION]: code },
        }),
      );
    },
  ];
}

export function limitValidationRules(limits: QueryLimits): ValidationRule[] {
  const common = { propagateOnRejection: false, exposeLimits: true } as const;
  return [
    maxDepthRule({ ...common, n: limits.maxDepth, onReject: reportAs('QUERY_TOO_DEEP') }),
    maxAliasesRule({ ...common, n: limits.maxAliases, onReject: reportAs('TOO_MANY_ALIASES') }),
    costLimitRule({ ...common, maxCost: limits.maxCost, onReject: reportAs('QUERY_TOO_COMPLEX') }),
    maxDirectivesRule({ ...common, n: limits.maxDirectives, onReject: reportAs('TOO_MANY_DIRECTIVES') }),
  ] as ValidationRule[];
}

/**
 * Counts lexical tokens up to `max + 1` without building an AST, so an oversized document is
 * refused before the parser spends time on it. Returns null when within the limit.
 */
export function tokenLimitExceeded(query: string, max: number): string | null {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      count += 1;
      if (count > max) return `Token limit of ${max} exceeded`;
    }
  } catch {
    return null; // a lexing error is reported by the parser with its location
  }
  return null;
}
