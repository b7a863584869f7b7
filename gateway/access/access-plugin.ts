/**
 * The gateway's access control, as an Apollo Server plugin:
 * - before parsing and planning, the operation is rewritten without the fields the caller may
 *   not see (Apollo hashes the rewritten text, so a query plan made for one caller is never
 *   served to another);
 * - before the answer leaves, each removed field becomes `null` with a FORBIDDEN error at its
 *   path, and one audit record is written for anything personal that was disclosed or refused.
 *   If that record cannot be written, no personal data is returned (503).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { Caller } from '../../subgraphs/kit/access/caller';
import { forbiddenMessage, type RuleMap } from '../../subgraphs/kit/access/rules';
import type { CorrelatedContext } from '../../subgraphs/kit/correlation';
import { logger } from '../../subgraphs/kit/logger';
import { filterOperation, patchAnswer, type FilteredOperation } from './operation-filter';
import type { AuditEntry, AuditEntryOutcome } from '../../audit-trail/audit-log';

export interface GatewayContext extends CorrelatedContext {
  caller: Caller;
}

/** Where the gateway records each disclosure; the audit store's writer is one. */
export interface AuditSink {
  append(entry: AuditEntry): Promise<unknown>;
}

export const AUDIT_UNAVAILABLE_MESSAGE = 'The audit trail cannot be written just now, so no personal data can be returned; please try again shortly.';

export function accessControlPlugin(schema: GraphQLSchema, rules: RuleMap, audit: AuditSink): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      let filtered: FilteredOperation | null = null;
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
          const refused = [...new Set(removed.map((field) => field.coordinate))].sort();
          if (disclosed.length === 0 && refused.length === 0) return;
          const outcome: AuditEntryOutcome = result.errors?.some((e) => e.extensions?.code !== 'FORBIDDEN') && !result.data
            ? 'ERROR'
            : refused.length && disclosed.length
              ? 'PARTIAL'
              : refused.length
                ? 'REFUSED'
                : 'DISCLOSED';
          try {
            await audit.append({
              subject: context.caller.subject,
              agency: context.caller.agency,
              role: context.caller.role,
              purpose: context.caller.purpose,
              operationName: operationName ?? null,
              operationHash: queryHash ?? '',
              people: patch.people.sort(),
              disclosed,
              refused,
              outcome,
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
