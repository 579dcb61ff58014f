/** @module Which tables a pipeline's postgres node wrote (`tally_tables`): what `pipeline reset` may drop, and nothing else. */
import type { Sql } from 'postgres'
import { insertRowSql } from './sql.ts'
import { pathColumn, type TableSpec } from './table-spec.ts'

export const ownedTablesTable: TableSpec = {
  table: 'tally_tables',
  columns: [pathColumn('pipeline', 'text', 'pipeline'), pathColumn('node', 'text', 'node'), pathColumn('table_name', 'text', 'table')],
  key: ['pipeline', 'node', 'table_name'],
  onConflict: 'nothing',
  foreignKeys: [],
  fixed: true,
}

/** Who writes through a sink: recorded beside every table it makes sure of. */
export interface TableOwner {
  pipeline: string
  node: string
}

/** Records that `owner` writes `table` (once per table and process; the registry table must exist). */
export async function recordOwnedTable(sql: Sql, schema: string, owner: TableOwner, table: string): Promise<void> {
  await sql.unsafe(insertRowSql(schema, ownedTablesTable), [owner.pipeline, owner.node, table], { prepare: true })
}
