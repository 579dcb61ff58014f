/** @module The logger `pipeline run` gives the engine: text or JSON lines, a level threshold, redaction, a child per node. */
import type { Logger } from '../plugin.ts'
import { LOG_LEVELS, toJsonLine, toTextLine, type LogFormat, type LogLevel, type LogRecord } from './log-line.ts'
import type { Redact } from './redact.ts'

export interface LoggerOptions {
  format: LogFormat
  level: LogLevel
  redact: Redact
  /** Writes one finished line (without its newline). */
  write(line: string): void
  now?: () => Date
}

export interface RecordLogger extends Logger {
  /** Logs at `level` with structured fields. */
  log(level: LogLevel, message: string, fields?: { node?: string; plugin?: string; error?: unknown }): void
  /** Whether a record at `level` would be written. */
  enabled(level: LogLevel): boolean
}

export function createLogger(options: LoggerOptions): RecordLogger {
  const threshold = LOG_LEVELS.indexOf(options.level)
  const now = options.now ?? (() => new Date())
  const enabled = (level: LogLevel) => LOG_LEVELS.indexOf(level) >= threshold
  const log: RecordLogger['log'] = (level, message, fields = {}) => {
    if (!enabled(level)) return
    const record: LogRecord = { time: now(), level, message, ...fields }
    options.write(options.format === 'json' ? toJsonLine(record, options.redact, { stacks: options.level === 'debug' }) : toTextLine(record, options.redact))
  }
  const bound = (fields: { node?: string; plugin?: string }): Logger => ({
    info: (m) => log('info', m, fields),
    warn: (m, error) => log('warn', m, { ...fields, error }),
    error: (m, error) => log('error', m, { ...fields, error }),
    debug: (m) => log('debug', m, fields),
    child: (more) => bound({ ...fields, ...more }),
  })
  return { ...bound({}), log, enabled }
}
