/** @module Tables whose columns come from the events themselves: window emissions and generic streams. Pure. */
import type { Event } from '../../core/plugin.ts'
import { columnNameFor } from './column-names.ts'
import type { TableMappingConfig } from './config.ts'
import { EVENT_ID_COLUMN, eventId } from './event-id.ts'
import { inferType, pathColumn, readPath, toText, type Column, type TableSpec } from './table-spec.ts'

/** A table inferred from events grows to at most this many columns (Postgres allows 1,600); fields beyond have none and their events are dead-lettered. */
export const MAX_INFERRED_COLUMNS = 1000

/** Window bounds as timestamptz text; an open bound (cumulative windows) is ±infinity so it can be part of the key. */
function bound(event: Event, side: 'start' | 'end'): string | null {
  const window = event._window as { start?: unknown; end?: unknown } | undefined
  const ms = window?.[side]
  if (ms === null || ms === undefined) return side === 'start' ? '-infinity' : 'infinity'
  return typeof ms === 'number' && Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : null
}

const windowColumns: Column[] = [
  { name: 'window_start', type: 'timestamp with time zone', read: (e) => bound(e, 'start') },
  { name: 'window_end', type: 'timestamp with time zone', read: (e) => bound(e, 'end') },
  { name: 'window_key', type: 'text', read: (e) => toText(e._key ?? '') },
  { name: 'window_final', type: 'boolean', read: (e) => toText((e._window as { final?: unknown } | undefined)?.final ?? false) },
]

const WINDOW_RESERVED = new Set([...windowColumns.map((c) => c.name), 'updated_at'])

/** A window emission table: keyed by window bounds and group key, each row the latest value (`update`). */
export function aggregateTable(table: string, sample: Event[]): TableSpec {
  return { table, columns: [...windowColumns, ...fieldColumns(sample, windowColumns, true)], key: ['window_start', 'window_end', 'window_key'], onConflict: 'update', foreignKeys: [], fixed: false, touch: 'updated_at' }
}

const eventIdColumn: Column = { name: EVENT_ID_COLUMN, type: 'text', read: eventId }

/**
 * A generic table: mapped columns (fixed), or one column per top-level field, `_reason`/`_error` of
 * dead letters included (grows with new fields). Every row has a conflict key, so a stream replayed
 * after a restart writes each event once: the configured `key`, else `_event_id`, a hash of the
 * event's content (`onConflict: nothing`: the same event is the same row).
 */
export function genericTable(table: string, mapping: TableMappingConfig, sample: Event[]): TableSpec {
  const mapped = mapping.columns
  const derived = mapping.key === undefined
  const columns = mapped
    ? Object.entries(mapped).map(([name, path]) => pathColumn(name, inferType(firstValue(sample, path.split('.'))), path))
    : fieldColumns(sample, derived ? [eventIdColumn] : [], false)
  const mustBeColumn = (name: string, role: string) => {
    if (!columns.some((c) => c.name === name)) throw new Error(`${role} column \`${name}\` of table \`${table}\` is not among its columns (${columns.map((c) => c.name).join(', ') || 'none'}); map it under \`columns\``)
  }
  if (derived) {
    if (columns.some((c) => c.name === EVENT_ID_COLUMN)) throw new Error(`column \`${EVENT_ID_COLUMN}\` of table \`${table}\` is the sink's own (a hash of each event, the conflict key when none is configured); map the field to another column name, or set \`key\``)
    columns.unshift(eventIdColumn)
  } else if (!mapped) {
    // A key field the first events lack still gets its column (events without a value are dead-lettered).
    for (const k of mapping.key ?? []) if (!columns.some((c) => c.name === k)) columns.push({ ...pathColumn(k, 'text', k), field: k })
  }
  for (const k of mapping.key ?? []) mustBeColumn(k, 'key')
  const onConflict = derived ? 'nothing' : (mapping.onConflict ?? 'update')
  if (mapping.keepMax !== undefined) {
    mustBeColumn(mapping.keepMax, 'keepMax')
    if (!mapping.key || onConflict !== 'update') throw new Error(`keepMax of table \`${table}\` needs a \`key\` and \`onConflict: update\` (it decides which of two rows with the same key stays)`)
  }
  return { table, columns, key: mapping.key ?? [EVENT_ID_COLUMN], onConflict, ...(mapping.keepMax === undefined ? {} : { keepMax: mapping.keepMax }), foreignKeys: [], fixed: mapped !== undefined }
}

/** Columns for fields the events carry that `spec` lacks (only for tables that grow). */
export function newColumns(spec: TableSpec, events: Event[]): Column[] {
  if (spec.fixed) return []
  return fieldColumns(events, spec.columns, spec.touch !== undefined)
}

/**
 * Why `event` cannot be written to `spec`'s table, or undefined: a key column without a value, or
 * (tables inferred from events) a field without a column of its own (the table is full, or two
 * fields would share a column).
 */
export function unmappable(spec: TableSpec, event: Event): string | undefined {
  const keys = keyColumnsOf(spec)
  for (let i = 0; i < keys.length; i++) {
    const column = keys[i]
    if (column && column.read(event) === null) return `no value for the key column \`${spec.key[i]}\` (the table's rows are identified by ${spec.key.join(', ')})`
  }
  if (spec.fixed) return undefined
  const fields = fieldsOf(spec)
  const skipMeta = spec.touch !== undefined
  for (const [name, value] of Object.entries(event)) {
    if (value === undefined || (skipMeta && name.startsWith('_')) || fields.has(name)) continue
    const column = columnNameFor(name, reservedOf(spec))
    const why = spec.columns.some((c) => c.name === column)
      ? `its column \`${column}\` holds another field`
      : spec.columns.length >= MAX_INFERRED_COLUMNS ? `the table has reached ${MAX_INFERRED_COLUMNS} columns` : 'the table has not grown a column for it'
    return `field ${JSON.stringify(name.slice(0, 100))} has no column in \`${spec.table}\`: ${why}`
  }
  return undefined
}

const keyColumnsCache = new WeakMap<TableSpec, (Column | undefined)[]>()
/** The columns of the table's key, in key order (looked up once per spec, not per event). */
function keyColumnsOf(spec: TableSpec): (Column | undefined)[] {
  let columns = keyColumnsCache.get(spec)
  if (!columns) keyColumnsCache.set(spec, (columns = spec.key.map((k) => spec.columns.find((c) => c.name === k))))
  return columns
}

const fieldsCache = new WeakMap<TableSpec, Set<string>>()
function fieldsOf(spec: TableSpec): Set<string> {
  let fields = fieldsCache.get(spec)
  if (!fields) fieldsCache.set(spec, (fields = new Set(spec.columns.flatMap((c) => (c.field === undefined ? [] : [c.field])))))
  return fields
}

/** Column names a table uses for itself: a field with such a name is stored under a stand-in. */
function reservedOf(spec: TableSpec): ReadonlySet<string> {
  return spec.touch !== undefined ? WINDOW_RESERVED : spec.key.includes(EVENT_ID_COLUMN) ? new Set([EVENT_ID_COLUMN]) : new Set()
}

/**
 * One column per top-level field not stored by `known` (nor, for window tables, `_` metadata), typed
 * by its first non-null value and named by `columnNameFor`; none for a field whose column name is
 * taken, nor beyond MAX_INFERRED_COLUMNS.
 */
function fieldColumns(events: Event[], known: readonly Column[], skipMeta: boolean): Column[] {
  const reserved = skipMeta ? WINDOW_RESERVED : new Set(known.filter((c) => c.field === undefined).map((c) => c.name))
  const fields = new Set(known.flatMap((c) => (c.field === undefined ? [] : [c.field])))
  const names = new Set(known.map((c) => c.name))
  const found: Column[] = []
  for (const e of events) {
    for (const [field, value] of Object.entries(e)) {
      if (value === undefined || (skipMeta && field.startsWith('_')) || fields.has(field)) continue
      fields.add(field)
      const name = columnNameFor(field, reserved)
      if (names.has(name) || names.size >= MAX_INFERRED_COLUMNS) continue
      names.add(name)
      found.push({ ...pathColumn(name, inferType(firstValue(events, [field])), field), field })
    }
  }
  return found
}

function firstValue(events: Event[], parts: string[]): unknown {
  for (const e of events) {
    const value = readPath(e, parts)
    if (value !== undefined && value !== null) return value
  }
  return undefined
}

/** Uses the types of an existing table's columns, so values are cast to what is really there. */
export function withExistingTypes(spec: TableSpec, existing: ReadonlyMap<string, string>): TableSpec {
  return { ...spec, columns: spec.columns.map((c) => ({ ...c, type: existing.get(c.name) ?? c.type })) }
}
