/** @module Every live fragment by its SSE event name: what a push carries and what the page is built from. */
import { h, type Html } from '../markup.ts'
import type { DashboardView } from '../view.ts'
import { renderBars } from './bars.ts'
import { renderBreakdowns } from './breakdowns.ts'
import { renderCandidates } from './candidates.ts'
import { renderDonut } from './donut.ts'
import { renderHealth } from './health.ts'
import { renderLeader } from './leader.ts'
import { renderStats } from './stats.ts'
import { renderTimeseries } from './timeseries.ts'
import { renderUpdated } from './updated.ts'

export const FRAGMENTS = {
  updated: renderUpdated,
  stats: renderStats,
  leader: renderLeader,
  bars: renderBars,
  donut: renderDonut,
  candidates: renderCandidates,
  timeseries: renderTimeseries,
  breakdowns: renderBreakdowns,
  health: renderHealth,
  /** Not markup: a fingerprint of the state rows. Each viewer's table re-fetches its own page when it changes. */
  states: renderStatesSignal,
} satisfies Record<string, (view: DashboardView) => Html>

export type FragmentName = keyof typeof FRAGMENTS

export function isFragmentName(name: string): name is FragmentName {
  return Object.hasOwn(FRAGMENTS, name)
}

/** Every fragment rendered once, as text. */
export function renderFragments(view: DashboardView): Record<FragmentName, string> {
  const out = {} as Record<FragmentName, string>
  for (const name of Object.keys(FRAGMENTS) as FragmentName[]) out[name] = String(FRAGMENTS[name](view))
  return out
}

function renderStatesSignal(view: DashboardView): Html {
  let hash = 0x811c9dc5
  for (const r of view.states) {
    const text = `${r.state}\u0000${r.votes}\u0000${r.voters ?? ''}\u0001`
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  }
  return h`${(hash >>> 0).toString(36)}`
}
