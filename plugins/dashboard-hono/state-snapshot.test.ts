import { describe, expect, it } from 'vitest'
import { applyEvents, createDashboardState, type DashboardState } from './state.ts'
import { restoreSnapshot, toSnapshot } from './state-snapshot.ts'
import { CANDIDATES, createRandom, vote, voter } from './test-events.ts'
import { toView } from './view.ts'

const NOW = Date.UTC(2026, 0, 1)
const metrics = { pipeline: 'p', startedAt: 0, now: NOW, nodes: [] }
const viewOf = (state: DashboardState) => toView(state, { title: 't', now: NOW, votesPerSec: 0, metrics })

/** Candidates, voters, votes and aggregates, as a run of the flagship sends them; the second half after `split`. */
function feed(state: DashboardState, part: 'first' | 'second') {
  const random = createRandom(part === 'first' ? 1 : 2)
  const offset = part === 'first' ? 0 : 500
  if (part === 'first') applyEvents(state, 'candidates', CANDIDATES, NOW)
  applyEvents(state, 'voters', Array.from({ length: 500 }, (_, i) => voter(offset + i)), NOW)
  applyEvents(state, 'votes', Array.from({ length: 400 }, (_, i) => vote(offset + i, NOW + (offset + i) * 1000, random)), NOW)
  applyEvents(state, 'by_state', [{ state: 'Kent', count: part === 'first' ? 10 : 25, _window: { start: null, end: null, final: false } }], NOW)
  applyEvents(state, 'timeline', [{ candidate_id: 'c-1', votes: part === 'first' ? 3 : 7, _window: { start: NOW, end: NOW + 60_000, final: true } }], NOW)
}

describe('dashboard state snapshot', () => {
  it('restores a picture that goes on exactly as if the dashboard had never stopped', () => {
    const undisturbed = createDashboardState()
    feed(undisturbed, 'first')
    feed(undisturbed, 'second')

    const before = createDashboardState()
    feed(before, 'first')
    const snapshot = JSON.parse(JSON.stringify(toSnapshot(before))) as unknown // as a checkpoint stores it
    const after = createDashboardState()
    restoreSnapshot(after, snapshot)
    expect(viewOf(after)).toEqual(viewOf(before))
    feed(after, 'second')
    expect(viewOf(after)).toEqual(viewOf(undisturbed))
    expect(after.voters).toBe(1000)
    expect(after.byState.fromAggregate).toBe(true)
    expect(after.timeline.fromWindows).toBe(true)
  })

  it('refuses state it cannot read, saying what it got', () => {
    expect(() => restoreSnapshot(createDashboardState(), { v: 9 })).toThrow(/expected version 1, got \{"v":9\}/)
  })
})
