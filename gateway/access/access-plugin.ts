/**
 * The gateway's access control, as an Apollo Server plugin:
 * - before parsing and planning, the operation is rewritten without the fields the caller may
 *   not see (Apollo hashes the rewritten text, so a query plan made for one caller is never
 *   served to another);
 * - before the answer leaves, each removed field becomes `null` with a FORBIDDEN error at its
 *   path, and one audit record is written for anything personal that was disclosed or refused:
 *   the people whose data left (as the subgraphs report them), the fields disclosed, the fields
 *   refused here and by the subgraphs, both document hashes and an outcome that says which.
 *   If that record cannot be written, no personal data is returned (503).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { decodeJwt } from 'jose';
import type { Caller } from '../../subgraphs/kit/access/caller';
import { FORBIDDEN_MESSAGE_PREFIX, forbiddenMessage, type RuleMap } from '../../subgraphs/kit/access/rules';
import type { CorrelatedContext } from '../../subgraphs/kit/correlation';
import { ErrorCode, errorForLog } from '../../subgraphs/kit/errors';
import { logger } from '../../subgraphs/kit/logger';
import { REQUEST_VALIDATION_RULES } from '../../subgraphs/kit/request-checks';
import { chooseOperation, filterOperation, patchAnswer, UnjudgeableOperation, type FilteredOperation } from './operation-filter';
import { measureOperation, QUERY_LIMITS, type OperationLimits } from './operation-limits';
import type { AuditEntry, AuditEntryOutcome, AuditWriterStats } from '../../audit-trail/audit-log';
import type { AuditPeopleResolver, DisclosedRows } from './audit-people';
import { JudgementCache, sha256 } from './judgement-cache';

export interface GatewayContext extends CorrelatedContext {
  caller: Caller;
  /** Whose rows the subgraphs let through, in their own keys (filled in as they answer). */
  disclosedRows?: DisclosedRows;
  /** Restricted people the subgraphs were asked about and answered as no one, in their own keys. */
  withheldRows?: DisclosedRows;
}

/** Where the gateway records each disclosure; the audit store's writer is one. */
export interface AuditSink {
  append(entry: AuditEntry): Promise<unknown>;
  /** The audit writer's counts and pool, for the gateway's metrics; absent on other sinks. */
  stats?(): AuditWriterStats;
}

/** The same words for every limit, so a caller cannot probe where the limits lie. */
export const TOO_LARGE_MESSAGE = 'The operation is too large or too complex for the hub; ask for less in one request.';
export const UNJUDGEABLE_MESSAGE = 'The hub could not check this operation against the access rules, so it was not run.';

/** What the audit record lists as refused when the whole operation could not be judged. */
export const UNJUDGED_REFUSAL = 'request:UNJUDGEABLE';

/** Stands in for a refused operation so that nothing of the client's document is parsed, planned or run. */
const REFUSED_PLACEHOLDER = '{ __typename }';

function clientError(message: string, code: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions, http: { status: 400 } } });
}

/** Validation messages without the "Did you mean …?" hints that would reveal the schema. */
function withoutSuggestions(error: GraphQLError): GraphQLError {
  return clientError(error.message.replace(/\s*Did you mean .*$/s, ''), 'GRAPHQL_VALIDATION_FAILED');
}

type Judgement =
  | { run: true; filtered: FilteredOperation }
  | { run: false; errors: GraphQLError[]; audited: boolean };

/**
 * Everything the gateway decides before Apollo sees the operation, in an order that keeps the
 * work bounded: parse with a token limit, measure the client's own document (fragments memoised),
 * validate it against the API schema, and only then expand and filter it.
 */
export function judgeOperation(
  apiSchema: GraphQLSchema | undefined,
  supergraphSchema: GraphQLSchema,
  rules: RuleMap,
  caller: Caller,
  request: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
  limits: OperationLimits = QUERY_LIMITS,
  /** What earlier requests with the same text worked out (see judgement-cache.ts); one cache serves one set of limits. */
  cache?: JudgementCache,
): Judgement {
  const known = cache?.validDocument(request.query);
  let document: DocumentNode;
  if (known) {
    document = known.document;
  } else {
    try {
      // Without locations: no error the gateway answers carries them, and a kept document is smaller.
      document = parse(request.query, { maxTokens: limits.maxTokens, noLocation: true });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/token limit/i.test(message)) return { run: false, errors: [clientError(TOO_LARGE_MESSAGE, ErrorCode.BAD_USER_INPUT)], audited: false };
      return { run: false, errors: [clientError(message, 'GRAPHQL_PARSE_FAILED')], audited: false };
    }
  }
  const operation = chooseOperation(document, request.operationName);
  if (!operation) {
    const message = request.operationName ? `There is no operation named "${request.operationName}" in the document.` : 'The document holds several operations: name the one to run in "operationName".';
    return { run: false, errors: [clientError(message, ErrorCode.BAD_USER_INPUT)], audited: false };
  }
  const variables = request.variables ?? {};
  const verdict = measureOperation(supergraphSchema, document, operation, variables, limits);
  if (!verdict.ok) {
    if (verdict.reason === 'page-size') return { run: false, errors: [clientError(verdict.message, ErrorCode.BAD_USER_INPUT, { argumentName: 'first' })], audited: false };
    if (verdict.reason === 'too-large') return { run: false, errors: [clientError(TOO_LARGE_MESSAGE, ErrorCode.BAD_USER_INPUT)], audited: false };
    return { run: false, errors: [clientError('A fragment is missing or spreads itself.', 'GRAPHQL_VALIDATION_FAILED')], audited: false };
  }
  // Without the API schema nothing can be validated: refuse rather than guess.
  if (!apiSchema) return { run: false, errors: [clientError(UNJUDGEABLE_MESSAGE, ErrorCode.BAD_USER_INPUT)], audited: true };
  if (!known) {
    const invalid = validate(apiSchema, document, [...specifiedRules, ...REQUEST_VALIDATION_RULES], { maxErrors: 20 });
    if (invalid.length) return { run: false, errors: invalid.map(withoutSuggestions), audited: false };
    cache?.rememberValid(request.query, document);
  }
  const remembered = cache?.filtered(request.query, request.operationName, caller, variables);
  if (remembered) return { run: true, filtered: remembered };
  try {
    const filtered = filterOperation(supergraphSchema, rules, caller, { query: request.query, document, operationName: request.operationName, variables });
    cache?.rememberFiltered(request.query, request.operationName, caller, variables, filtered);
    return { run: true, filtered };
  } catch (error) {
    if (!(error instanceof UnjudgeableOperation)) throw error;
    logger.warn({ reason: error.message }, 'operation refused: the access filter could not judge it');
    return { run: false, errors: [clientError(UNJUDGEABLE_MESSAGE, ErrorCode.BAD_USER_INPUT)], audited: true };
  }
}

export { sha256 };

export const AUDIT_UNAVAILABLE_MESSAGE = 'The audit trail cannot be written just now, so no personal data can be returned; please try again shortly.';

/** The coordinate a subgraph's FORBIDDEN error names (the hub's one refusal message), if any. */
function refusedCoordinateOf(error: { message: string; extensions?: Record<string, unknown> }): string | null {
  if (error.extensions?.code !== 'FORBIDDEN') return null;
  return REFUSAL_PATTERN.exec(error.message)?.[1] ?? null;
}
const REFUSAL_PATTERN = new RegExp(`^${FORBIDDEN_MESSAGE_PREFIX}: ([A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*) is withheld`);

/**
 * The outcome, from what left and what was refused: data about someone and a refusal is
 * PARTIAL; data about someone alone DISCLOSED; a refusal alone REFUSED; an answer that found no
 * one NO_PERSONAL_DATA — unless it failed for another reason (bad input, a subgraph down), ERROR.
 */
export function auditOutcome(people: readonly string[], refused: readonly string[], otherErrors: boolean): AuditEntryOutcome {
  if (people.length && refused.length) return 'PARTIAL';
  if (people.length) return 'DISCLOSED';
  if (refused.length) return 'REFUSED';
  return otherErrors ? 'ERROR' : 'NO_PERSONAL_DATA';
}

export function accessControlPlugin(schema: GraphQLSchema, rules: RuleMap, audit: AuditSink, auditPeople: AuditPeopleResolver): ApolloServerPlugin<GatewayContext> {
  let apiSchema: GraphQLSchema | undefined;
  const judgements = new JudgementCache();
  return {
    async serverWillStart() {
      return {
        schemaDidLoadOrUpdate({ apiSchema: loaded }) {
          apiSchema = loaded;
          judgements.clear();
        },
      };
    },
    async requestDidStart({ request, contextValue }) {
      contextValue.disclosedRows = new Map();
      contextValue.withheldRows = new Map();
      const clientQuery = request.query;
      const judgement: Judgement | null = typeof clientQuery === 'string'
        ? judgeOperation(apiSchema, schema, rules, contextValue.caller, { query: clientQuery, operationName: request.operationName, variables: request.variables }, QUERY_LIMITS, judgements)
        : null;
      if (judgement?.run) request.query = judgement.filtered.query;
      else if (judgement) request.query = REFUSED_PLACEHOLDER;
      const filtered = judgement?.run ? judgement.filtered : null;
      return {
        async didResolveOperation() {
          // Thrown here so Apollo answers with these errors (HTTP 400) and still calls willSendResponse.
          if (judgement && !judgement.run) throw judgement.errors.length === 1 ? judgement.errors[0] : new AggregateGraphQLErrors(judgement.errors);
        },
        async willSendResponse({ response, contextValue: context, queryHash, operationName }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (judgement && !judgement.run && judgement.errors.length > 1) result.errors = judgement.errors.map((e) => ({ message: e.message, extensions: { code: e.extensions.code, correlationId: context.correlationId } }));
          const removed = filtered?.removed ?? [];
          const patch = patchAnswer(result.data as Parameters<typeof patchAnswer>[0], removed, (field) => forbiddenMessage(field.coordinate, field.reason));
          if (patch.errors.length) result.errors = [...(result.errors ?? []), ...patch.errors];

          const unjudged = !!judgement && !judgement.run && judgement.audited;
          const disclosed = result.data ? (filtered?.disclosed ?? []) : [];
          // Refused at the gateway, refused by a subgraph (a policy only the data can decide), or
          // the whole operation refused because the filter could not judge it.
          const refusedBySubgraphs = (result.errors ?? []).flatMap((error) => refusedCoordinateOf(error) ?? []);
          const refused = [...new Set([...removed.map((field) => field.coordinate), ...refusedBySubgraphs, ...(unjudged ? [UNJUDGED_REFUSAL] : [])])].sort();
          if (disclosed.length === 0 && refused.length === 0) return;
          try {
            const people = [...new Set([...patch.people, ...(result.data ? await auditPeople(context.disclosedRows ?? new Map()) : [])])].sort();
            // Asked about a restricted person and told nothing: named apart, since none of their data left.
            const withheldRows = context.withheldRows ?? new Map();
            const withheld = withheldRows.size ? (await auditPeople(withheldRows)).filter((id) => !people.includes(id)) : [];
            const otherErrors = (result.errors ?? []).some((error) => error.extensions?.code !== 'FORBIDDEN');
            await audit.append({
              subject: context.caller.subject,
              agency: context.caller.agency,
              role: context.caller.role,
              purpose: context.caller.purpose,
              operationName: operationName ?? request.operationName ?? null,
              // The client's document, as the client can hash it, and what the gateway ran instead.
              operationHash: typeof clientQuery === 'string' ? judgements.hashOf(clientQuery) : (queryHash ?? ''),
              executedOperationHash: judgement?.run ? (queryHash ?? null) : null,
              people,
              withheld,
              disclosed,
              refused,
              outcome: auditOutcome(people, refused, otherErrors),
              correlationId: context.correlationId,
            });
          } catch (error) {
            logger.error({ ...errorForLog(error), correlationId: context.correlationId }, 'audit record could not be written; answer withheld');
            response.http.status = 503;
            response.body.singleResult = { errors: [{ message: AUDIT_UNAVAILABLE_MESSAGE, extensions: { code: 'AUDIT_UNAVAILABLE' } }] };
          }
        },
      };
    },
  };
}

/** Several validation errors thrown as one; the response lists each (see willSendResponse). */
class AggregateGraphQLErrors extends GraphQLError {
  constructor(readonly errors: GraphQLError[]) {
    super(errors[0].message, { extensions: { ...errors[0].extensions } });
  }
}

/**
 * A request refused before it could run (no valid token: 401; no profile or a purpose the role
 * may not use: 403) still leaves a record. Only what the token claims is known, and for a 401
 * none of it is verified, so the subject is marked as such.
 */
export async function recordRefusedRequest(audit: AuditSink, authorization: string | undefined, status: 401 | 403, correlationId: string): Promise<void> {
  const token = /^Bearer\s+(\S+)$/.exec(authorization?.trim() ?? '')?.[1];
  let claims: Record<string, unknown> = {};
  try {
    if (token) claims = decodeJwt(token);
  } catch {
    // Not even a JWT: nothing more to say about who sent it.
  }
  const text = (value: unknown, fallback: string) => (typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : fallback);
  const subject = text(claims.sub, 'anonymous');
  try {
    await audit.append({
      subject: status === 401 ? `unverified:${subject}` : subject,
      agency: text(claims.agency, 'UNKNOWN'),
      role: text(claims.role, 'UNKNOWN'),
      purpose: text(claims.purpose, 'UNKNOWN'),
      operationName: null,
      // Refused before the document was read: the hash of nothing says so.
      operationHash: sha256(''),
      executedOperationHash: null,
      people: [],
      disclosed: [],
      refused: [status === 401 ? 'request:UNAUTHENTICATED' : 'request:FORBIDDEN'],
      outcome: 'REFUSED',
      correlationId,
    });
  } catch (error) {
    // Nothing personal leaves with a refusal, so the refusal still goes out.
    logger.error({ ...errorForLog(error), correlationId }, 'audit record of a refused request could not be written');
  }
}
