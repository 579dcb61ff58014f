/** @module The headline numbers: voters, candidates, votes cast, turnout, votes per second. */
import { formatCount, formatRate, formatShare } from '../format.ts'
import { h, type Html } from '../markup.ts'
import type { DashboardView } from '../view.ts'

export function renderStats(view: DashboardView): Html {
  const turnout = view.turnout === undefined ? undefined : Math.min(1, view.turnout)
  return h`<div class="kpi"><span class="kpi-label">Total voters</span><span class="kpi-value" data-kpi="voters">${view.totalVoters === undefined ? '—' : formatCount(view.totalVoters)}</span></div>
<div class="kpi"><span class="kpi-label">Candidates</span><span class="kpi-value" data-kpi="candidates">${formatCount(view.candidates.length)}</span></div>
<div class="kpi"><span class="kpi-label">Votes cast</span><span class="kpi-value" data-kpi="votes">${formatCount(view.votesCast)}</span></div>
<div class="kpi"><span class="kpi-label">Turnout</span><span class="kpi-value" data-kpi="turnout">${view.turnout === undefined ? '—' : formatShare(view.turnout)}</span>${
    turnout === undefined ? '' : h`<span class="meter" aria-hidden="true"><span style="width:${(turnout * 100).toFixed(2)}%"></span></span>`
  }</div>
<div class="kpi"><span class="kpi-label">Votes / second</span><span class="kpi-value" data-kpi="rate">${formatRate(view.votesPerSec)}</span></div>`
}
