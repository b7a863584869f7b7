import pino from 'pino';
import { logTraceFields } from './telemetry';

/**
 * Structured logs to stdout; quiet under test unless HUB_LOG_LEVEL says otherwise. A line written
 * inside a request carries its trace and span ids and correlation id when tracing is on (see
 * telemetry.ts), so a log line, a trace and an audit record can be matched.
 */
export const logger = pino({
  level: process.env.HUB_LOG_LEVEL ?? (process.env.JEST_WORKER_ID ? 'silent' : 'info'),
  base: undefined,
  redact: ['req.headers.authorization'],
  mixin: logTraceFields,
});
