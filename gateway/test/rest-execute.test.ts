import { RestFailure, rootData } from '../src/rest/execute';

describe('rootData (GraphQL result → REST)', () => {
  it('serves partial data when only a nested field failed (e.g. trust is down)', () => {
    const data = { servers: { edges: [{ node: { name: 'a/b', trust: null } }] } };
    const errors = [
      {
        message: 'The trust service is unavailable.',
        path: ['servers', 'edges', 0, 'node', 'trust'],
        extensions: { code: 'UNAVAILABLE' },
      },
    ];
    expect(rootData({ data, errors }, 'servers')).toBe(data.servers);
  });

  it('returns null for a missing entity without errors', () => {
    expect(rootData({ data: { server: null }, errors: [] }, 'server')).toBeNull();
  });

  it.each([
    ['UNAUTHENTICATED', 401],
    ['FORBIDDEN', 403],
    ['RATE_LIMITED', 429],
    ['UNAVAILABLE', 503],
    ['BAD_USER_INPUT', 400],
  ])('maps a root-level %s to HTTP %i with its message', (code, status) => {
    const result = {
      data: { publishServer: null },
      errors: [{ message: `it failed: ${code}`, path: ['publishServer'], extensions: { code } }],
    };
    expect(() => rootData(result, 'publishServer')).toThrow(
      expect.objectContaining({ status, message: `it failed: ${code}` }),
    );
  });

  it('keeps the correlation id of a masked internal error, and masks anything unexpected', () => {
    const internal = {
      data: null,
      errors: [
        {
          message: 'Internal server error (correlation id x).',
          extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId: 'x' },
        },
      ],
    };
    expect(() => rootData(internal, 'servers')).toThrow(
      expect.objectContaining({ status: 500, extra: { correlationId: 'x' } }),
    );
    const ours = {
      data: undefined,
      errors: [{ message: 'Cannot query field "nope"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }],
    };
    let failure: RestFailure | undefined;
    try {
      rootData(ours, 'servers');
    } catch (error) {
      failure = error as RestFailure;
    }
    expect(failure).toEqual(expect.objectContaining({ status: 500, message: 'Internal server error.' }));
    expect(failure?.detail).toMatch(/GRAPHQL_VALIDATION_FAILED: Cannot query field/);
  });
});
