/** @module A stable id for an event from its content: the conflict key of tables fed by streams that carry none. Pure. */
import { createHash } from 'node:crypto'
import type { Event } from '../../core/plugin.ts'

/** The column holding it in tables without a configured key. */
export const EVENT_ID_COLUMN = '_event_id'

/**
 * 32 hex digits of the SHA-256 of the event's canonical JSON (object keys sorted at every depth):
 * the same for an event replayed after a restart, whatever the order of its keys; different as
 * soon as any value differs.
 */
export function eventId(event: Event): string {
  return createHash('sha256').update(canonicalJson(event)).digest('hex').slice(0, 32)
}

/** JSON with object keys sorted; `undefined` fields left out and `toJSON` used as JSON.stringify does, bigints as numbers. */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'bigint') return value.toString()
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return canonicalJson((value as { toJSON(): unknown }).toJSON())
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`
  const fields = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
  return `{${fields.join(',')}}`
}
