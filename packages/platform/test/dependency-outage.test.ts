import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ConnectionException, DriverException, UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  AppError,
  createErrorFormatter,
  createLogger,
  dependencyOutage,
  DependencyUnavailableError,
} from '../src';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
const named = (message: string, name: string) => Object.assign(new Error(message), { name });

describe('dependencyOutage', () => {
  it.each([
    ['our own guard', new DependencyUnavailableError('database', 'no answer'), 'database'],
    [
      'our guard rewrapped by MikroORM',
      new DriverException(new DependencyUnavailableError('database', 'no answer')),
      'database',
    ],
    ['pg: connect timeout', new DriverException(new Error('timeout expired')), 'database'],
    ['pg: connection lost', new Error('Connection terminated unexpectedly'), 'database'],
    ['pg: closed client', new Error('Client was closed and is not queryable'), 'database'],
    [
      'refused, through MikroORM',
      new DriverException(withCode('connect ECONNREFUSED', 'ECONNREFUSED')),
      'database',
    ],
    ['admin shutdown (57P01)', new DriverException(withCode('terminating connection', '57P01')), 'database'],
    ['connection exception class 08', new ConnectionException(withCode('lost', '08006')), 'database'],
    ['knex pool timeout', named('Knex: Timeout acquiring a connection.', 'KnexTimeoutError'), 'database'],
    [
      'ioredis retries exhausted',
      named('Reached the max retries per request limit', 'MaxRetriesPerRequestError'),
      'redis',
    ],
    ['ioredis offline', new Error("Stream isn't writeable and enableOfflineQueue options is false"), 'redis'],
    ['ioredis command timeout', new Error('Command timed out'), 'redis'],
    [
      'wrapped in a GraphQLError',
      new GraphQLError('x', { originalError: new Error('Connection is closed.') }),
      'redis',
    ],
  ])('recognises %s', (_what, error, dependency) => {
    expect(dependencyOutage(error)?.dependency).toBe(dependency);
  });

  it('recognises a refused socket whose owner is unknown, without naming a dependency', () => {
    expect(dependencyOutage(withCode('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'))).toEqual({
      dependency: undefined,
      detail: 'connect ECONNREFUSED 127.0.0.1:1',
    });
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a constraint violation', new UniqueConstraintViolationException(withCode('duplicate key', '23505'))],
    ['a SQL error', new DriverException(withCode('syntax error', '42601'))],
    ['a SQLSTATE-like code on a non-database error', withCode('odd', '08006')],
    ['not an error', 'Connection terminated'],
  ])('does not mistake %s for an outage', (_what, error) => {
    expect(dependencyOutage(error)).toBeUndefined();
  });
});

describe('the error formatter and outages', () => {
  const format = createErrorFormatter(createLogger('test', 'silent'));
  const resolverError = (original: Error) =>
    new GraphQLError(original.message, { path: ['publishServer'], originalError: original });
  const formatted = (error: GraphQLError): GraphQLFormattedError => ({
    message: error.message,
    path: error.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });

  it('answers UNAVAILABLE naming the dependency, without the driver text', () => {
    const error = resolverError(
      new DriverException(
        new DependencyUnavailableError(
          'database',
          'insert into "registry"."server_version" … did not answer',
        ),
      ),
    );
    expect(format(formatted(error), error)).toEqual({
      message: 'The database is unavailable right now; retry shortly.',
      path: ['publishServer'],
      extensions: { code: 'UNAVAILABLE', dependency: 'database' },
    });
  });

  it('still masks what is not an outage', () => {
    const error = resolverError(new TypeError('boom'));
    const result = format(formatted(error), error);
    expect(result.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(result.message).toMatch(/^Internal server error \(correlation id /);
  });

  it('keeps an AppError as raised', () => {
    const error = resolverError(new AppError('UNAVAILABLE', 'Search is degraded.'));
    expect(format(formatted(error), error)).toMatchObject({
      message: 'Search is degraded.',
      extensions: { code: 'UNAVAILABLE' },
    });
  });
});
