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
  /** A subgraph answered for other entities than it was asked about: refused, never joined. */
  SUBGRAPH_ANSWER_REJECTED: 'SUBGRAPH_ANSWER_REJECTED',
  RATE_LIMITED: 'RATE_LIMITED',
  AUDIT_UNAVAILABLE: 'AUDIT_UNAVAILABLE',
  NOT_FOUND: 'NOT_FOUND',
  /** An aggregate's check against earlier answers could not run, so the aggregate is refused. */
  DISCLOSURE_CHECK_UNAVAILABLE: 'DISCLOSURE_CHECK_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** Codes whose message is written for the caller and may be shown as it is. */
const CALLER_FACING_CODES = new Set<string>([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.FORBIDDEN,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.DATABASE_UNAVAILABLE,
  ErrorCode.SUBGRAPH_UNAVAILABLE,
  ErrorCode.SUBGRAPH_ANSWER_REJECTED,
  ErrorCode.RATE_LIMITED,
  ErrorCode.AUDIT_UNAVAILABLE,
  ErrorCode.NOT_FOUND,
  ErrorCode.DISCLOSURE_CHECK_UNAVAILABLE,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Codes that mean "this request cannot run as sent": found before execution, they are HTTP 400
 * (whichever stage found them). BAD_USER_INPUT found by a resolver stays 200 with its path.
 */
export const REQUEST_ERROR_CODES = new Set<string>([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  ErrorCode.BAD_USER_INPUT,
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_NOT_FOUND',
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
/** Class 08 is "connection exception", but a protocol violation is a request the server refused, not an outage. */
const PROTOCOL_VIOLATION = '08P01';
const CONNECTION_ERROR_MESSAGES = [
  /Connection terminated/i,
  /Timeout acquiring a connection/i,
  // node-postgres: no connection established within connectionTimeoutMillis (an overloaded or unreachable server).
  /^timeout expired$/i,
  /connect ECONNREFUSED/i,
  /the database system is (starting up|shutting down)/i,
  /Client has encountered a connection error/i,
  /terminating connection/i,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') break;
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown; originalError?: unknown; thrownValue?: unknown };
    if (typeof candidate.code === 'string' && (CONNECTION_ERROR_CODES.has(candidate.code) || (candidate.code.startsWith('08') && candidate.code !== PROTOCOL_VIOLATION))) return true;
    if (typeof candidate.message === 'string' && CONNECTION_ERROR_MESSAGES.some((re) => re.test(candidate.message as string))) return true;
    // A connection failure can reach graphql-js as a plain object (not an Error): it then sits in NonErrorThrown's thrownValue.
    current = candidate.cause ?? candidate.originalError ?? candidate.thrownValue;
  }
  return false;
}

/** SQLSTATE of a PostgreSQL error anywhere in the chain (MikroORM wraps the driver's error). */
function sqlStateOf(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const candidate = current as { code?: unknown; sqlState?: unknown; cause?: unknown; originalError?: unknown };
    if (typeof candidate.sqlState === 'string') return candidate.sqlState;
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate.code;
    current = candidate.cause ?? candidate.originalError;
  }
  return undefined;
}

/**
 * What may be logged of an error: its name, code and SQLSTATE, and a message with quoted values
 * removed. A database error's own message is never logged, since MikroORM's holds the SQL text
 * and PostgreSQL's can quote the value it refused (a name, a date of birth).
 */
export function errorForLog(error: unknown): Record<string, unknown> {
  const root = unwrapResolverError(error);
  const sqlState = sqlStateOf(root);
  const name = root instanceof Error ? root.name : typeof root;
  const code = (root as { code?: unknown } | null)?.code;
  if (sqlState) return { name, sqlState, message: `database error (SQLSTATE ${sqlState})` };
  const message = root instanceof Error ? root.message : String(root);
  const redacted = message.replace(/(["'`]).*?\1/g, '$1…$1').slice(0, 300);
  const stack = root instanceof Error && root.stack ? root.stack.split('\n').filter((line) => /^\s+at /.test(line)).slice(0, 8).join('\n') : undefined;
  return { name, ...(typeof code === 'string' ? { code } : {}), message: redacted, ...(stack ? { stack } : {}) };
}

/** A PostgreSQL data exception (class 22): a value the caller sent that the database cannot use. */
function isDataException(error: unknown): boolean {
  return sqlStateOf(error)?.startsWith('22') ?? false;
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
  if (isDataException(unwrapResolverError(error))) {
    return { message: 'A value in this request cannot be used here; check its type and format.', path, locations, extensions: { code: ErrorCode.BAD_USER_INPUT } };
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
