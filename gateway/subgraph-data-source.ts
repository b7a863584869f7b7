/**
 * How the gateway talks to a subgraph. Two hub rules live here:
 * - only the hub's own headers go out (the correlation id and the caller context the gateway
 *   signs), never the caller's, so client trace or identity headers cannot reach a partner;
 * - a subgraph that cannot be reached answers, instead of throwing, with one SUBGRAPH_UNAVAILABLE
 *   error at each path it was asked for, so the caller sees exactly what is missing while the
 *   rest of the answer still arrives;
 * - every wait is bounded: a subgraph that has not answered within its timeout (default 15 s,
 *   well inside the 60 s caller context, which is re-signed when a fetch could outlive it) counts
 *   as unreachable for that request.
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { Kind, parse, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { checkEntityAnswer, ENTITY_MISMATCH_MESSAGE, entitiesThatCouldNotIdentify, isIdentityCheckError, keysToCompare, withEntityIdentity } from './entity-answers';
import { CORRELATION_HEADER } from '../subgraphs/kit/correlation';
import { CALLER_TOKEN_LIFETIME_SECONDS, CallerTokenSigner, type CallerTokenKeys, type SignedCallerToken } from '../subgraphs/kit/access/caller-token';
import type { Caller } from '../subgraphs/kit/access/caller';
import { ErrorCode } from '../subgraphs/kit/errors';
import { logger } from '../subgraphs/kit/logger';
import { subgraphFetcher } from './subgraph-client';
import { ExpiringCache } from '../subgraphs/kit/expiring-cache';
import { DISCLOSED_ROWS_EXTENSION, WITHHELD_ROWS_EXTENSION } from '../subgraphs/kit/access/rows';
import { mergeDisclosedRows, type DisclosedRows } from './access/audit-people';
import { traceHeaders } from '../subgraphs/kit/telemetry';
import type { GatewayMetrics } from './metrics';
import type { RestrictionsVersionReader } from './access/restrictions-version';

export const SUBGRAPH_UNAVAILABLE_MESSAGE = 'Part of this answer is temporarily unavailable; please try again shortly.';

export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 15_000;
/** A caller context must still be valid this long after the timeout of the fetch that carries it. */
const CALLER_TOKEN_MARGIN_MS = 5_000;
const MAX_SUBGRAPH_TIMEOUT_MS = CALLER_TOKEN_LIFETIME_SECONDS * 1000 - CALLER_TOKEN_MARGIN_MS;

/**
 * A subgraph's timeout: `<NAME>_TIMEOUT_MS` (e.g. POLICE_TIMEOUT_MS), else
 * `HUB_SUBGRAPH_TIMEOUT_MS`, else 15 s. Longer than the caller context allows is refused at start.
 */
export function subgraphTimeoutMs(envPrefix: string, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[`${envPrefix}_TIMEOUT_MS`] ?? env.HUB_SUBGRAPH_TIMEOUT_MS;
  if (raw === undefined || raw === '') return DEFAULT_SUBGRAPH_TIMEOUT_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > MAX_SUBGRAPH_TIMEOUT_MS) {
    throw new Error(`Subgraph timeout ${envPrefix}: ${raw} ms is not between 1 and ${MAX_SUBGRAPH_TIMEOUT_MS} (the caller context lives ${CALLER_TOKEN_LIFETIME_SECONDS} s).`);
  }
  return value;
}

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

/**
 * The paths a subgraph operation would have filled: root fields, or each field of each entity
 * (of the entities at `onlyEntities` when given).
 */
export function pathsRequestedBy(query: string, variables: Record<string, unknown> | undefined, onlyEntities?: number[]): (string | number)[][] {
  const operation = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const paths: (string | number)[][] = [];
  for (const selection of operation?.selectionSet.selections ?? []) {
    if (selection.kind !== Kind.FIELD) continue;
    const key = selection.alias?.value ?? selection.name.value;
    if (selection.name.value === '_entities') {
      const representations = Array.isArray(variables?.representations) ? variables.representations : [];
      const fields = selectedKeys(selection.selectionSet);
      const positions = onlyEntities ?? representations.map((_, index) => index);
      positions.forEach((index) => fields.forEach((field) => paths.push([key, index, field])));
    } else if (key !== '__typename' && !onlyEntities) {
      paths.push([key]);
    }
  }
  return paths;
}

interface HubRequestContext {
  correlationId?: string;
  caller?: Caller;
  /** Shared by the request's subgraph fetches (and other requests of the same caller) until it would expire mid-fetch. */
  callerToken?: SignedCallerToken;
  /** The rows subgraphs reported letting through (see access/audit-people.ts). */
  disclosedRows?: DisclosedRows;
  /** Restricted people subgraphs reported answering as no one (see access/audit-people.ts). */
  withheldRows?: DisclosedRows;
  /** The person index's restrictions version, read once for the request (access/restrictions-version.ts). */
  restrictionsVersion?: Promise<string | undefined>;
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

/** What the gateway checks a subgraph's entity answers against (see entity-answers.ts). */
export interface EntityCheck {
  schema: GraphQLSchema;
  /** Type → single-field keys this subgraph declares. */
  keys: Map<string, string[]> | undefined;
}

const IDENTITY_QUERY_CACHE_SIZE = 500;
/** Fetch texts can run to tens of KB (an agenda's entity fetches); 500 of them, keyed and rewritten, by count alone could hold tens of MB per subgraph. */
const IDENTITY_QUERY_CACHE_BYTES = 4 * 1024 * 1024;

export interface SubgraphDataSourceOptions {
  callerTokenKeys: CallerTokenKeys;
  /** Shared by every subgraph of a gateway, so a caller's context is signed once for all of them. */
  callerTokenSigner?: CallerTokenSigner;
  subgraphName: string;
  /** Without one, entity answers are joined unchecked (only for tests of other behaviour). */
  entityCheck?: EntityCheck;
  onFetch?: (fetch: SubgraphFetch) => void;
  timeoutMs?: number;
  /** Each fetch's latency and outcome. */
  metrics?: Pick<GatewayMetrics, 'observeFetch'>;
  /** Reads the restrictions version signed into caller contexts; without it, contexts carry none. */
  restrictionsVersion?: RestrictionsVersionReader;
}

export class SubgraphDataSource extends RemoteGraphQLDataSource<HubRequestContext> {
  /** Fetch texts with identity aliases, by text and compared keys (the planner's texts repeat). */
  private readonly identityQueries = new ExpiringCache<{ text: string | null }>(IDENTITY_QUERY_CACHE_SIZE, IDENTITY_QUERY_CACHE_BYTES);

  private readonly callerTokenSigner: CallerTokenSigner;
  private readonly subgraphName: string;
  private readonly entityCheck: EntityCheck | undefined;
  private readonly onFetch?: (fetch: SubgraphFetch) => void;
  private readonly timeoutMs: number;
  private readonly metrics?: Pick<GatewayMetrics, 'observeFetch'>;
  private readonly restrictionsVersion?: RestrictionsVersionReader;

  constructor(config: ConstructorParameters<typeof RemoteGraphQLDataSource>[0], options: SubgraphDataSourceOptions) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_SUBGRAPH_TIMEOUT_MS;
    super({ fetcher: subgraphFetcher(timeoutMs), ...config });
    this.callerTokenSigner = options.callerTokenSigner ?? new CallerTokenSigner(options.callerTokenKeys);
    this.subgraphName = options.subgraphName;
    this.entityCheck = options.entityCheck;
    this.onFetch = options.onFetch;
    this.timeoutMs = timeoutMs;
    this.metrics = options.metrics;
    this.restrictionsVersion = options.restrictionsVersion;
  }

  private identityQuery(query: string, keys: Map<string, string[]>): string | null {
    const cacheKey = `${JSON.stringify([...keys])}\n${query}`;
    const known = this.identityQueries.get(cacheKey);
    if (known) return known.text;
    const rewritten = withEntityIdentity(query, keys);
    this.identityQueries.set(cacheKey, { text: rewritten }, Number.POSITIVE_INFINITY, cacheKey.length + (rewritten?.length ?? 0) + 200);
    return rewritten;
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<HubRequestContext>): Promise<void> {
    if (typeof context?.correlationId === 'string') request.http?.headers.set(CORRELATION_HEADER, context.correlationId);
    // W3C trace context (when tracing is on): the subgraph's spans join the gateway's trace.
    for (const [name, value] of Object.entries(traceHeaders())) request.http?.headers.set(name, value);
    if (context?.caller) {
      // A request's fetches run one after another as the plan says: take a fresher context when
      // this one could outlive it, so a slow but in-time subgraph never sees an expired caller.
      const validForMs = this.timeoutMs + CALLER_TOKEN_MARGIN_MS;
      if (!context.callerToken || context.callerToken.expiresAt - Date.now() < validForMs) {
        // Read at the request's first fetch (after it arrived), shared by the rest of its fetches.
        if (this.restrictionsVersion) context.restrictionsVersion ??= this.restrictionsVersion();
        const version = await context.restrictionsVersion;
        context.callerToken = this.callerTokenSigner.tokenFor(version === undefined ? context.caller : { ...context.caller, restrictionsVersion: version }, validForMs);
      }
      request.http?.headers.set('authorization', `Bearer ${await context.callerToken.token}`);
    }
  }

  override async process(options: GraphQLDataSourceProcessOptions<HubRequestContext>): Promise<GatewayGraphQLResponse> {
    const started = performance.now();
    const query = options.request.query ?? '';
    const representations = Array.isArray(options.request.variables?.representations) ? (options.request.variables.representations as unknown[]) : null;
    const identityQuery = this.entityCheck && representations && query.includes('_entities') ? this.identityQuery(query, keysToCompare(representations, this.entityCheck.keys)) : null;
    try {
      const response = await super.process(identityQuery ? { ...options, request: { ...options.request, query: identityQuery } } : options);
      // Whose rows this answer holds, for the audit record; kept in the request, never passed on.
      const context = options.context as HubRequestContext | undefined;
      if (context?.disclosedRows) mergeDisclosedRows(context.disclosedRows, response.extensions?.[DISCLOSED_ROWS_EXTENSION]);
      if (context?.withheldRows) mergeDisclosedRows(context.withheldRows, response.extensions?.[WITHHELD_ROWS_EXTENSION]);
      this.onFetch?.({
        subgraph: this.subgraphName,
        query,
        variables: options.request.variables,
        milliseconds: performance.now() - started,
        callerContextBytes: Buffer.byteLength(options.request.http?.headers.get('authorization') ?? '', 'utf8'),
      });
      if (this.entityCheck && identityQuery && representations) {
        const unidentified = entitiesThatCouldNotIdentify(response.errors);
        const mismatched = checkEntityAnswer(this.entityCheck.schema, representations, response.data as Parameters<typeof checkEntityAnswer>[2]);
        const refusedPositions = [...new Set([...unidentified, ...mismatched])].sort((a, b) => a - b);
        this.metrics?.observeFetch(this.subgraphName, (performance.now() - started) / 1000, refusedPositions.length ? 'rejected' : 'ok');
        if (refusedPositions.length) logger.error({ subgraph: this.subgraphName, refused: refusedPositions.length }, 'entity answer does not match the representations sent; refused');
        // Parsing the fetch's text again is only needed to name the paths of a refused answer.
        const refused = (refusedPositions.length ? pathsRequestedBy(query, options.request.variables, refusedPositions) : []).map((path) => ({
          message: ENTITY_MISMATCH_MESSAGE,
          path,
          extensions: { code: ErrorCode.SUBGRAPH_ANSWER_REJECTED },
        }));
        const errors = (response.errors ?? []).filter((error) => !isIdentityCheckError(error));
        return { ...response, errors: errors.length || refused.length ? [...errors, ...refused] : undefined } as GatewayGraphQLResponse;
      }
      this.metrics?.observeFetch(this.subgraphName, (performance.now() - started) / 1000, 'ok');
      return response;
    } catch (error) {
      // A subgraph that answered with GraphQL errors (say, a malformed date variable: 400) was
      // reached: pass its errors on with their own codes rather than calling it unavailable. Its
      // 401 means it refused the gateway's own caller context: the hub's fault, not the caller's.
      const answered = (error as { extensions?: { response?: { status?: number; body?: { errors?: unknown } } } }).extensions?.response;
      if (answered?.status && ![401, 502, 503, 504].includes(answered.status) && Array.isArray(answered.body?.errors)) {
        this.metrics?.observeFetch(this.subgraphName, (performance.now() - started) / 1000, 'answered_with_error');
        return { data: null, errors: answered.body.errors } as GatewayGraphQLResponse;
      }
      const timedOut = (error as { name?: string; type?: string }).name === 'AbortError' || (error as { type?: string }).type === 'aborted';
      this.metrics?.observeFetch(this.subgraphName, (performance.now() - started) / 1000, timedOut ? 'timeout' : 'unavailable');
      logger.warn(
        { subgraph: this.subgraphName, status: answered?.status, timedOut, err: { name: (error as Error).name, message: (error as Error).message } },
        timedOut ? `subgraph did not answer within ${this.timeoutMs} ms` : 'subgraph unreachable',
      );
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
