import { describe, expect, it } from 'vitest'
import { applyEvents, createDashboardState } from './state.ts'
import { CANDIDATES } from './test-events.ts'
import { toView, type ViewInput } from './view.ts'

const input: ViewInput = { title: 'T', now: 0, votesPerSec: 0, metrics: { pipeline: 'p', startedAt: 0, now: 0, nodes: [] } }
const totals = (votes: number[]) => votes.map((n, i) => ({ ...CANDIDATES[i], total_votes: n }))

describe('view', () => {
  it('lists every candidate standing before any vote, with no leader', () => {
    const state = createDashboardState()
    applyEvents(state, 'candidates', CANDIDATES, 0)
    const view = toView(state, input)
    expect(view.candidates.map((c) => c.votes)).toEqual([0, 0, 0])
    expect(view.leader).toEqual({ kind: 'none' })
    expect(view.turnout).toBeUndefined()
  })

  it('names the leader with the margin over the runner-up', () => {
    const state = createDashboardState()
    applyEvents(state, 'by_candidate', totals([50, 30, 20]), 0)
    const view = toView(state, input)
    expect(view.leader.kind).toBe('lead')
    if (view.leader.kind !== 'lead') return
    expect(view.leader.candidate.name).toBe('Eleanor Hughes')
    expect(view.leader.margin).toBe(20)
    expect(view.leader.marginShare).toBeCloseTo(0.2)
    expect(view.candidates.map((c) => c.share)).toEqual([0.5, 0.3, 0.2])
  })

  it('shows a tie as a tie between everyone on the top count', () => {
    const state = createDashboardState()
    applyEvents(state, 'by_candidate', totals([40, 40, 20]), 0)
    const view = toView(state, input)
    expect(view.leader.kind).toBe('tie')
    if (view.leader.kind === 'tie') expect(view.leader.candidates.map((c) => c.id)).toEqual(['c-1', 'c-2'])
  })

  it('computes turnout from counted voters, or from expectedVoters when given', () => {
    const state = createDashboardState()
    applyEvents(state, 'by_candidate', totals([3, 1, 0]), 0)
    applyEvents(state, 'voters', Array.from({ length: 8 }, (_, i) => ({ voter_id: `v${i}`, address: { state: 'Kent' } })), 0)
    applyEvents(state, 'by_state', [{ state: 'Kent', count: 4 }], 0)
    expect(toView(state, input).turnout).toBe(0.5)
    expect(toView(state, { ...input, expectedVoters: 40 }).turnout).toBe(0.1)
    expect(toView(state, input).states).toEqual([{ state: 'Kent', votes: 4, voters: 8, turnout: 0.5, share: 1 }])
  })

  it('gives each party one colour and derives party shares from candidates when no party input exists', () => {
    const state = createDashboardState()
    applyEvents(state, 'by_candidate', totals([3, 1, 0]), 0)
    const view = toView(state, input)
    expect(new Set(view.candidates.map((c) => c.color)).size).toBe(3)
    expect(view.parties.map((p) => [p.key, p.count])).toEqual([['Management Party', 3], ['Savior Party', 1], ['Tech Republic Party', 0]])
    expect(view.parties[0]?.color).toBe(view.candidates[0]?.color)
  })

  it('keeps time series in candidate-id order whatever the ranking', () => {
    const state = createDashboardState()
    applyEvents(state, 'by_candidate', totals([1, 5, 3]), 0)
    expect(toView(state, input).timeline.candidates.map((c) => c.id)).toEqual(['c-1', 'c-2', 'c-3'])
  })
})
