/** @module `pipeline check` for the postgres sink: row counts, referential integrity, one vote per voter, aggregates reconciled with count(votes), late and dead rows once each. */
import type { Sql } from 'postgres'
import type { CheckResult, PluginContext } from '../../core/plugin.ts'
import { planChecks } from './check-plan.ts'
import { checkSideTable } from './check-side-tables.ts'
import { checkWindowTable } from './check-windows.ts'
import type { PostgresSinkConfig } from './config.ts'
import { createDatabase } from './database.ts'
import { qualified } from './sql.ts'

type Mapping = Pick<PostgresSinkConfig, 'aggregates' | 'tables'>

/** Connects like the sink does (joining or starting the embedded server, never resetting it), runs every check, disconnects. */
export async function runChecks(ctx: PluginContext, config: PostgresSinkConfig): Promise<CheckResult[]> {
  const db = createDatabase(ctx, { ...config, reset: false })
  try {
    return await checkSchema(await db.open(), config.schema, config)
  } finally {
    await db.close()
  }
}

/**
 * Every check against the tables of `schema`. `mapping` (the sink's `aggregates` and `tables`) tells
 * which tables hold a window node's late votes. A check that cannot be done passes with a detail
 * starting `not checked:` and saying why.
 */
export async function checkSchema(sql: Sql, schema: string, mapping: Mapping = { aggregates: {}, tables: {} }): Promise<CheckResult[]> {
  const columns = await sql<{ table: string; column: string; type: string }[]>`
    SELECT c.table_name AS table, c.column_name AS column, c.data_type AS type FROM information_schema.columns c
    JOIN information_schema.tables t USING (table_schema, table_name)
    WHERE c.table_schema = ${schema} AND t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position`
  const tables = new Map<string, Map<string, string>>()
  for (const { table, column, type } of columns) tables.set(table, (tables.get(table) ?? new Map<string, string>()).set(column, type))
  if (tables.size === 0) return [{ name: 'tables', ok: false, detail: `schema "${schema}" has no tables (has the pipeline run against this database?)` }]

  const count = async (text: string) => Number((await sql.unsafe<{ n: string }[]>(text))[0]?.n ?? 0)
  const results: CheckResult[] = []
  for (const table of tables.keys()) results.push({ name: `rows in ${table}`, ok: true, detail: String(await count(`SELECT count(*) AS n FROM ${qualified(schema, table)}`)) })
  const plan = planChecks(tables, mapping)
  if (tables.has('votes')) {
    const votes = await count(`SELECT count(*) AS n FROM ${qualified(schema, 'votes')}`)
    results.push(...(await checkVotes(sql, schema, tables)))
    for (const window of plan.windows) results.push(...(await checkWindowTable(sql, schema, window, votes)))
  } else {
    for (const { table } of plan.windows) results.push({ name: `${table}: reconciled with count(votes)`, ok: true, detail: `not checked: schema "${schema}" has no votes table` })
  }
  for (const side of plan.sides) results.push(...(await checkSideTable(sql, schema, side)))
  return results
}

/** Every vote names a stored voter and candidate; no voter has two votes. */
async function checkVotes(sql: Sql, schema: string, tables: ReadonlyMap<string, unknown>): Promise<CheckResult[]> {
  const q = (table: string) => qualified(schema, table)
  const results: CheckResult[] = []
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
  return results
}

function sample(items: string[]): string {
  return items.slice(0, 5).join(', ') + (items.length > 5 ? `, … (${items.length - 5} more)` : '')
}
