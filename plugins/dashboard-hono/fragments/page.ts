/** @module The whole page, complete on first load (every number current, no JavaScript needed to read it). */
import { h, type Html } from '../markup.ts'
import type { TableQuery } from '../state-table.ts'
import type { DashboardView } from '../view.ts'
import { FRAGMENTS } from './all.ts'
import { renderStates, renderStatesLive } from './states.ts'

export function renderPage(view: DashboardView, query: TableQuery): Html {
  const live = (name: keyof typeof FRAGMENTS, tag = 'div', className = '') =>
    h`<${tag} id="${name}"${className ? h` class="${className}"` : ''} sse-swap="${name}">${FRAGMENTS[name](view)}</${tag}>`
  return h`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${view.title}</title>
<meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false}'>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/uPlot.min.css"><link rel="stylesheet" href="/assets/dashboard.css">
<script src="/assets/dashboard.js"></script>
<script src="/assets/htmx.min.js" defer></script><script src="/assets/sse.js" defer></script><script src="/assets/uPlot.iife.min.js" defer></script>
</head>
<body hx-ext="sse" sse-connect="/events">
<header class="topbar"><div class="brand"><span class="logo" aria-hidden="true"></span><h1>${view.title}</h1></div>
<div class="status">${live('updated', 'span', 'updated')}<span id="live" class="live" data-state="static" title="A snapshot: reload the page for newer numbers">Snapshot</span></div></header>
<main class="grid">
${live('stats', 'section', 'kpis span-12')}
<section class="card span-4 leader-card"><h2>Leading candidate</h2>${live('leader')}</section>
<section class="card span-4"><h2>Vote share</h2>${live('donut')}</section>
<section class="card span-4"><h2>Votes per candidate</h2>${live('bars')}</section>
<section class="card span-12"><div class="card-head"><div><h2>Votes over event time</h2><span id="ts-caption" class="caption"></span></div><div class="seg" role="group" aria-label="Series mode"><button type="button" data-mode="cumulative" aria-pressed="true">Cumulative</button><button type="button" data-mode="interval" aria-pressed="false">Per interval</button></div></div>
<div id="ts-chart" class="chart"><noscript><p class="muted empty">The chart needs JavaScript; every number on this page is current without it.</p></noscript></div>${live('timeseries', 'div', 'hidden-data')}</section>
<section class="card span-7 rows-2" id="turnout"><h2>Turnout by state</h2>${renderStatesLive()}${renderStates(view, query)}</section>
<section class="card span-5"><h2>Candidates</h2>${live('candidates')}</section>
<section class="card span-5"><h2>Breakdowns</h2>${live('breakdowns', 'div', 'breakdowns')}</section>
<section class="card span-12"><h2>Pipeline health</h2>${live('health')}</section>
</main>
<footer class="footer">tally · server-rendered with Hono, live over Server-Sent Events</footer>
</body></html>`
}
