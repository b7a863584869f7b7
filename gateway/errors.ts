import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, formatHubError } from '../subgraphs/kit/errors';
import { SUBGRAPH_UNAVAILABLE_MESSAGE } from './subgraph-data-source';

/**
 * A subgraph that could not be reached becomes SUBGRAPH_UNAVAILABLE with a generic message: the
 * caller learns which part of the answer is missing (the path), not which service or address.
 */
export function formatGatewayError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (code === 'DOWNSTREAM_SERVICE_ERROR' || /^Error while fetching subquery|ECONNREFUSED|fetch failed|socket hang up/i.test(formatted.message)) {
    return {
      message: SUBGRAPH_UNAVAILABLE_MESSAGE,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE },
    };
  }
  return formatHubError(formatted, error);
}
