/**
 * Every response carries a correlation id (header and each error's extensions) so a caller can
 * quote it and an operator can find the matching log line; the message itself stays generic.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { errorForLog } from './errors';
import { logger } from './logger';

export const CORRELATION_HEADER = 'x-correlation-id';
const CORRELATION_PATTERN = /^[A-Za-z0-9-]{8,64}$/;

export interface CorrelatedContext extends BaseContext {
  correlationId: string;
}

/**
 * A fresh id, or the one the gateway passed on. Callers of the gateway never choose it: the
 * gateway ignores the client's header and always makes its own (see gateway/).
 */
export function correlationIdFor(request: IncomingMessage, trustIncoming: boolean): string {
  const incoming = request.headers[CORRELATION_HEADER];
  if (trustIncoming && typeof incoming === 'string' && CORRELATION_PATTERN.test(incoming)) return incoming;
  return randomUUID();
}

export function correlationPlugin<TContext extends CorrelatedContext>(serviceName: string): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors }) {
          for (const error of errors) {
            const code = error.extensions?.code;
            if (!code || code === 'INTERNAL_SERVER_ERROR' || code === 'DOWNSTREAM_SERVICE_ERROR') {
              // Code and a redacted message only: the error may hold SQL text or a caller's values.
              logger.error({ service: serviceName, correlationId: contextValue.correlationId, error: errorForLog(error.originalError ?? error), path: error.path }, 'request failed');
            }
          }
        },
        async willSendResponse({ contextValue, response }) {
          response.http.headers.set(CORRELATION_HEADER, contextValue.correlationId);
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            Object.assign(error, { extensions: { ...error.extensions, correlationId: contextValue.correlationId } });
          }
        },
      };
    },
  };
}
