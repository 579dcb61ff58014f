/** @module What a table looks like to the sink: its columns, how each is read from an event, its conflict key. Pure. */
import type { Event } from '../../core/plugin.ts'

export interface Column {
  name: string
  /** SQL type, as `format_type` prints it (`text`, `integer`, `timestamp without time zone`…). */
  type: string
  /** The column's value in text form for an event (Postgres casts it to `type`), or null. */
  read(event: Event): string | null
  notNull?: boolean
  /** Tables inferred from events: the top-level field stored here (its name may differ from the column's). */
  field?: string
}

export interface TableSpec {
  table: string
  columns: Column[]
  /** Conflict key (the primary key when the sink creates the table); empty: rows are appended. */
  key: string[]
  onConflict: 'nothing' | 'update'
  /** With `update`: only a row with a greater value in this column replaces the stored one. */
  keepMax?: string
  /** Tables this one references: a write waits for running writes to them (write-order.ts). */
  foreignKeys: { column: string; table: string }[]
  /** Declare `foreignKeys` as constraints when creating the table (default true); false: the references are the sink's write order alone. */
  declareForeignKeys?: boolean
  /** Columns are fixed (flagship tables): a missing one is an error, never added. */
  fixed: boolean
  /** Extra columns the sink fills itself: `updated_at` set to now() on insert and update. */
  touch?: string
}

/** Reads a dot path (`address.city`) from an event. */
export function readPath(event: Event, parts: readonly string[]): unknown {
  let value: unknown = event
  for (const part of parts) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<string, unknown>)[part]
  }
  return value
}

/** A value's text form for a column of `type`: JSON for objects (jsonb), `String()` otherwise. */
export function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'string') return value
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** The SQL type a JS value is stored as when the sink infers a table from events. */
export function inferType(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return 'double precision'
  if (typeof value === 'boolean') return 'boolean'
  if (typeof value === 'object' && value !== null) return 'jsonb'
  return 'text'
}

/** A column read from a dot path, with the first of `fallbackPaths` that has a value when it has none. */
export function pathColumn(name: string, type: string, path: string, ...fallbackPaths: string[]): Column {
  const paths = [path, ...fallbackPaths].map((p) => p.split('.'))
  if (paths.length === 1) {
    const parts = paths[0]!
    return parts.length === 1 ? { name, type, read: (e) => toText(e[path]) } : { name, type, read: (e) => toText(readPath(e, parts)) }
  }
  return {
    name,
    type,
    read(e) {
      for (const parts of paths) {
        const value = readPath(e, parts)
        if (value !== undefined && value !== null) return toText(value)
      }
      return null
    },
  }
}

/**
 * Keeps one row per conflict key (Postgres refuses to update one row twice in a statement): the
 * last, or with `keepMax` the one with the greatest value in that column (the first of equals).
 */
export function lastPerKey(spec: TableSpec, events: Event[]): Event[] {
  if (spec.key.length === 0 || spec.onConflict !== 'update') return events
  const keyColumns = spec.key.map((k) => spec.columns.find((c) => c.name === k)!)
  const maxColumn = spec.keepMax === undefined ? undefined : spec.columns.find((c) => c.name === spec.keepMax)
  const byKey = new Map<string, Event>()
  for (const e of events) {
    const key = keyColumns.map((c) => c.read(e)).join('\u0000')
    const kept = byKey.get(key)
    if (maxColumn && kept && !(Number(maxColumn.read(e)) > Number(maxColumn.read(kept)))) continue
    byKey.delete(key)
    byKey.set(key, e)
  }
  return byKey.size === events.length ? events : [...byKey.values()]
}
