import { describe, expect, it } from 'vitest'
import { planChecks } from './check-plan.ts'

const window = { window_start: 'timestamp with time zone', window_end: 'timestamp with time zone', window_key: 'text', window_final: 'boolean', updated_at: 'timestamp with time zone' }
const schema = (tables: Record<string, Record<string, string>>) => new Map(Object.entries(tables).map(([t, cols]) => [t, new Map(Object.entries(cols))]))
const none = { aggregates: {}, tables: {} }

describe('what `pipeline check` reconciles', () => {
  it('finds window tables, the column counting votes and where their late votes are', () => {
    const tables = schema({
      by_candidate: { ...window, candidate_id: 'text', candidate_name: 'text', total_votes: 'double precision' },
      per_minute: { ...window, candidate_id: 'text', votes: 'double precision' },
      per_minute_late: { voter_id: 'text', voting_time: 'text', vote: 'double precision' },
      votes: { voter_id: 'text', vote: 'integer' },
    })
    expect(planChecks(tables, none)).toEqual({
      windows: [
        { table: 'by_candidate', node: 'by_candidate', measure: { column: 'total_votes' }, late: { table: 'by_candidate_late', exists: false } },
        { table: 'per_minute', node: 'per_minute', measure: { column: 'votes' }, late: { table: 'per_minute_late', exists: true } },
      ],
      sides: [{ table: 'per_minute_late', kind: 'late', unique: { columns: ['voter_id'] } }],
    })
  })

  it('follows `aggregates` and `tables` mappings, and finds dead tables by name or mapping', () => {
    const tables = schema({
      minutes: { ...window, votes: 'integer' },
      too_late: { voter_id: 'text' },
      votes_dead: { _event_id: 'text', voter_id: 'text', reason: 'text' },
      rejects: { _event_id: 'text', voter_id: 'text', _reason: 'text', _error: 'text' },
      other: { x: 'text' },
    })
    const plan = planChecks(tables, { aggregates: { per_minute: 'minutes' }, tables: { 'per_minute.late': { table: 'too_late', onConflict: 'nothing' }, 'db.dead': { table: 'rejects', onConflict: 'nothing' } } })
    expect(plan.windows).toEqual([{ table: 'minutes', node: 'per_minute', measure: { column: 'votes' }, late: { table: 'too_late', exists: true } }])
    expect(plan.sides).toEqual([
      { table: 'too_late', kind: 'late', unique: { columns: ['voter_id'] } },
      { table: 'rejects', kind: 'dead', unique: { columns: ['voter_id', '_reason'] } },
      { table: 'votes_dead', kind: 'dead', unique: { columns: ['voter_id', 'reason'] } },
    ])
  })

  it('says why a table cannot be reconciled', () => {
    const tables = schema({ a: { ...window, label: 'text' }, b: { ...window, sum: 'double precision', mean: 'double precision' }, c: { ...window, count: 'bigint', mean: 'double precision' }, x_dead: { what: 'text' } })
    const plan = planChecks(tables, none)
    expect(plan.windows.map((w) => w.measure)).toEqual([{ why: 'it has no numeric column' }, { why: 'cannot tell which of its numeric columns (sum, mean) counts votes' }, { column: 'count' }])
    expect(plan.sides).toEqual([{ table: 'x_dead', kind: 'dead', unique: { why: 'it has no voter_id column' } }])
  })
})
