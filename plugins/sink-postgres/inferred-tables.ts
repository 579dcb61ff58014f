/** @module Tables whose columns come from the events themselves: window emissions and generic streams. Pure. */
import type { Event } from '../../core/plugin.ts'
import type { TableMappingConfig } from './config.ts'
import { inferType, pathColumn, readPath, toText, type Column, type TableSpec } from './table-spec.ts'

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

/** A window emission table: keyed by window bounds and group key, each row the latest value (`update`). */
export function aggregateTable(table: string, sample: Event[]): TableSpec {
  return { table, columns: [...windowColumns, ...fieldColumns(sample, new Set(), true)], key: ['window_start', 'window_end', 'window_key'], onConflict: 'update', foreignKeys: [], fixed: false, touch: 'updated_at' }
}

/** A generic table: mapped columns (fixed), or one column per top-level field, `_reason`/`_error` of dead letters included (grows with new fields). */
export function genericTable(table: string, mapping: TableMappingConfig, sample: Event[]): TableSpec {
  const mapped = mapping.columns
  const columns = mapped
    ? Object.entries(mapped).map(([name, path]) => pathColumn(name, inferType(firstValue(sample, path.split('.'))), path))
    : fieldColumns(sample, new Set(), false)
  const mustBeColumn = (name: string, role: string) => {
    if (!columns.some((c) => c.name === name)) throw new Error(`${role} column \`${name}\` of table \`${table}\` is not among its columns (${columns.map((c) => c.name).join(', ') || 'none'}); map it under \`columns\``)
  }
  for (const k of mapping.key ?? []) mustBeColumn(k, 'key')
  const onConflict = mapping.onConflict ?? 'update'
  if (mapping.keepMax !== undefined) {
    mustBeColumn(mapping.keepMax, 'keepMax')
    if (!mapping.key || onConflict !== 'update') throw new Error(`keepMax of table \`${table}\` needs a \`key\` and \`onConflict: update\` (it decides which of two rows with the same key stays)`)
  }
  return { table, columns, key: mapping.key ?? [], onConflict, ...(mapping.keepMax === undefined ? {} : { keepMax: mapping.keepMax }), foreignKeys: [], fixed: mapped !== undefined }
}

/** Columns for fields the events carry that `spec` lacks (only for tables that grow). */
export function newColumns(spec: TableSpec, events: Event[]): Column[] {
  if (spec.fixed) return []
  return fieldColumns(events, new Set(spec.columns.map((c) => c.name)), spec.touch !== undefined)
}

/** One column per top-level field not in `known` (nor, for window tables, `_` metadata), typed by its first non-null value. */
function fieldColumns(events: Event[], known: Set<string>, skipMeta: boolean): Column[] {
  const names: string[] = []
  const seen = new Set(known)
  for (const e of events) {
    for (const name of Object.keys(e)) {
      if ((skipMeta && name.startsWith('_')) || seen.has(name)) continue
      seen.add(name)
      names.push(name)
    }
  }
  return names.map((name) => pathColumn(name, inferType(firstValue(events, [name])), name))
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
