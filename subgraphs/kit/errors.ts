/**
 * Error codes the hub answers with, and the one place that decides what a caller may see of an
 * error: a known code keeps its message; anything else becomes a generic message with a
 * correlation id, so no stack, SQL, host or subgraph name ever leaves the service.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  RATE_LIMITED: 'RATE_LIMITED',
  AUDIT_UNAVAILABLE: 'AUDIT_UNAVAILABLE',
  NOT_FOUND: 'NOT_FOUND',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** Codes whose message is written for the caller and may be shown as it is. */
const CALLER_FACING_CODES = new Set<string>([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.FORBIDDEN,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.DATABASE_UNAVAILABLE,
  ErrorCode.SUBGRAPH_UNAVAILABLE,
  ErrorCode.RATE_LIMITED,
  ErrorCode.AUDIT_UNAVAILABLE,
  ErrorCode.NOT_FOUND,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export function badUserInput(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...extensions } });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN } });
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}

export const DATABASE_UNAVAILABLE_MESSAGE = 'A data store behind this answer is temporarily unavailable; please try again shortly.';

/** SQLSTATE classes and socket errors that mean "the database cannot be reached", not "the query is wrong". */
const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03']);
const CONNECTION_ERROR_MESSAGES = [
  /Connection terminated/i,
  /Timeout acquiring a connection/i,
  /connect ECONNREFUSED/i,
  /the database system is (starting up|shutting down)/i,
  /Client has encountered a connection error/i,
  /terminating connection/i,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') break;
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown; originalError?: unknown };
    if (typeof candidate.code === 'string' && (CONNECTION_ERROR_CODES.has(candidate.code) || candidate.code.startsWith('08'))) return true;
    if (typeof candidate.message === 'string' && CONNECTION_ERROR_MESSAGES.some((re) => re.test(candidate.message as string))) return true;
    current = candidate.cause ?? candidate.originalError;
  }
  return false;
}

/**
 * Apollo Server's formatError: keeps caller-facing errors, turns database outages into a coded
 * error, and hides everything else behind a generic message.
 */
export function formatHubError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  const path = formatted.path;
  const locations = formatted.locations;
  if (isDatabaseUnavailable(unwrapResolverError(error))) {
    return { message: DATABASE_UNAVAILABLE_MESSAGE, path, locations, extensions: { code: ErrorCode.DATABASE_UNAVAILABLE } };
  }
  if (typeof code === 'string' && CALLER_FACING_CODES.has(code)) {
    const extensions: Record<string, unknown> = { ...formatted.extensions };
    delete extensions.stacktrace;
    delete extensions.exception;
    delete extensions.serviceName;
    return { message: formatted.message, path, locations, extensions };
  }
  return { message: 'Internal server error.', path, locations, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}
