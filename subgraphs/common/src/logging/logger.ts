// One-line, level-filtered logging to stderr with credentials scrubbed from every line.
import { redactSecrets } from '../security/redact';
import type { LogLevel } from '../config/settings';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

function formatFields(fields?: Record<string, unknown>): string {
  if (!fields) return '';
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}=${typeof v === 'string' ? (/\s/.test(v) ? JSON.stringify(v) : v) : JSON.stringify(v)}`)
    .join('');
}

export function createLogger(scope: string, level: LogLevel = (process.env.QUERENT_LOG_LEVEL as LogLevel) || 'info', write: (line: string) => void = (line) => process.stderr.write(line + '\n')): Logger {
  const threshold = RANK[level] ?? RANK.info;
  const emit = (lvl: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>) => {
    if (RANK[lvl] < threshold) return;
    write(redactSecrets(`${new Date().toISOString()} ${lvl.toUpperCase().padEnd(5)} [${scope}] ${message}${formatFields(fields)}`));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (sub) => createLogger(`${scope}:${sub}`, level, write),
  };
}
