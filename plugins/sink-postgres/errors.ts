/** @module Sorting Postgres failures: worth retrying (connection lost, server restarting), bad rows (dead-letter them), or fatal. Pure. */

export type Failure = 'retry' | 'data' | 'fatal'

const RETRY_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  'CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
  'CONNECTION_ENDED', // the pool was ended under a running query (another write found the connection lost)
  '57P01', // admin_shutdown: the server is stopping
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the server is starting
  '53300', // too_many_connections
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
])

/** Worth retrying, but not a lost connection: the pool is fine (a deadlock or serialization failure between two of the sink's own writes). */
const CONFLICT_CODES = new Set(['40001', '40P01', '55P03'])

/** A `retry` failure that leaves the connections usable: retry the statement, keep the pool. */
export function isConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && CONFLICT_CODES.has(code)
}

/**
 * Caused by a row, though not in classes 22/23: 21000 (cardinality_violation: two rows of one statement
 * with the same key, as the database compares them), 54000 (program_limit_exceeded: a key too long
 * for the index, a value too large).
 */
const ROW_CODES = new Set(['21000', '54000'])

/** `data` for errors caused by the rows themselves: SQLSTATE classes 22 (data exception) and 23 (integrity constraint), and ROW_CODES. */
export function classify(error: unknown): Failure {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return 'fatal'
  if (RETRY_CODES.has(code) || code.startsWith('08')) return 'retry'
  if (code.startsWith('22') || code.startsWith('23') || ROW_CODES.has(code)) return 'data'
  return 'fatal'
}

/** What to do about failures whose server message does not say it. */
const FIXES: Record<string, string> = {
  // invalid_column_reference: no unique index matches the ON CONFLICT columns.
  '42P10': 'the table exists without a primary key on the columns the sink writes by (made by an older version, which appended rows, or by another config): rename or drop the table so the sink makes it again, or map the stream to a new `table`',
}

/** The server's message with its detail and hint, for dead-letter reasons and error messages. */
export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const { detail, hint, code } = error as { detail?: string; hint?: string; code?: unknown }
  const fix = typeof code === 'string' ? FIXES[code] : undefined
  return [error.message, detail, hint && `hint: ${hint}`, fix && `fix: ${fix}`].filter(Boolean).join('; ')
}

/** Connection details never appear in messages: the password is replaced. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@')
}
