/** @module `pipeline reset` for the postgres sink: drops the tables this pipeline's node wrote and deletes its checkpoints; nothing else. */
import type { PluginContext } from '../../core/plugin.ts'
import { checkpointBlobsTable, checkpointsTable } from './checkpoints.ts'
import type { PostgresSinkConfig } from './config.ts'
import { createDatabase } from './database.ts'
import { redactUrl } from './errors.ts'
import { ownedTablesTable } from './owned-tables.ts'
import { qualified } from './sql.ts'

const SHARED = new Set([checkpointsTable.table, checkpointBlobsTable.table, ownedTablesTable.table])

/**
 * Connects like the sink does (starting the embedded server if it is the database), says what it
 * will delete, then drops the tables recorded in `tally_tables` for this pipeline and node and
 * deletes the node's checkpoint. Returns one line per thing deleted.
 */
export async function resetStored(ctx: PluginContext, config: PostgresSinkConfig): Promise<string[]> {
  const db = createDatabase(ctx, { ...config, reset: false })
  const where = config.url === 'embedded' ? `the embedded database under ${ctx.stateDir}` : redactUrl(config.url)
  try {
    const sql = await db.open()
    const exists = async (table: string) => (await sql`SELECT to_regclass(${qualified(config.schema, table)}) AS t`)[0]?.t !== null
    const key = [ctx.pipelineName, ctx.nodeId]
    const tables = (await exists(ownedTablesTable.table))
      ? (await sql.unsafe<{ t: string }[]>(`SELECT table_name AS t FROM ${qualified(config.schema, ownedTablesTable.table)} WHERE pipeline = $1 AND node = $2 ORDER BY table_name`, key)).map((r) => r.t).filter((t) => !SHARED.has(t))
      : []
    const checkpoint = (await exists(checkpointsTable.table)) && (await sql.unsafe(`SELECT 1 FROM ${qualified(config.schema, checkpointsTable.table)} WHERE pipeline = $1 AND node = $2`, key)).length > 0
    if (tables.length === 0 && !checkpoint) {
      ctx.log.info(`nothing stored by pipeline \`${ctx.pipelineName}\` in schema "${config.schema}" of ${where}`)
      return []
    }
    const names = tables.map((t) => qualified(config.schema, t))
    ctx.log.info(`deleting from ${where}: ${[...(names.length > 0 ? [`tables ${names.join(', ')}`] : []), ...(checkpoint ? ['the checkpoint of this pipeline'] : [])].join(' and ')}`)
    await sql.begin(async (tx) => {
      for (const name of names) await tx.unsafe(`DROP TABLE IF EXISTS ${name} CASCADE`)
      if (tables.length > 0) await tx.unsafe(`DELETE FROM ${qualified(config.schema, ownedTablesTable.table)} WHERE table_name = ANY($1::text[])`, [tables])
      if (checkpoint) {
        await tx.unsafe(`DELETE FROM ${qualified(config.schema, checkpointsTable.table)} WHERE pipeline = $1 AND node = $2`, key)
        if (await exists(checkpointBlobsTable.table)) await tx.unsafe(`DELETE FROM ${qualified(config.schema, checkpointBlobsTable.table)} WHERE pipeline = $1 AND node = $2`, key)
      }
    })
    return [...names, ...(checkpoint ? [`checkpoint of ${ctx.pipelineName}/${ctx.nodeId}`] : [])]
  } finally {
    await db.close()
  }
}
