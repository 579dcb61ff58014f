/** @module Turnout by state as a table: the query a viewer asks for (sort, page, size, filter) and the page it gets. */
import type { StateRow } from './view.ts'

export const PAGE_SIZES = [10, 25, 50, 100] as const
export const SORT_KEYS = ['state', 'votes', 'voters', 'turnout'] as const

export type SortKey = (typeof SORT_KEYS)[number]

export interface TableQuery {
  sort: SortKey
  dir: 'asc' | 'desc'
  page: number
  size: number
  /** Case-insensitive substring of the state name; '' shows all. */
  q: string
}

export interface TablePage {
  query: TableQuery
  rows: StateRow[]
  /** Rows matching the filter, over all pages. */
  matching: number
  total: number
  pages: number
  /** 1-based index of the first row shown (0 when none). */
  from: number
  to: number
}

export const DEFAULT_QUERY: TableQuery = { sort: 'votes', dir: 'desc', page: 1, size: 10, q: '' }

/** Reads a query from URL parameters; anything missing or invalid takes the default. The page is clamped later, once the row count is known. */
export function parseTableQuery(get: (name: string) => string | undefined): TableQuery {
  const sort = get('sort')
  const dir = get('dir')
  const size = Number(get('size'))
  const page = Number.parseInt(get('page') ?? '', 10)
  const isSort = (s: string | undefined): s is SortKey => (SORT_KEYS as readonly string[]).includes(s ?? '')
  return {
    sort: isSort(sort) ? sort : DEFAULT_QUERY.sort,
    dir: dir === 'asc' || dir === 'desc' ? dir : defaultDir(isSort(sort) ? sort : DEFAULT_QUERY.sort),
    page: Number.isFinite(page) && page >= 1 ? page : 1,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_QUERY.size,
    q: (get('q') ?? '').trim().slice(0, 100),
  }
}

/** Filters, sorts (ties by state name) and cuts out the asked page; a page past the end shows the last page. */
export function toTablePage(rows: readonly StateRow[], query: TableQuery): TablePage {
  const needle = query.q.toLowerCase()
  const matching = needle === '' ? [...rows] : rows.filter((r) => r.state.toLowerCase().includes(needle))
  const sign = query.dir === 'asc' ? 1 : -1
  matching.sort((a, b) => sign * compare(a, b, query.sort) || a.state.localeCompare(b.state))
  const pages = Math.max(1, Math.ceil(matching.length / query.size))
  const page = Math.min(query.page, pages)
  const start = (page - 1) * query.size
  const shown = matching.slice(start, start + query.size)
  return {
    query: { ...query, page },
    rows: shown,
    matching: matching.length,
    total: rows.length,
    pages,
    from: shown.length > 0 ? start + 1 : 0,
    to: start + shown.length,
  }
}

function compare(a: StateRow, b: StateRow, key: SortKey): number {
  if (key === 'state') return a.state.localeCompare(b.state)
  return (a[key] ?? -1) - (b[key] ?? -1)
}

/** Names ascending, numbers largest first. */
export function defaultDir(sort: SortKey): TableQuery['dir'] {
  return sort === 'state' ? 'asc' : 'desc'
}

/** The query as URL parameters, leaving out defaults (and the filter when `withFilter` is false: htmx adds the live input's value). */
export function toSearch(query: TableQuery, withFilter = true): string {
  const params = new URLSearchParams()
  if (query.sort !== DEFAULT_QUERY.sort) params.set('sort', query.sort)
  if (query.dir !== defaultDir(query.sort)) params.set('dir', query.dir)
  if (query.page !== 1) params.set('page', String(query.page))
  if (query.size !== DEFAULT_QUERY.size) params.set('size', String(query.size))
  if (withFilter && query.q !== '') params.set('q', query.q)
  const text = params.toString()
  return text === '' ? '' : `?${text}`
}
