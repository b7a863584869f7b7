/**
 * Which failures mean "the database cannot be reached" (answered DATABASE_UNAVAILABLE, retryable)
 * rather than a fault in the query: including node-postgres's connection timeout, which under
 * load arrives wrapped by MikroORM and had been answered as an internal error.
 */
import { GraphQLError } from 'graphql';
import { toError } from 'graphql/jsutils/toError';
import { isDatabaseUnavailable } from '../../subgraphs/kit/errors';

describe('isDatabaseUnavailable', () => {
  it('recognises a connection not established in time, bare or wrapped by the ORM', () => {
    expect(isDatabaseUnavailable(new Error('timeout expired'))).toBe(true);
    const wrapped = Object.assign(new Error('select 1 - timeout expired'), { name: 'DriverException', cause: new Error('timeout expired') });
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
  });

  it('recognises refused connections and pool waits', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Timeout acquiring a connection. The pool is probably full.'))).toBe(true);
  });

  it('recognises a refused connection that reached graphql-js as a plain object, not an Error', () => {
    const refused = { errno: -111, code: 'ECONNREFUSED', syscall: 'connect', address: '127.0.0.1', port: 5432 };
    expect(isDatabaseUnavailable(new GraphQLError('Unexpected error value', { originalError: toError(refused) }))).toBe(true);
    expect(isDatabaseUnavailable(new GraphQLError('Unexpected error value', { originalError: toError({ code: '42601' }) }))).toBe(false);
  });

  it('leaves faults in the query alone', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('syntax error at or near "selec"'), { code: '42601' }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('Query read timeout'))).toBe(false);
    expect(isDatabaseUnavailable(new Error('statement timeout expired while reading'))).toBe(false);
  });
});
