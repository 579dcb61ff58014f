/** @module `pipeline check` for window tables: running totals, and windows plus late votes, reconciled with count(votes). */
import type { Sql } from 'postgres'
import type { CheckResult } from '../../core/plugin.ts'
import type { WindowTablePlan } from './check-plan.ts'
import { qualified, quoteIdent } from './sql.ts'

const CUMULATIVE = `window_start = '-infinity' AND window_end = 'infinity'`

/**
 * Running totals (cumulative windows, one row per group holding its latest value) must add up to
 * count(votes); windows of time (tumbling, a row per window and group) plus the node's late votes
 * too, as each vote is counted in exactly one window or is late. Overlapping windows (hopping,
 * merged sessions) count a vote more than once: not reconciled, and the detail says so.
 */
export async function checkWindowTable(sql: Sql, schema: string, plan: WindowTablePlan, votes: number): Promise<CheckResult[]> {
  const { table } = plan
  if ('why' in plan.measure) return [{ name: `${table}: reconciled with count(votes)`, ok: true, detail: `not checked: ${plan.measure.why}` }]
  const m = quoteIdent(plan.measure.column)
  const t = qualified(schema, table)
  const [row] = await sql.unsafe<{ cumulative: string; total: string | null; windowed: string; windows_total: string | null; open: string }[]>(
    `SELECT count(*) FILTER (WHERE ${CUMULATIVE}) AS cumulative, sum(${m}) FILTER (WHERE ${CUMULATIVE}) AS total,
       count(*) FILTER (WHERE NOT (${CUMULATIVE})) AS windowed, sum(${m}) FILTER (WHERE NOT (${CUMULATIVE})) AS windows_total,
       count(*) FILTER (WHERE NOT (${CUMULATIVE}) AND NOT window_final) AS open FROM ${t}`,
  )
  const n = (v: string | null | undefined) => Number(v ?? 0)
  const results: CheckResult[] = []
  const cumulative = n(row?.cumulative)
  const windowed = n(row?.windowed)
  if (cumulative > 0 || windowed === 0) results.push(compare(`${table}: sum(${plan.measure.column}) = count(votes)`, n(row?.total), votes, `${n(row?.total)} = ${votes}`, `sum(${plan.measure.column}) is ${n(row?.total)}`))
  if (windowed > 0) results.push(await checkWindowed(sql, schema, plan, votes, { rows: windowed, total: n(row?.windows_total), open: n(row?.open) }))
  return results
}

async function checkWindowed(sql: Sql, schema: string, plan: WindowTablePlan, votes: number, found: { rows: number; total: number; open: number }): Promise<CheckResult> {
  const { table, node, late } = plan
  const column = (plan.measure as { column: string }).column
  const name = `${table}: sum(${column}) + rows in ${late.table} = count(votes)`
  const [overlap] = await sql.unsafe<{ n: string }[]>(
    `SELECT count(*) AS n FROM (SELECT window_start, lag(window_end) OVER (PARTITION BY window_key ORDER BY window_start, window_end) AS previous_end FROM ${qualified(schema, table)} WHERE NOT (${CUMULATIVE})) w WHERE previous_end > window_start`,
  )
  if (Number(overlap?.n ?? 0) > 0) return { name, ok: true, detail: `not checked: ${overlap!.n} window(s) overlap another of their group (hopping or session windows count a vote more than once)` }
  const open = found.open > 0 ? ` (${found.open} of ${found.rows} windows not final: is the run finished?)` : ''
  if (!late.exists) {
    const why = `; ${late.table} does not exist: late votes of \`${node}\` are not stored (wire \`${node}.late\` to the sink's \`rows\`), so votes that missed their window cannot be accounted for`
    return compare(name, found.total, votes, `${found.total} + 0 = ${votes} (no ${late.table})${open}`, `sum(${column}) over ${found.rows} windows is ${found.total}`, why + open)
  }
  const [lateRows] = await sql.unsafe<{ n: string }[]>(`SELECT count(*) AS n FROM ${qualified(schema, late.table)}`)
  const lateCount = Number(lateRows?.n ?? 0)
  const sum = found.total + lateCount
  return compare(name, sum, votes, `${found.total} + ${lateCount} = ${votes}${open}`, `sum(${column}) over ${found.rows} windows is ${found.total} and ${late.table} has ${lateCount} rows: ${sum}`, open)
}

function compare(name: string, total: number, votes: number, okDetail: string, what: string, more = ''): CheckResult {
  if (total === votes) return { name, ok: true, detail: okDetail }
  const off = total > votes ? `${total - votes} too many` : `${votes - total} missing`
  return { name, ok: false, detail: `${what} but votes has ${votes} rows (${off}); the aggregate lags behind the votes or lost or double counted some${more}` }
}
