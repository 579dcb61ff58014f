/** @module Deterministic candidates, voters, votes and window emissions in the shapes of docs/data-contracts.md, for tests and the benchmark. */
import type { Event } from '../../core/plugin.ts'

const PARTIES = ['Management Party', 'Savior Party', 'Tech Republic Party']
const STATES = ['West Yorkshire', 'Kent', 'Cornwall', 'Essex', 'Devon']

export function candidate(i: number): Event {
  return {
    candidate_id: `cand-${i}`,
    candidate_name: `Candidate ${i}`,
    party_affiliation: PARTIES[i % PARTIES.length],
    biography: 'A candidate for testing.',
    campaign_platform: 'Tests for all.',
    photo_url: `https://randomuser.me/api/portraits/${i % 2 ? 'women' : 'men'}/${i}.jpg`,
  }
}

export function voter(i: number): Event {
  return {
    voter_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    voter_name: `Voter ${i}`,
    date_of_birth: '1980-01-02T03:04:05.678Z',
    gender: i % 2 ? 'female' : 'male',
    nationality: 'GB',
    registration_number: `AB${String(i).padStart(6, '0')}C`,
    address: { street: `${i} High Street`, city: 'Leeds', state: STATES[i % STATES.length], country: 'United Kingdom', postcode: 'LS1 2AB' },
    email: `voter${i}@example.com`,
    phone_number: '017684 12345',
    cell_number: '07700 900123',
    picture: 'https://randomuser.me/api/portraits/men/12.jpg',
    registered_age: i % 20,
  }
}

/** Voter `i`'s vote (the votes_topic shape): for candidate `i % candidates`, one second apart. */
export function vote(i: number, candidates = 3, candidateIndex = i % candidates): Event {
  const seconds = i % 86_400
  const time = `2026-01-01 ${String(Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`
  return { ...voter(i), ...candidate(candidateIndex), voting_time: time, vote: 1 }
}

export function range<T>(from: number, to: number, make: (i: number) => T): T[] {
  return Array.from({ length: to - from }, (_, k) => make(from + k))
}

/** Running totals per candidate as the window plugin emits them (cumulative window). */
export function totalsPerCandidate(votes: Event[]): Event[] {
  const totals = new Map<string, Event>()
  for (const v of votes) {
    const id = String(v.candidate_id)
    const t = totals.get(id) ?? { candidate_id: id, candidate_name: v.candidate_name, party_affiliation: v.party_affiliation, photo_url: v.photo_url, total_votes: 0, _window: { start: null, end: null, final: false }, _key: id }
    totals.set(id, { ...t, total_votes: (t.total_votes as number) + 1 })
  }
  return [...totals.values()]
}

/** Running turnout per state (cumulative window). */
export function turnoutByState(votes: Event[]): Event[] {
  const counts = new Map<string, number>()
  for (const v of votes) {
    const state = String((v.address as { state: string }).state)
    counts.set(state, (counts.get(state) ?? 0) + 1)
  }
  return [...counts].map(([state, count]) => ({ state, count, _window: { start: null, end: null, final: false }, _key: state }))
}

/** Votes per candidate per minute of voting time, as a tumbling window emitting `final` emits them, without the `late` voters' votes (those go to `per_minute.late`). */
export function votesPerMinute(votes: Event[], late: ReadonlySet<unknown> = new Set()): Event[] {
  const windows = new Map<string, Event>()
  for (const v of votes) {
    if (late.has(v.voter_id)) continue
    const start = Math.floor(Date.parse(`${String(v.voting_time).replace(' ', 'T')}Z`) / 60_000) * 60_000
    const id = `${start} ${String(v.candidate_id)}`
    const w = windows.get(id) ?? { candidate_id: v.candidate_id, candidate_name: v.candidate_name, votes: 0, _window: { start, end: start + 60_000, final: true }, _key: v.candidate_id }
    windows.set(id, { ...w, votes: (w.votes as number) + 1 })
  }
  return [...windows.values()]
}

/** The voting node's dead letter for voter `i`'s second attempt to vote. */
export function duplicateVoter(i: number): Event {
  return { reason: 'duplicate_vote', voter_id: voter(i).voter_id, record: voter(i) }
}
