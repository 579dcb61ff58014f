/** @module `pipeline check` for the postgres sink: row counts, referential integrity, one vote per voter, aggregates reconciled with count(votes). */
import type { Sql } from 'postgres'
import type { CheckResult, PluginContext } from '../../core/plugin.ts'
import type { PostgresSinkConfig } from './config.ts'
import { createDatabase } from './database.ts'
import { qualified } from './sql.ts'

/** Connects like the sink does (joining or starting the embedded server, never resetting it), runs every check, disconnects. */
export async function runChecks(ctx: PluginContext, config: PostgresSinkConfig): Promise<CheckResult[]> {
  const db = createDatabase(ctx, { ...config, reset: false })
  try {
    return await checkSchema(await db.open(), config.schema)
  } finally {
    await db.close()
  }
}

/** Every check against the tables of `schema`. */
export async function checkSchema(sql: Sql, schema: string): Promise<CheckResult[]> {
  const columns = await sql<{ table: string; column: string }[]>`
    SELECT c.table_name AS table, c.column_name AS column FROM information_schema.columns c
    JOIN information_schema.tables t USING (table_schema, table_name)
    WHERE c.table_schema = ${schema} AND t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position`
  const tables = new Map<string, Set<string>>()
  for (const { table, column } of columns) tables.set(table, (tables.get(table) ?? new Set()).add(column))
  if (tables.size === 0) return [{ name: 'tables', ok: false, detail: `schema "${schema}" has no tables (has the pipeline run against this database?)` }]

  const q = (table: string) => qualified(schema, table)
  const count = async (text: string) => Number((await sql.unsafe<{ n: string }[]>(text))[0]?.n ?? 0)
  const results: CheckResult[] = []
  for (const table of tables.keys()) results.push({ name: `rows in ${table}`, ok: true, detail: String(await count(`SELECT count(*) AS n FROM ${q(table)}`)) })
  if (!tables.has('votes')) return results

  const votes = await count(`SELECT count(*) AS n FROM ${q('votes')}`)
  for (const [field, parent] of [['voter_id', 'voters'], ['candidate_id', 'candidates']] as const) {
    if (!tables.has(parent)) {
      results.push({ name: `votes without a ${parent.slice(0, -1)}`, ok: false, detail: `table ${q(parent)} is missing` })
      continue
    }
    const orphans = await sql.unsafe<{ id: string }[]>(`SELECT v.${field} AS id FROM ${q('votes')} v WHERE NOT EXISTS (SELECT 1 FROM ${q(parent)} p WHERE p.${field} = v.${field})`)
    results.push({
      name: `votes without a ${parent.slice(0, -1)}`,
      ok: orphans.length === 0,
      detail: orphans.length === 0 ? '0' : `${orphans.length} vote(s) name a ${field} missing from ${parent}: ${sample(orphans.map((o) => o.id))}`,
    })
  }
  const repeated = await sql.unsafe<{ id: string; n: string }[]>(`SELECT voter_id AS id, count(*) AS n FROM ${q('votes')} GROUP BY voter_id HAVING count(*) > 1`)
  results.push({
    name: 'voters with more than one vote',
    ok: repeated.length === 0,
    detail: repeated.length === 0 ? '0' : `${repeated.length} voter(s) have several votes: ${sample(repeated.map((r) => `${r.id} (${r.n})`))}`,
  })

  for (const [table, cols] of tables) {
    if (!cols.has('window_start') || !cols.has('window_end')) continue
    const measure = cols.has('total_votes') ? 'total_votes' : cols.has('state') && cols.has('count') ? 'count' : undefined
    if (!measure) continue
    const [row] = await sql.unsafe<{ rows: string; cumulative: string; total: string | null }[]>(
      `SELECT count(*) AS rows, count(*) FILTER (WHERE window_start = '-infinity' AND window_end = 'infinity') AS cumulative, sum(${measure}) FILTER (WHERE window_start = '-infinity' AND window_end = 'infinity') AS total FROM ${q(table)}`,
    )
    const name = `${table}: sum(${measure}) = count(votes)`
    if (Number(row?.rows ?? 0) > 0 && Number(row?.cumulative ?? 0) === 0) {
      results.push({ name, ok: true, detail: 'windowed rows only (no running totals): not reconciled' })
      continue
    }
    const total = Number(row?.total ?? 0)
    results.push({
      name,
      ok: total === votes,
      detail: total === votes ? `${total} = ${votes}` : `sum(${measure}) is ${total} but votes has ${votes} rows (${total > votes ? `${total - votes} too many` : `${votes - total} missing`}); the aggregate lags behind the votes or lost or double counted some`,
    })
  }
  return results
}

function sample(items: string[]): string {
  return items.slice(0, 5).join(', ') + (items.length > 5 ? `, … (${items.length - 5} more)` : '')
}
