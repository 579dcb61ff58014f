/** @module Votes per candidate as horizontal bars, scaled to the leader. */
import { formatCount, formatShare } from '../format.ts'
import { h, type Html } from '../markup.ts'
import type { DashboardView } from '../view.ts'

export function renderBars(view: DashboardView): Html {
  if (view.candidates.length === 0) return h`<p class="muted empty">No candidates yet.</p>`
  const max = Math.max(1, ...view.candidates.map((c) => c.votes))
  return h`<ul class="bars">${view.candidates.map(
    (c) => h`<li><span class="bar-label" title="${c.name}">${c.name}</span><span class="bar-track"><span class="bar-fill" style="width:${((c.votes / max) * 100).toFixed(2)}%;background:${c.color}"></span></span><span class="bar-value">${formatCount(c.votes)} <span class="muted">${formatShare(c.share)}</span></span></li>`,
  )}</ul>`
}
