/**
 * @module The engine's checkpoints (source positions and transform states, JSONB) in a table keyed by
 * pipeline and sink node. Long strings of the states are kept once in a side table (state-blobs.ts).
 */
import type { Checkpoint, CheckpointStore } from '../../core/plugin.ts'
import type { Sql } from 'postgres'
import { insertRowSql, qualified } from './sql.ts'
import { createBlobIndex, referencesBlobs } from './state-blobs.ts'
import { pathColumn, toText, type TableSpec } from './table-spec.ts'

export const checkpointsTable: TableSpec = {
  table: 'tally_checkpoints',
  columns: [
    pathColumn('pipeline', 'text', 'pipeline'),
    pathColumn('node', 'text', 'node'),
    { name: 'id', type: 'bigint', notNull: true, read: (e) => toText(e.id) },
    { name: 'positions', type: 'jsonb', notNull: true, read: (e) => JSON.stringify(e.positions ?? {}) },
    // Serialized by the store (long strings replaced by references).
    { name: 'states', type: 'jsonb', notNull: true, read: (e) => e.statesJson as string },
  ],
  key: ['pipeline', 'node'],
  onConflict: 'update',
  foreignKeys: [],
  fixed: true,
  touch: 'saved_at',
}

/** Long strings of checkpoint states, by content id (created when the first one is saved). */
export const checkpointBlobsTable: TableSpec = {
  table: 'tally_checkpoint_blobs',
  columns: [pathColumn('pipeline', 'text', 'pipeline'), pathColumn('node', 'text', 'node'), pathColumn('id', 'text', 'id'), pathColumn('body', 'text', 'body')],
  key: ['pipeline', 'node', 'id'],
  onConflict: 'nothing',
  foreignKeys: [],
  fixed: true,
}

interface Database {
  sql: Sql
  tables: { ensure(spec: TableSpec): Promise<TableSpec> }
}

/** Reads and stores the checkpoint row of `pipeline`/`node`; `open` gives the database (tables are created on first use). */
export function createCheckpointStore(options: { pipeline: string; node: string; schema: string; open(): Promise<Database> }): CheckpointStore {
  const { pipeline, node, schema } = options
  const blobs = createBlobIndex()
  /** The blob table may hold rows of this pipeline and node (then each save deletes those it no longer needs). */
  let holdsBlobs = false
  return {
    async load() {
      const { sql, tables } = await options.open()
      await tables.ensure(checkpointsTable)
      const rows = await sql.unsafe<{ id: string; positions: Checkpoint['positions']; states: Checkpoint['states'] }[]>(
        `SELECT id::text AS id, positions, states FROM ${qualified(schema, checkpointsTable.table)} WHERE pipeline = $1 AND node = $2`,
        [pipeline, node],
      )
      const row = rows[0]
      if (!row) return undefined
      let states = row.states
      if (referencesBlobs(states)) {
        await tables.ensure(checkpointBlobsTable)
        const found = await sql.unsafe<{ id: string; body: string }[]>(`SELECT id, body FROM ${qualified(schema, checkpointBlobsTable.table)} WHERE pipeline = $1 AND node = $2`, [pipeline, node])
        states = blobs.resolve(states, new Map(found.map((b) => [b.id, b.body]))) as Checkpoint['states']
        holdsBlobs = true
      }
      return { id: Number(row.id), positions: row.positions, states }
    },
    async save(checkpoint) {
      const { sql, tables } = await options.open()
      const serialized = blobs.serialize(checkpoint.states ?? {})
      // New blobs first, then the row that references them, then the blobs nothing references any more:
      // a save cut short anywhere leaves a row whose blobs are all there.
      if (serialized.fresh.length > 0) {
        const spec = await tables.ensure(checkpointBlobsTable)
        for (const [id, body] of serialized.fresh) await sql.unsafe(insertRowSql(schema, spec), [pipeline, node, id, body], { prepare: true })
        holdsBlobs = true
      }
      const spec = await tables.ensure(checkpointsTable)
      const row = { pipeline, node, id: checkpoint.id, positions: checkpoint.positions, statesJson: serialized.json }
      await sql.unsafe(insertRowSql(schema, spec), spec.columns.map((c) => c.read(row)), { prepare: true })
      if (holdsBlobs) {
        await sql.unsafe(`DELETE FROM ${qualified(schema, checkpointBlobsTable.table)} WHERE pipeline = $1 AND node = $2 AND NOT (id = ANY($3::text[]))`, [pipeline, node, serialized.used])
        holdsBlobs = serialized.used.length > 0
      }
      blobs.saved(serialized)
    },
  }
}
