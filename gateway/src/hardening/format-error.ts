import type { GraphQLFormattedError } from 'graphql';
import { createErrorFormatter, type Logger } from '@mcpr/platform';
import { SUGGESTION_MASK, TOKEN_LIMIT_MESSAGE } from './graphql-limits';

/**
 * The platform's formatter (every error carries `extensions.code`; unexpected ones are masked with a
 * logged correlation id) plus the gateway's document limits: graphql-js reports the token limit as a
 * parse failure, which is presented like the other limits; a masked field suggestion ("Did you mean …?")
 * is cut from the message entirely.
 */
export function createGatewayErrorFormatter(logger: Logger) {
  const base = createErrorFormatter(logger);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const tokens = TOKEN_LIMIT_MESSAGE.exec(formatted.message);
    if (tokens && formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED') {
      return {
        message: `Token limit of ${tokens[1]} exceeded.`,
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'tokens' },
      };
    }
    const masked = formatted.message.indexOf(SUGGESTION_MASK);
    if (masked >= 0) {
      const message = formatted.message.slice(0, masked).trimEnd();
      return base({ ...formatted, message }, error);
    }
    return base(formatted, error);
  };
}
