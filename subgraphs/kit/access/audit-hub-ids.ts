/**
 * The person index's answer to the gateway's audit lookup (who an answer disclosed, as hub ids):
 * a plain JSON route beside its GraphQL, as the withheld keys are (withheld-keys.ts). Every
 * answer the gateway gives waits for this lookup, and a GraphQL request cost the index parsing,
 * validation, plugins and answer formatting, and the gateway a Response, for a list of keys in
 * and a list of ids out. The shape and the limits are in audit-hub-ids-route.ts.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ErrorCode } from '../errors';
import { logger } from '../logger';
import type { Caller } from './caller';
import type { CallerTokenVerifier } from './caller-token';
import { ROW_LOOKUP_TIMEOUT_MILLISECONDS } from './rows';
import { AUDIT_HUB_IDS_PATH, auditLookups, GATEWAY_PROFILE } from './audit-hub-ids-route';
import { problem, verifiedCaller } from './withheld-keys';

/** Each lookup's hub ids, in order, read for this caller. */
export type AuditHubIdsReader = (caller: Caller, callerToken: string, lookups: string[][]) => Promise<string[][]>;

class TooLate extends Error {}

/** Gives up after `milliseconds`: the gateway has stopped waiting by then, and a pooled connection should not be held for no one. */
async function within<T>(milliseconds: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TooLate()), milliseconds);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

export function serveAuditHubIds(app: FastifyInstance, verifyCaller: CallerTokenVerifier, read: AuditHubIdsReader): void {
  const send = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('application/json; charset=utf-8').send(body);
  app.post(AUDIT_HUB_IDS_PATH, async (request, reply) => {
    const verified = await verifiedCaller(request.headers.authorization, verifyCaller);
    if (!verified) return send(reply, 401, problem(ErrorCode.UNAUTHENTICATED, 'This service answers the hub gateway only.'));
    const { caller, token } = verified;
    if (caller.profile !== GATEWAY_PROFILE) return send(reply, 403, problem(ErrorCode.FORBIDDEN, 'Only the hub gateway may ask this.'));
    const lookups = auditLookups(request.body);
    if (typeof lookups === 'string') return send(reply, 400, problem(ErrorCode.BAD_USER_INPUT, lookups));
    try {
      const hubIds = await within(ROW_LOOKUP_TIMEOUT_MILLISECONDS, read(caller, token, lookups));
      return send(reply, 200, JSON.stringify({ hubIds }));
    } catch (error) {
      if (error instanceof TooLate) return send(reply, 503, problem(ErrorCode.INTERNAL_SERVER_ERROR, 'The audit lookup was not answered in time.'));
      logger.error({ err: error }, 'audit lookup failed');
      return send(reply, 500, problem(ErrorCode.INTERNAL_SERVER_ERROR, 'The audit lookup failed.'));
    }
  });
}
