/** @module What `pipeline check` can reconcile in a schema: window tables and their counting column, late and dead tables. Pure. */
import type { PostgresSinkConfig } from './config.ts'
import { tableNameFor } from './routing.ts'

/** Column name → data type (as information_schema prints it), per table. */
export type SchemaTables = ReadonlyMap<string, ReadonlyMap<string, string>>

export interface WindowTablePlan {
  table: string
  /** The upstream window node (the table's name, unless mapped under `aggregates`). */
  node: string
  /** The column counting votes, or why none could be told. */
  measure: { column: string } | { why: string }
  /** Where the node's late events are stored (`<node>_late`, or as mapped under `tables`), and whether that table exists. */
  late: { table: string; exists: boolean }
}

export interface SideTablePlan {
  table: string
  kind: 'late' | 'dead'
  /** Columns a row is unique by (voter_id, and for dead letters its reason), or why there are none. */
  unique: { columns: string[] } | { why: string }
}

export interface CheckPlan {
  windows: WindowTablePlan[]
  sides: SideTablePlan[]
}

const WINDOW_COLUMNS = ['window_start', 'window_end', 'window_key', 'window_final']
const NUMERIC = new Set(['double precision', 'integer', 'bigint', 'numeric', 'real', 'smallint'])
/** Names the election's count measures go by, to choose among several numeric columns. */
const COUNT_NAMES = ['count', 'total_votes', 'votes']

/**
 * Window tables are those with the window columns; the column counting votes is their only numeric
 * field (else one named count, total_votes or votes). Late and dead tables: those named for a
 * `node.late` / `node.dead` stream (`per_minute_late`), mapped ones under `tables` included, and the
 * late table of every window node.
 */
export function planChecks(tables: SchemaTables, config: Pick<PostgresSinkConfig, 'aggregates' | 'tables'>): CheckPlan {
  const streamTable = (stream: string) => config.tables[stream]?.table ?? tableNameFor(stream)
  const nodeOf = new Map(Object.entries(config.aggregates).map(([node, table]) => [table, node]))
  const windows: WindowTablePlan[] = []
  const sideNames = new Map<string, 'late' | 'dead'>()
  for (const [table, columns] of tables) {
    if (!WINDOW_COLUMNS.every((c) => columns.has(c))) continue
    const node = nodeOf.get(table) ?? table
    const late = streamTable(`${node}.late`)
    windows.push({ table, node, measure: measureOf(columns), late: { table: late, exists: tables.has(late) } })
    if (tables.has(late)) sideNames.set(late, 'late')
  }
  for (const stream of Object.keys(config.tables)) {
    const kind = stream.endsWith('.late') ? 'late' : stream.endsWith('.dead') ? 'dead' : undefined
    if (kind && tables.has(streamTable(stream))) sideNames.set(streamTable(stream), kind)
  }
  for (const table of tables.keys()) {
    const kind = table.endsWith('_late') ? 'late' : table.endsWith('_dead') ? 'dead' : undefined
    if (kind && !sideNames.has(table) && !tables.get(table)!.has('window_key')) sideNames.set(table, kind)
  }
  const sides = [...sideNames].map(([table, kind]) => ({ table, kind, unique: uniqueColumns(tables.get(table)!, kind) }))
  return { windows, sides }
}

function measureOf(columns: ReadonlyMap<string, string>): WindowTablePlan['measure'] {
  const numeric = [...columns].filter(([name, type]) => NUMERIC.has(type) && !WINDOW_COLUMNS.includes(name)).map(([name]) => name)
  if (numeric.length === 1) return { column: numeric[0]! }
  const named = numeric.filter((n) => COUNT_NAMES.includes(n))
  if (named.length === 1) return { column: named[0]! }
  return { why: numeric.length === 0 ? 'it has no numeric column' : `cannot tell which of its numeric columns (${numeric.join(', ')}) counts votes` }
}

function uniqueColumns(columns: ReadonlyMap<string, string>, kind: 'late' | 'dead'): SideTablePlan['unique'] {
  if (!columns.has('voter_id')) return { why: 'it has no voter_id column' }
  if (kind === 'late') return { columns: ['voter_id'] }
  const reasons = ['_reason', 'reason'].filter((c) => columns.has(c))
  return { columns: ['voter_id', ...reasons] }
}
