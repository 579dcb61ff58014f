import { describe, expect, it } from 'vitest'
import { DEFAULT_QUERY, parseTableQuery, toSearch, toTablePage, type TableQuery } from './state-table.ts'
import type { StateRow } from './view.ts'

const rows: StateRow[] = Array.from({ length: 70 }, (_, i) => ({
  state: `State ${String(i).padStart(2, '0')}`,
  votes: (i * 37) % 101,
  voters: i % 7 === 0 ? undefined : 200,
  turnout: i % 7 === 0 ? undefined : ((i * 37) % 101) / 200,
  share: 0,
}))
const query = (q: Partial<TableQuery>): TableQuery => ({ ...DEFAULT_QUERY, ...q })
const parse = (search: string) => {
  const params = new URLSearchParams(search)
  return parseTableQuery((n) => params.get(n) ?? undefined)
}

describe('turnout table', () => {
  it('reaches the last, partial page', () => {
    const page = toTablePage(rows, query({ size: 25, page: 3 }))
    expect(page.pages).toBe(3)
    expect(page.rows).toHaveLength(20)
    expect([page.from, page.to]).toEqual([51, 70])
  })

  it('shows the last page for a page past the end, e.g. after a larger page size', () => {
    expect(toTablePage(rows, query({ size: 10, page: 7 })).rows).toHaveLength(10)
    const bigger = toTablePage(rows, query({ size: 50, page: 7 }))
    expect(bigger.query.page).toBe(2)
    expect(bigger.rows).toHaveLength(20)
    expect(toTablePage(rows, query({ size: 100 })).rows).toHaveLength(70)
  })

  it('sorts by each column both ways, ties by state name, unknown numbers last when descending', () => {
    const byVotes = toTablePage(rows, query({ sort: 'votes', dir: 'desc', size: 100 })).rows
    expect(byVotes.map((r) => r.votes)).toEqual([...rows.map((r) => r.votes)].sort((a, b) => b - a))
    const byName = toTablePage(rows, query({ sort: 'state', dir: 'desc', size: 100 })).rows
    expect(byName[0]?.state).toBe('State 69')
    const byTurnout = toTablePage(rows, query({ sort: 'turnout', dir: 'desc', size: 100 })).rows
    expect(byTurnout.at(-1)?.turnout).toBeUndefined()
    const ascending = toTablePage(rows, query({ sort: 'voters', dir: 'asc', size: 100 })).rows
    expect(ascending.slice(0, 10).map((r) => r.state)).toEqual(rows.filter((r) => r.voters === undefined).map((r) => r.state))
  })

  it('filters by a case-insensitive part of the name and pages the matches', () => {
    const page = toTablePage(rows, query({ q: 'state 1', size: 10 }))
    expect(page.matching).toBe(10)
    expect(page.total).toBe(70)
    expect(toTablePage(rows, query({ q: 'nowhere' }))).toMatchObject({ rows: [], from: 0, to: 0, pages: 1 })
  })

  it('reads a query, falling back to defaults for anything invalid', () => {
    expect(parse('')).toEqual(DEFAULT_QUERY)
    expect(parse('sort=turnout&dir=asc&page=3&size=50&q=%20Kent%20')).toEqual({ sort: 'turnout', dir: 'asc', page: 3, size: 50, q: 'Kent' })
    expect(parse('sort=drop&dir=up&page=-2&size=7')).toEqual(DEFAULT_QUERY)
    expect(parse('page=abc').page).toBe(1)
    expect(parse('sort=state').dir).toBe('asc')
  })

  it('writes a query that reads back the same, leaving defaults out', () => {
    const q = query({ sort: 'state', dir: 'desc', page: 2, size: 25, q: 'a&b' })
    expect(parse(toSearch(q).slice(1))).toEqual(q)
    expect(toSearch(DEFAULT_QUERY)).toBe('')
    expect(toSearch(q, false)).not.toContain('q=')
  })
})
