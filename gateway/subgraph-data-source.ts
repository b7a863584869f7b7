/**
 * How the gateway talks to a subgraph. Two hub rules live here:
 * - only the hub's own headers go out (the correlation id and the caller context the gateway
 *   signs), never the caller's, so client trace or identity headers cannot reach a partner;
 * - a subgraph that cannot be reached answers, instead of throwing, with one SUBGRAPH_UNAVAILABLE
 *   error at each path it was asked for, so the caller sees exactly what is missing while the
 *   rest of the answer still arrives.
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { Kind, parse, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { CORRELATION_HEADER } from '../subgraphs/kit/correlation';
import { signCallerToken, type CallerTokenKeys } from '../subgraphs/kit/access/caller-token';
import type { Caller } from '../subgraphs/kit/access/caller';
import { ErrorCode } from '../subgraphs/kit/errors';
import { logger } from '../subgraphs/kit/logger';
import { DISCLOSED_ROWS_EXTENSION } from '../subgraphs/kit/access/rows';
import { mergeDisclosedRows, type DisclosedRows } from './access/audit-people';

export const SUBGRAPH_UNAVAILABLE_MESSAGE = 'Part of this answer is temporarily unavailable; please try again shortly.';

/** Response keys of the fields selected directly in a selection set, through inline fragments. */
function selectedKeys(selectionSet: SelectionSetNode | undefined): string[] {
  const keys: string[] = [];
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      if (key !== '__typename') keys.push(key);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      keys.push(...selectedKeys(selection.selectionSet));
    }
  }
  return [...new Set(keys)];
}

/** The paths a subgraph operation would have filled: root fields, or each field of each entity. */
export function pathsRequestedBy(query: string, variables: Record<string, unknown> | undefined): (string | number)[][] {
  const operation = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const paths: (string | number)[][] = [];
  for (const selection of operation?.selectionSet.selections ?? []) {
    if (selection.kind !== Kind.FIELD) continue;
    const key = selection.alias?.value ?? selection.name.value;
    if (selection.name.value === '_entities') {
      const representations = Array.isArray(variables?.representations) ? variables.representations : [];
      const fields = selectedKeys(selection.selectionSet);
      representations.forEach((_, index) => fields.forEach((field) => paths.push([key, index, field])));
    } else if (key !== '__typename') {
      paths.push([key]);
    }
  }
  return paths;
}

interface HubRequestContext {
  correlationId?: string;
  caller?: Caller;
  /** Signed once per request, shared by all of its subgraph fetches. */
  callerToken?: Promise<string>;
  /** The rows subgraphs reported letting through (see access/audit-people.ts). */
  disclosedRows?: DisclosedRows;
}

/** One subgraph request the gateway made, for the benchmark's direct replay. */
export interface SubgraphFetch {
  subgraph: string;
  query: string;
  variables: Record<string, unknown> | undefined;
  milliseconds: number;
  /** Bytes of the Authorization header sent: the signed caller context, which must stay small. */
  callerContextBytes: number;
}

export class SubgraphDataSource extends RemoteGraphQLDataSource<HubRequestContext> {
  constructor(
    config: ConstructorParameters<typeof RemoteGraphQLDataSource>[0],
    private readonly callerTokenKeys: CallerTokenKeys,
    private readonly subgraphName: string,
    private readonly onFetch?: (fetch: SubgraphFetch) => void,
  ) {
    super(config);
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<HubRequestContext>): Promise<void> {
    if (typeof context?.correlationId === 'string') request.http?.headers.set(CORRELATION_HEADER, context.correlationId);
    if (context?.caller) {
      context.callerToken ??= signCallerToken(this.callerTokenKeys, context.caller);
      request.http?.headers.set('authorization', `Bearer ${await context.callerToken}`);
    }
  }

  override async process(options: GraphQLDataSourceProcessOptions<HubRequestContext>): Promise<GatewayGraphQLResponse> {
    const started = performance.now();
    try {
      const response = await super.process(options);
      // Whose rows this answer holds, for the audit record; kept in the request, never passed on.
      const context = options.context as HubRequestContext | undefined;
      if (context?.disclosedRows) mergeDisclosedRows(context.disclosedRows, response.extensions?.[DISCLOSED_ROWS_EXTENSION]);
      this.onFetch?.({
        subgraph: this.subgraphName,
        query: options.request.query ?? '',
        variables: options.request.variables,
        milliseconds: performance.now() - started,
        callerContextBytes: Buffer.byteLength(options.request.http?.headers.get('authorization') ?? '', 'utf8'),
      });
      return response;
    } catch (error) {
      // A subgraph that answered 4xx with GraphQL errors (say, a malformed date variable) was
      // reached: pass its errors on rather than calling it unavailable.
      const answered = (error as { extensions?: { response?: { status?: number; body?: { errors?: unknown } } } }).extensions?.response;
      if (answered?.status && answered.status < 500 && Array.isArray(answered.body?.errors)) {
        return { data: null, errors: answered.body.errors } as GatewayGraphQLResponse;
      }
      logger.warn({ subgraph: this.url, err: error }, 'subgraph unreachable');
      const paths = options.request.query ? pathsRequestedBy(options.request.query, options.request.variables) : [];
      const errors = (paths.length ? paths : [undefined]).map((path) => ({
        message: SUBGRAPH_UNAVAILABLE_MESSAGE,
        ...(path ? { path } : {}),
        extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE },
      }));
      return { data: null, errors } as GatewayGraphQLResponse;
    }
  }
}
