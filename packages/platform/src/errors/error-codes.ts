/**
 * The one registry of error codes shared by every subgraph and the gateway.
 * `userError` codes appear in mutation payloads; `thrown` codes appear in `errors[].extensions.code`.
 */
export const ERROR_CODES = {
  BAD_USER_INPUT: {
    kind: 'userError',
    http: 400,
    description: 'The input failed validation; `path` names the field.',
  },
  CONFLICT: {
    kind: 'userError',
    http: 409,
    description: 'A duplicate version, a taken remote URL or another uniqueness clash.',
  },
  NOT_FOUND: { kind: 'userError', http: 404, description: 'The target of a mutation does not exist.' },
  UNAUTHENTICATED: {
    kind: 'thrown',
    http: 401,
    description: 'The API key is malformed, unknown, expired or revoked, or a key is required.',
  },
  FORBIDDEN: {
    kind: 'thrown',
    http: 403,
    description: 'The key lacks the scope or namespace coverage for the operation.',
  },
  RATE_LIMITED: {
    kind: 'thrown',
    http: 429,
    description: 'A rate-limit budget is exhausted; retry after the indicated time.',
  },
  UNAVAILABLE: {
    kind: 'thrown',
    http: 503,
    description: 'A dependency (database, bus, subgraph) is down; retry later.',
  },
  GRAPHQL_PARSE_FAILED: {
    kind: 'thrown',
    http: 400,
    description: 'The document is not valid GraphQL syntax.',
  },
  GRAPHQL_VALIDATION_FAILED: {
    kind: 'thrown',
    http: 400,
    description: 'The document does not validate against the schema.',
  },
  BAD_REQUEST: {
    kind: 'thrown',
    http: 400,
    description: 'The HTTP request is malformed (body, variables, headers).',
  },
  INTERNAL_SERVER_ERROR: {
    kind: 'thrown',
    http: 500,
    description:
      'An unexpected failure; the message is masked and carries a correlation id found in the logs.',
  },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export type UserErrorCode = {
  [K in ErrorCode]: (typeof ERROR_CODES)[K]['kind'] extends 'userError' ? K : never;
}[ErrorCode];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}
