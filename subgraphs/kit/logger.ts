import pino from 'pino';

/** Structured logs to stdout; quiet under test unless HUB_LOG_LEVEL says otherwise. */
export const logger = pino({
  level: process.env.HUB_LOG_LEVEL ?? (process.env.JEST_WORKER_ID ? 'silent' : 'info'),
  base: undefined,
  redact: ['req.headers.authorization'],
});
