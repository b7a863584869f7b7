import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, formatHubError } from '../subgraphs/kit/errors';
import { SUBGRAPH_UNAVAILABLE_MESSAGE } from './subgraph-data-source';

/** Apollo Gateway's own words for a fetch that failed before any answer came back. */
const FETCH_FAILURE = /^Error while fetching subquery|ECONNREFUSED|ECONNRESET|fetch failed|socket hang up/i;

/**
 * A subgraph's own errors keep their code and message (BAD_USER_INPUT, FORBIDDEN, NOT_FOUND…), as
 * the kit decides for any service: they were written for the caller. Only a subgraph that could not
 * be reached or did not answer in time is SUBGRAPH_UNAVAILABLE (the data source says so itself; a
 * fetch failure the gateway reports is the same). An unknown code is masked as anywhere else. The
 * caller learns which part of the answer is missing (the path), never which service or address.
 */
export function formatGatewayError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (code === ErrorCode.SUBGRAPH_UNAVAILABLE || (code === 'DOWNSTREAM_SERVICE_ERROR' && FETCH_FAILURE.test(formatted.message)) || (code === undefined && FETCH_FAILURE.test(formatted.message))) {
    return {
      message: SUBGRAPH_UNAVAILABLE_MESSAGE,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE },
    };
  }
  return formatHubError(formatted, error);
}
