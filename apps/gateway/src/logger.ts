import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout; level from LOG_LEVEL (tests pass "silent"). */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'modelgraph-gateway' },
    redact: { paths: ['req.headers.authorization', '*.secret', 'secret'], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
