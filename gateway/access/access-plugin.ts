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
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { decodeJwt } from 'jose';
import type { GraphQLSchema } from 'graphql';
import type { Caller } from '../../subgraphs/kit/access/caller';
import { FORBIDDEN_MESSAGE_PREFIX, forbiddenMessage, type RuleMap } from '../../subgraphs/kit/access/rules';
import type { CorrelatedContext } from '../../subgraphs/kit/correlation';
import { logger } from '../../subgraphs/kit/logger';
import { filterOperation, patchAnswer, type FilteredOperation } from './operation-filter';
import type { AuditEntry, AuditEntryOutcome } from '../../audit-trail/audit-log';
import type { AuditPeopleResolver, DisclosedRows } from './audit-people';

export interface GatewayContext extends CorrelatedContext {
  caller: Caller;
  /** Whose rows the subgraphs let through, in their own keys (filled in as they answer). */
  disclosedRows?: DisclosedRows;
}

/** Where the gateway records each disclosure; the audit store's writer is one. */
export interface AuditSink {
  append(entry: AuditEntry): Promise<unknown>;
}

export const AUDIT_UNAVAILABLE_MESSAGE = 'The audit trail cannot be written just now, so no personal data can be returned; please try again shortly.';

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

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
  return {
    async requestDidStart({ request, contextValue }) {
      let filtered: FilteredOperation | null = null;
      // The document as the client sent it: its hash is what the client can match the record with.
      const clientDocumentHash = typeof request.query === 'string' ? sha256(request.query) : null;
      contextValue.disclosedRows = new Map();
      if (typeof request.query === 'string') {
        filtered = filterOperation(schema, rules, contextValue.caller, { query: request.query, operationName: request.operationName, variables: request.variables });
        if (filtered) request.query = filtered.query;
      }
      return {
        async willSendResponse({ response, contextValue: context, queryHash, operationName }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const removed = filtered?.removed ?? [];
          const patch = patchAnswer(result.data as Parameters<typeof patchAnswer>[0], removed, (field) => forbiddenMessage(field.coordinate, field.reason));
          if (patch.errors.length) result.errors = [...(result.errors ?? []), ...patch.errors];

          const disclosed = result.data ? (filtered?.disclosed ?? []) : [];
          // Refused at the gateway, and refused by a subgraph (a policy only the data can decide).
          const refusedBySubgraphs = (result.errors ?? []).flatMap((error) => refusedCoordinateOf(error) ?? []);
          const refused = [...new Set([...removed.map((field) => field.coordinate), ...refusedBySubgraphs])].sort();
          if (disclosed.length === 0 && refused.length === 0) return;
          try {
            const people = [...new Set([...patch.people, ...(result.data ? await auditPeople(context.disclosedRows ?? new Map()) : [])])].sort();
            const otherErrors = (result.errors ?? []).some((error) => error.extensions?.code !== 'FORBIDDEN');
            await audit.append({
              subject: context.caller.subject,
              agency: context.caller.agency,
              role: context.caller.role,
              purpose: context.caller.purpose,
              operationName: operationName ?? null,
              operationHash: clientDocumentHash ?? queryHash ?? '',
              executedOperationHash: queryHash ?? null,
              people,
              disclosed,
              refused,
              outcome: auditOutcome(people, refused, otherErrors),
              correlationId: context.correlationId,
            });
          } catch (error) {
            logger.error({ err: error, correlationId: context.correlationId }, 'audit record could not be written; answer withheld');
            response.http.status = 503;
            response.body.singleResult = { errors: [{ message: AUDIT_UNAVAILABLE_MESSAGE, extensions: { code: 'AUDIT_UNAVAILABLE' } }] };
          }
        },
      };
    },
  };
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
    logger.error({ err: error, correlationId }, 'audit record of a refused request could not be written');
  }
}
