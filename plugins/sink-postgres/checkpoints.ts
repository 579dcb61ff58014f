/** @module The engine's checkpoints (source positions and transform states, JSONB) in a table keyed by pipeline and sink node. */
import type { Checkpoint, CheckpointStore } from '../../core/plugin.ts'
import type { Sql } from 'postgres'
import { insertRowSql, qualified } from './sql.ts'
import { pathColumn, toText, type TableSpec } from './table-spec.ts'

export const checkpointsTable: TableSpec = {
  table: 'tally_checkpoints',
  columns: [
    pathColumn('pipeline', 'text', 'pipeline'),
    pathColumn('node', 'text', 'node'),
    { name: 'id', type: 'bigint', notNull: true, read: (e) => toText(e.id) },
    { name: 'positions', type: 'jsonb', notNull: true, read: (e) => JSON.stringify(e.positions ?? {}) },
    { name: 'states', type: 'jsonb', notNull: true, read: (e) => JSON.stringify(e.states ?? {}) },
  ],
  key: ['pipeline', 'node'],
  onConflict: 'update',
  foreignKeys: [],
  fixed: true,
  touch: 'saved_at',
}

/** Reads and stores the checkpoint row of `pipeline`/`node`; `table` gives the table as it is (created on first use). */
export function createCheckpointStore(options: { pipeline: string; node: string; schema: string; table(): Promise<{ sql: Sql; spec: TableSpec }> }): CheckpointStore {
  const { pipeline, node, schema } = options
  return {
    async load() {
      const { sql } = await options.table()
      const rows = await sql.unsafe<{ id: string; positions: Checkpoint['positions']; states: Checkpoint['states'] }[]>(
        `SELECT id::text AS id, positions, states FROM ${qualified(schema, checkpointsTable.table)} WHERE pipeline = $1 AND node = $2`,
        [pipeline, node],
      )
      const row = rows[0]
      return row ? { id: Number(row.id), positions: row.positions, states: row.states } : undefined
    },
    async save(checkpoint) {
      const { sql, spec } = await options.table()
      const row = { pipeline, node, ...checkpoint }
      await sql.unsafe(insertRowSql(schema, spec), spec.columns.map((c) => c.read(row)), { prepare: true })
    },
  }
}
