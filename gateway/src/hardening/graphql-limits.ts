import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationContext } from 'graphql';

type ArmorConfig = NonNullable<ConstructorParameters<typeof ApolloArmor>[0]>;
type ArmorProtection = ReturnType<ApolloArmor['protect']>;

/** Document limits enforced before execution. Each one has a name that appears in `extensions.limit`. */
export interface GraphQLLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
}

export type LimitName = 'depth' | 'cost' | 'aliases' | 'tokens' | 'directives';

/** The defaults admit every contract operation (ServerDetail: depth 6, cost ≈ 3,500, 130 tokens). */
export const DEFAULT_GRAPHQL_LIMITS: GraphQLLimits = {
  maxDepth: 8,
  maxCost: 10_000,
  maxAliases: 15,
  maxTokens: 1_000,
  maxDirectives: 50,
};

/** What armor puts where a suggestion was; the error formatter then removes it (and the `?` left after it). */
export const SUGGESTION_MASK = '[Suggestion hidden]';

/** The message armor produces, without its misleading "Syntax Error:" prefix. */
function cleanMessage(message: string): string {
  return message.replace(/^Syntax Error:\s*/, '');
}

/** A rejected limit as a validation error with our code and the name of the limit. */
export function limitError(limit: LimitName, message: string): GraphQLError {
  return new GraphQLError(cleanMessage(message), {
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit },
  });
}

/**
 * Reports a rejection into the validation context. Apollo then answers HTTP 400 with the error, as for
 * any validation error; armor's own handler would label it BAD_USER_INPUT, and throwing (its default
 * when the rules are used raw) turns it into an HTTP 500 (STACK.md trap 12).
 */
function reportTo(limit: LimitName) {
  return (context: ValidationContext | null, error: GraphQLError) => {
    context?.reportError(limitError(limit, error.message));
  };
}

/**
 * graphql-armor configured for Apollo Server: spread the result into the ApolloServer options. Field
 * suggestions ("Did you mean …") are masked unless `suggestions` is true (development, or introspection
 * explicitly enabled). The token limit is not armor's (its Apollo plugin throws from `parsingDidStart`,
 * which Apollo answers with HTTP 500); it is graphql-js's own `maxTokens` parse option, see
 * {@link parseOptionsFor}.
 */
export function graphqlArmor(limits: GraphQLLimits, options: { suggestions: boolean }): ArmorProtection {
  const config: ArmorConfig = {
    blockFieldSuggestion: { enabled: !options.suggestions, mask: SUGGESTION_MASK },
    maxTokens: { enabled: false },
    maxDepth: { n: limits.maxDepth, propagateOnRejection: false, onReject: [reportTo('depth')] },
    costLimit: { maxCost: limits.maxCost, propagateOnRejection: false, onReject: [reportTo('cost')] },
    maxAliases: { n: limits.maxAliases, propagateOnRejection: false, onReject: [reportTo('aliases')] },
    maxDirectives: {
      n: limits.maxDirectives,
      propagateOnRejection: false,
      onReject: [reportTo('directives')],
    },
  };
  return new ApolloArmor(config).protect();
}

/** graphql-js stops lexing after `maxTokens` tokens, before building any AST. */
export function parseOptionsFor(limits: GraphQLLimits): { maxTokens: number } {
  return { maxTokens: limits.maxTokens };
}

/** graphql-js's message when `maxTokens` is exceeded (16.x spells it "more that"). */
export const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more th(?:an|at) (\d+) tokens/;
