/** @module Derives everything a render shows from the state: pure, computed once per push and per page request. */
import type { NodeMetrics, PipelineMetrics } from '../../core/metrics.ts'
import { NEUTRAL, partyColors } from './colors.ts'
import type { CandidateInfo, DashboardState } from './state.ts'
import { tallySum, type Tally } from './tally.ts'
import { toSeries, type TimelineSeries } from './timeline.ts'
import { ageBandOrder } from './vote-fields.ts'

export interface CandidateView extends CandidateInfo {
  color: string
  votes: number
  /** Of votes cast, 0..1. */
  share: number
}

export type Leader =
  | { kind: 'none' }
  | { kind: 'lead'; candidate: CandidateView; margin: number; marginShare: number }
  | { kind: 'tie'; candidates: CandidateView[]; votes: number }

export interface StateRow {
  state: string
  votes: number
  /** Registered voters seen for the state, when the voters stream is wired. */
  voters: number | undefined
  turnout: number | undefined
  share: number
}

export interface Share {
  key: string
  count: number
  share: number
}

export interface DashboardView {
  title: string
  now: number
  updatedAt: number | undefined
  /** When the run completed (the result is final), or undefined while it runs. */
  closedAt: number | undefined
  totalVoters: number | undefined
  votesCast: number
  turnout: number | undefined
  votesPerSec: number
  /** Most votes first; ties by name. */
  candidates: CandidateView[]
  leader: Leader
  states: StateRow[]
  genders: Share[]
  ageBands: Share[]
  parties: (Share & { color: string })[]
  nodes: NodeMetrics[]
  /** Series in candidate-id order, so the chart's series stay put as the ranking changes. */
  timeline: TimelineSeries & { candidates: CandidateView[] }
}

export interface ViewInput {
  title: string
  now: number
  votesPerSec: number
  metrics: PipelineMetrics
  /** Overrides the voters counted from the voters stream (a dashboard fed only by aggregates). */
  expectedVoters?: number | undefined
  maxPoints?: number
}

export function toView(state: DashboardState, input: ViewInput): DashboardView {
  const votesCast = tallySum(state.byCandidate)
  const candidates = toCandidates(state, votesCast)
  const totalVoters = input.expectedVoters ?? (state.voters > 0 ? state.voters : undefined)
  const byId = [...candidates].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))
  const colors = partyColors(candidates.map((c) => c.party))
  return {
    title: input.title,
    now: input.now,
    updatedAt: state.updatedAt,
    closedAt: state.closedAt,
    totalVoters,
    votesCast,
    turnout: totalVoters ? votesCast / totalVoters : undefined,
    votesPerSec: state.closedAt === undefined ? input.votesPerSec : 0,
    candidates,
    leader: toLeader(candidates),
    states: toStateRows(state),
    genders: toShares(state.byGender.totals).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
    ageBands: toShares(state.byAgeBand.totals).sort((a, b) => ageBandOrder(a.key) - ageBandOrder(b.key)),
    parties: toShares(partyTotals(state.byParty, candidates)).map((s) => ({ ...s, color: colors.get(s.key) ?? NEUTRAL })).sort((a, b) => b.count - a.count),
    nodes: input.metrics.nodes,
    timeline: { ...toSeries(state.timeline, byId.map((c) => c.id), input.maxPoints ?? 300), candidates: byId },
  }
}

function toCandidates(state: DashboardState, votesCast: number): CandidateView[] {
  const ids = new Set([...state.candidates.keys(), ...state.byCandidate.totals.keys()])
  const colors = partyColors([...state.candidates.values()].map((c) => c.party))
  return [...ids]
    .map((id) => {
      const info = state.candidates.get(id) ?? { id, name: `Candidate ${id}`, party: 'Independent', photoUrl: '' }
      const votes = state.byCandidate.totals.get(id) ?? 0
      return { ...info, color: colors.get(info.party) ?? NEUTRAL, votes, share: votesCast > 0 ? votes / votesCast : 0 }
    })
    .sort((a, b) => b.votes - a.votes || a.name.localeCompare(b.name))
}

function toLeader(candidates: readonly CandidateView[]): Leader {
  const top = candidates[0]
  if (top === undefined || top.votes === 0) return { kind: 'none' }
  const tied = candidates.filter((c) => c.votes === top.votes)
  if (tied.length > 1) return { kind: 'tie', candidates: tied, votes: top.votes }
  const margin = top.votes - (candidates[1]?.votes ?? 0)
  return { kind: 'lead', candidate: top, margin, marginShare: top.share - (candidates[1]?.share ?? 0) }
}

function toStateRows(state: DashboardState): StateRow[] {
  const total = tallySum(state.byState)
  const names = new Set([...state.byState.totals.keys(), ...state.votersByState.keys()])
  return [...names].map((name) => {
    const votes = state.byState.totals.get(name) ?? 0
    const voters = state.votersByState.get(name)
    return { state: name, votes, voters, turnout: voters ? votes / voters : undefined, share: total > 0 ? votes / total : 0 }
  })
}

function partyTotals(byParty: Tally, candidates: readonly CandidateView[]): Map<string, number> {
  if (byParty.totals.size > 0) return byParty.totals
  const totals = new Map<string, number>()
  for (const c of candidates) totals.set(c.party, (totals.get(c.party) ?? 0) + c.votes)
  return totals
}

function toShares(totals: ReadonlyMap<string, number>): Share[] {
  let sum = 0
  for (const n of totals.values()) sum += n
  return [...totals].map(([key, count]) => ({ key, count, share: sum > 0 ? count / sum : 0 }))
}
