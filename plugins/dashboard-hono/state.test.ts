import { describe, expect, it } from 'vitest'
import { classify } from './classify.ts'
import { applyEvents, createDashboardState } from './state.ts'
import { CANDIDATES, createRandom, vote, voter } from './test-events.ts'

const NOW = Date.UTC(2026, 0, 1)

describe('dashboard state', () => {
  it('derives every count from votes alone', () => {
    const state = createDashboardState()
    const random = createRandom(1)
    const votes = Array.from({ length: 100 }, (_, i) => vote(i, NOW + i * 1000, random))
    expect(applyEvents(state, 'votes', votes, NOW)).toEqual([])
    expect([...state.byCandidate.totals.values()].reduce((a, b) => a + b, 0)).toBe(100)
    expect([...state.byState.totals.values()].reduce((a, b) => a + b, 0)).toBe(100)
    expect([...state.byGender.totals.keys()].sort()).toEqual(['female', 'male'])
    expect([...state.byAgeBand.totals.values()].reduce((a, b) => a + b, 0)).toBe(100)
    expect([...state.byParty.totals.keys()].sort()).toEqual(['Management Party', 'Savior Party', 'Tech Republic Party'])
    expect(state.candidates.get('c-1')?.name).toBe('Eleanor Hughes')
    expect(state.timeline.buckets.size).toBe(100)
    expect(state.version).toBe(1)
    expect(state.updatedAt).toBe(NOW)
  })

  it('lets aggregator emissions take over per-candidate totals and keep candidate details fresh', () => {
    const state = createDashboardState()
    applyEvents(state, 'candidates', CANDIDATES, NOW)
    applyEvents(state, 'votes', [vote(1, NOW, createRandom(2), [1, 0, 0])], NOW)
    applyEvents(state, 'by_candidate', [{ candidate_id: 'c-2', candidate_name: 'Marcus B.', party_affiliation: 'Savior Party', photo_url: '', total_votes: 42, _window: { start: null, end: null, final: false }, _key: 'c-2' }], NOW)
    expect(Object.fromEntries(state.byCandidate.totals)).toEqual({ 'c-2': 42 })
    expect(state.candidates.get('c-2')?.name).toBe('Marcus B.')
    expect(state.candidates.size).toBe(3)
  })

  it('counts voters in total and per state', () => {
    const state = createDashboardState()
    applyEvents(state, 'voters', [voter(1), voter(2), { voter_id: 'x', address_state: 'Kent' }], NOW)
    expect(state.voters).toBe(3)
    expect(state.votersByState.get('Kent')).toBe(1)
  })

  it('takes breakdown aggregates by their key field', () => {
    const state = createDashboardState()
    applyEvents(state, 'by_state', [{ state: 'Kent', count: 3 }], NOW)
    applyEvents(state, 'by_gender', [{ gender: 'female', count: 2 }], NOW)
    applyEvents(state, 'by_age_band', [{ age_band: '18-24', count: 1 }], NOW)
    applyEvents(state, 'by_party', [{ party_affiliation: 'Savior Party', count: 5 }], NOW)
    expect(state.byState.totals.get('Kent')).toBe(3)
    expect(state.byGender.totals.get('female')).toBe(2)
    expect(state.byAgeBand.totals.get('18-24')).toBe(1)
    expect(state.byParty.totals.get('Savior Party')).toBe(5)
  })

  it('builds the time series from tumbling per-candidate windows', () => {
    const state = createDashboardState()
    const w = (start: number, n: number) => ({ candidate_id: 'c-1', total_votes: n, _window: { start, end: start + 10_000, final: false } })
    applyEvents(state, 'timeline', [w(0, 1), w(10_000, 2), w(0, 3)], NOW)
    expect(state.timeline.fromWindows).toBe(true)
    expect(state.timeline.buckets.get(0)?.get('c-1')).toBe(3)
    expect(state.byCandidate.totals.size).toBe(0)
  })

  it('returns what it cannot use, saying why, and leaves the version alone when nothing was used', () => {
    const state = createDashboardState()
    const rejected = applyEvents(state, 'votes', [{ voter_id: 'v' }], NOW)
    expect(rejected).toEqual([{ voter_id: 'v', _error: 'dashboard: a vote needs a candidate_id' }])
    expect(applyEvents(state, 'by_state', [{ state: 'Kent', count: 'many' }], NOW)[0]?._error).toMatch(/by_state needs a string `state` and a numeric `count`/)
    expect(applyEvents(state, 'in', [{ hello: 'world' }], NOW)[0]?._error).toMatch(/no dashboard input takes this event on `in`/)
    expect(applyEvents(state, 'timeline', [{ candidate_id: 'c', count: 1 }], NOW)[0]?._error).toMatch(/tumbling windows/)
    expect(state.version).toBe(0)
  })

  it('recognises each input by its shape on the catch-all `in` role', () => {
    expect(classify(vote(1, NOW, createRandom(3)))).toBe('votes')
    expect(classify(CANDIDATES[0]!)).toBe('candidates')
    expect(classify(voter(1))).toBe('voters')
    expect(classify({ candidate_id: 'c', candidate_name: 'n', total_votes: 1 })).toBe('by_candidate')
    expect(classify({ candidate_id: 'c', total_votes: 1, _window: { start: null, end: null, final: false } })).toBe('by_candidate')
    expect(classify({ candidate_id: 'c', votes: 4, _window: { start: 0, end: 60_000, final: true } })).toBe('timeline')
    expect(classify({ state: 'Kent', count: 1 })).toBe('by_state')
    expect(classify({ gender: 'male', count: 1 })).toBe('by_gender')
    expect(classify({ age_band: '18-24', count: 1 })).toBe('by_age_band')
    expect(classify({ party_affiliation: 'P', count: 1 })).toBe('by_party')
    expect(classify({ count: 1 })).toBeUndefined()
    const state = createDashboardState()
    applyEvents(state, 'in', [CANDIDATES[0]!, voter(1), { state: 'Kent', count: 4 }], NOW)
    expect([state.candidates.size, state.voters, state.byState.totals.get('Kent')]).toEqual([1, 1, 4])
  })
})

describe('derived age bands', () => {
  it('match the window plugin on and around birthdays, whatever the cache holds', () => {
    const state = createDashboardState()
    const at = (iso: string) => ({ candidate_id: 'c', date_of_birth: '2001-06-15T10:00:00.000Z', voting_time: iso })
    applyEvents(state, 'votes', [at('2026-06-14 23:59:59'), at('2026-06-15 00:00:00'), at('2026-06-15 12:00:00'), { candidate_id: 'c', date_of_birth: '2001-06-15T23:30:00-02:00', voting_time: '2026-06-15 12:00:00' }], NOW)
    expect(Object.fromEntries(state.byAgeBand.totals)).toEqual({ '18-24': 2, '25-34': 2 })
  })
})
