/** @module `pipeline check` for late and dead tables: keyed, so a replay cannot repeat rows, and one row per voter (and reason). */
import type { Sql } from 'postgres'
import type { CheckResult } from '../../core/plugin.ts'
import type { SideTablePlan } from './check-plan.ts'
import { qualified, quoteIdent } from './sql.ts'

export async function checkSideTable(sql: Sql, schema: string, plan: SideTablePlan): Promise<CheckResult[]> {
  const t = qualified(schema, plan.table)
  const key = await sql.unsafe<{ column: string }[]>(
    `SELECT a.attname AS column FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass($1) AND i.indisprimary ORDER BY a.attnum`,
    [t],
  )
  const results: CheckResult[] = [
    key.length > 0
      ? { name: `${plan.table}: keyed`, ok: true, detail: `primary key (${key.map((k) => k.column).join(', ')})` }
      : {
          name: `${plan.table}: keyed`,
          ok: false,
          detail: `no primary key: its rows were appended (made by an older version?), so a stream replayed after a restart repeated them; rename it (ALTER TABLE ${t} RENAME TO ${quoteIdent(`${plan.table}_old`)}) and the sink makes it again with its key`,
        },
  ]
  if ('why' in plan.unique) {
    results.push({ name: `${plan.table}: one row per ${plan.kind === 'late' ? 'voter' : 'voter and reason'}`, ok: true, detail: `not checked: ${plan.unique.why}` })
    return results
  }
  const per = plan.unique.columns.length > 1 ? 'voter and reason' : 'voter'
  const columns = plan.unique.columns.map(quoteIdent).join(', ')
  const repeated = await sql.unsafe<{ id: string; n: string }[]>(
    `SELECT concat_ws(' ', ${columns}) AS id, count(*) AS n FROM ${t} WHERE voter_id IS NOT NULL GROUP BY ${columns} HAVING count(*) > 1 ORDER BY 1`,
  )
  const rows = repeated.map((r) => `${r.id} (${r.n})`)
  const sample = rows.slice(0, 5).join(', ') + (rows.length > 5 ? `, … (${rows.length - 5} more)` : '')
  results.push({
    name: `${plan.table}: one row per ${per}`,
    ok: repeated.length === 0,
    detail: repeated.length === 0 ? '0 repeated' : `${repeated.length} ${per === 'voter' ? 'voter(s)' : '(voter, reason) pair(s)'} with several rows: ${sample} (written again by a replay?)`,
  })
  return results
}
