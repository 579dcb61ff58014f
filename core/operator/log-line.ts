/** @module One log record as a line: JSON for machines (`--log-format json`), or the text people read. Pure. */
import type { Redact } from './redact.ts'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error']
export type LogFormat = 'text' | 'json'

export interface LogRecord {
  time: Date
  level: LogLevel
  message: string
  node?: string
  plugin?: string
  error?: unknown
}

/** An error as JSON: name, message, code, the node and hook of a node failure, its stack when asked, and its causes, nested. */
export interface ErrorJson {
  name: string
  message: string
  code?: string
  node?: string
  hook?: string
  stack?: string
  cause?: ErrorJson
}

/** `{"time","level","node","plugin","message","error"}` on one line; node and plugin come from a node failure when the record has none. */
export function toJsonLine(record: LogRecord, redact: Redact, options: { stacks?: boolean } = {}): string {
  const failed = record.error as { nodeId?: unknown; plugin?: unknown } | undefined
  const node = record.node ?? (typeof failed?.nodeId === 'string' ? failed.nodeId : undefined)
  const plugin = record.plugin ?? (typeof failed?.plugin === 'string' ? failed.plugin : undefined)
  const line = {
    time: record.time.toISOString(),
    level: record.level,
    node: node && redact(node),
    plugin,
    message: redact(record.message),
    error: record.error === undefined ? undefined : toErrorJson(record.error, redact, options.stacks ?? false),
  }
  return JSON.stringify(line)
}

export function toErrorJson(error: unknown, redact: Redact, stacks: boolean, depth = 0, seen = new Set<unknown>()): ErrorJson {
  if (!(error instanceof Error)) return { name: typeof error, message: redact(String(error)) }
  seen.add(error)
  const { code, nodeId, hook } = error as { code?: unknown; nodeId?: unknown; hook?: unknown }
  const json: ErrorJson = { name: error.name, message: redact(error.message) }
  if (typeof code === 'string' || typeof code === 'number') json.code = String(code)
  if (typeof nodeId === 'string') json.node = nodeId
  if (typeof hook === 'string') json.hook = hook
  if (stacks && error.stack) json.stack = redact(error.stack)
  if (error.cause !== undefined && depth < 8 && !seen.has(error.cause)) json.cause = toErrorJson(error.cause, redact, stacks, depth + 1, seen)
  return json
}

/** The text line: `warning: [node] message` (the error's message is already part of it where it matters). */
export function toTextLine(record: LogRecord, redact: Redact): string {
  const prefix = record.level === 'info' ? '' : record.level === 'warn' ? 'warning: ' : `${record.level}: `
  return redact(`${prefix}${record.node === undefined ? '' : `[${record.node}] `}${record.message}`)
}
