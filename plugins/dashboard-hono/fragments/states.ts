/** @module Turnout by state: a sortable, filterable, paginated table that works with plain links and, with htmx, swaps in place. */
import { formatCount, formatShare } from '../format.ts'
import { attrs, h, type Html } from '../markup.ts'
import { defaultDir, PAGE_SIZES, toSearch, toTablePage, type SortKey, type TableQuery } from '../state-table.ts'
import type { DashboardView } from '../view.ts'

/** `optional` columns give way on narrow screens. */
const COLUMNS: { key: SortKey; label: string; className: string }[] = [
  { key: 'state', label: 'State', className: '' },
  { key: 'votes', label: 'Votes', className: 'num' },
  { key: 'voters', label: 'Voters', className: 'num opt' },
  { key: 'turnout', label: 'Turnout', className: 'num' },
]

/**
 * The whole table block. Its inputs hold the viewer's current query, so the page's live element
 * (see `renderStatesLive`) re-fetches the same view when the server pushes `states`: each viewer
 * keeps its own page and filter while the numbers stay live.
 */
export function renderStates(view: DashboardView, query: TableQuery): Html {
  const page = toTablePage(view.states, query)
  const q = page.query
  const fragment = (change: Partial<TableQuery>) => `/fragments/states${toSearch({ ...q, ...change }, false)}`
  const link = (change: Partial<TableQuery>, label: Html | string, extra: Record<string, string> = {}) =>
    h`<a href="/${toSearch({ ...q, ...change })}#turnout" hx-get="${fragment(change)}"${attrs({ ...LIVE, ...extra })}>${label}</a>`
  return h`<div id="states" class="states"><input type="hidden" name="page" value="${q.page}">
<form class="toolbar" method="get" action="/#turnout">
<input type="hidden" name="sort" value="${q.sort}"><input type="hidden" name="dir" value="${q.dir}">
<label class="search"><span class="sr-only">Filter states</span><input id="states-q" type="search" name="q" value="${q.q}" placeholder="Filter states…" autocomplete="off" hx-get="${fragment({ page: 1, q: '' })}" hx-trigger="input changed delay:250ms, search"${attrs(LIVE)}></label>
<label class="size">Rows <select name="size" hx-get="${fragment({ page: 1, size: 10 })}"${attrs(LIVE)}>${PAGE_SIZES.map((n) => h`<option value="${n}"${n === q.size ? h` selected` : ''}>${n}</option>`)}</select></label>
<noscript><button type="submit">Apply</button></noscript>
</form>
<table class="table"><thead><tr>${COLUMNS.map((col) => {
    const active = q.sort === col.key
    const dir = active ? (q.dir === 'asc' ? 'desc' : 'asc') : defaultDir(col.key)
    const arrow = active ? (q.dir === 'asc' ? '▲' : '▼') : ''
    return h`<th scope="col" class="${col.className}" aria-sort="${active ? (q.dir === 'asc' ? 'ascending' : 'descending') : 'none'}">${link({ sort: col.key, dir, page: 1 }, h`${col.label}<span class="arrow">${arrow}</span>`, { 'data-sort': col.key })}</th>`
  })}<th scope="col" class="num opt">Share of votes</th></tr></thead>
<tbody>${page.rows.length === 0 ? h`<tr><td colspan="5" class="muted empty">${view.states.length === 0 ? 'No votes by state yet.' : 'No state matches the filter.'}</td></tr>` : page.rows.map(
    (r) => h`<tr><td>${r.state}</td><td class="num">${formatCount(r.votes)}</td><td class="num opt">${r.voters === undefined ? '—' : formatCount(r.voters)}</td><td class="num">${r.turnout === undefined ? '—' : formatShare(r.turnout)}</td><td class="num opt">${formatShare(r.share)}</td></tr>`,
  )}</tbody></table>
<nav class="pager" aria-label="Turnout by state pages"><span class="pager-info">${page.from === 0 ? 'No rows' : h`Rows ${page.from}–${page.to} of ${formatCount(page.matching)}${page.matching < page.total ? h` (filtered from ${formatCount(page.total)})` : ''}`}</span>
<span class="pager-links">${pagerLinks(q.page, page.pages, (n, label, rel) => link({ page: n }, label, rel ? { 'data-page': String(n), 'aria-label': rel } : { 'data-page': String(n) }))}</span></nav>
</div>`
}

/**
 * The element that refreshes the table when the server signals new numbers. It sits outside the
 * table, so it survives the table's swaps (and its throttle with it); it sends the table's inputs.
 */
export function renderStatesLive(): Html {
  return h`<div id="states-live" hidden hx-get="/fragments/states" hx-trigger="sse:states throttle:1s" hx-include="#states"${attrs({ 'hx-target': '#states', 'hx-swap': 'outerHTML' })}></div>`
}

/** What every request that redraws the table carries: the filter text and the target (ordering: public/dashboard.js). */
const LIVE = { 'hx-include': '#states-q', 'hx-target': '#states', 'hx-swap': 'outerHTML' }

type PageLink = (page: number, label: string, rel?: string) => Html

/** First, previous, a window of numbers around the current page with the last always reachable, next, last. */
function pagerLinks(current: number, pages: number, link: PageLink): Html[] {
  const out: Html[] = []
  const edge = (enabled: boolean, page: number, label: string, rel: string) => (enabled ? link(page, label, rel) : h`<span class="disabled" aria-hidden="true">${label}</span>`)
  out.push(edge(current > 1, 1, '«', 'First page'), edge(current > 1, current - 1, '‹', 'Previous page'))
  let previous = 0
  for (let n = 1; n <= pages; n++) {
    if (n !== 1 && n !== pages && Math.abs(n - current) > 2) continue
    if (n - previous > 1) out.push(h`<span class="gap">…</span>`)
    out.push(n === current ? h`<span class="current" aria-current="page">${n}</span>` : link(n, String(n)))
    previous = n
  }
  out.push(edge(current < pages, current + 1, '›', 'Next page'), edge(current < pages, pages, '»', 'Last page'))
  return out
}
