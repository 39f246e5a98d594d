// Structured JSON logs (pino). Human-readable through pino-pretty in development only (`npm run dev`, or
// CLINIDESK_LOG_PRETTY=true): it is a development dependency, and production logs stay JSON lines.
import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';

function prettyAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

export function createLogger(level: string, pretty: boolean): Logger {
  const readable = pretty && prettyAvailable();
  const log = pino({
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password'], censor: '[redacted]' },
    ...(readable ? { transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } } } : {}),
  });
  if (pretty && !readable) log.warn('pino-pretty is not installed (a development dependency): logging JSON lines');
  return log;
}
