/** @module The dashboard's in-memory picture of the election, updated by the sink's `write` and read by every render. */
import type { Event } from '../../core/plugin.ts'
import { classify, isRole, type Role } from './classify.ts'
import { countVote, createTally, setAggregate, type Tally } from './tally.ts'
import { addVote, createTimeline, setWindow, type Timeline } from './timeline.ts'
import { createEventTimeReader } from '../../core/window/event-time.ts'
import { createAgeBandMemo, type AgeBandOf } from './age-band-memo.ts'
import { stateOf } from './vote-fields.ts'


export interface CandidateInfo {
  id: string
  name: string
  party: string
  photoUrl: string
}

export interface DashboardState {
  /** Bumped by every accepted event. */
  version: number
  /** Clock time of the last accepted event. */
  updatedAt: number | undefined
  /** Clock time the run completed (every source ended, everything written): the result is final. Not checkpointed. */
  closedAt: number | undefined
  readonly candidates: Map<string, CandidateInfo>
  voters: number
  readonly votersByState: Map<string, number>
  readonly byCandidate: Tally
  readonly byState: Tally
  readonly byGender: Tally
  readonly byAgeBand: Tally
  readonly byParty: Tally
  readonly timeline: Timeline
  /** Reads `voting_time`, remembering recent strings (a stream repeats each second many times): a memo, not data. */
  readonly votingTime: (event: Event) => number | undefined
  /** Derives the age band of a vote (a memo, not data). */
  readonly ageBandOf: AgeBandOf
}

export function createDashboardState(): DashboardState {
  return {
    version: 0,
    updatedAt: undefined,
    closedAt: undefined,
    candidates: new Map(),
    voters: 0,
    votersByState: new Map(),
    byCandidate: createTally(),
    byState: createTally(),
    byGender: createTally(),
    byAgeBand: createTally(),
    byParty: createTally(),
    timeline: createTimeline(),
    votingTime: createEventTimeReader('voting_time'),
    ageBandOf: createAgeBandMemo(),
  }
}

/**
 * Folds a batch that arrived on input `role` into the state (`in` or an unknown role: each event is
 * classified by its shape). Returns the events it could not use, each with an `_error` saying why.
 */
export function applyEvents(state: DashboardState, role: string, events: readonly Event[], now: number): Event[] {
  const rejected: Event[] = []
  const named = isRole(role) ? role : undefined
  let accepted = 0
  for (const event of events) {
    const as = named ?? classify(event)
    const error = as === undefined ? `no dashboard input takes this event on \`${role}\` (wire it to a named role)` : apply(state, as, event, now)
    if (error === undefined) accepted++
    else rejected.push({ ...event, _error: `dashboard: ${error}` })
  }
  if (accepted > 0) {
    state.version++
    state.updatedAt = now
  }
  return rejected
}

const KEY_FIELD = { by_state: 'state', by_gender: 'gender', by_age_band: 'age_band', by_party: 'party_affiliation' } as const

function apply(state: DashboardState, role: Role, event: Event, now: number): string | undefined {
  switch (role) {
    case 'votes': return applyVote(state, event, now)
    case 'voters': return applyVoter(state, event)
    case 'candidates': {
      const id = idOf(event.candidate_id)
      if (id === undefined) return 'a candidate needs a candidate_id'
      state.candidates.set(id, toCandidate(id, event, state.candidates.get(id)))
      return undefined
    }
    case 'by_candidate':
    case 'timeline': return applyCandidateWindow(state, role, event)
    default: {
      const field = KEY_FIELD[role]
      const key = event[field]
      const value = measureOf(event)
      if (typeof key !== 'string' || value === undefined) return `${role} needs a string \`${field}\` and a numeric \`count\``
      setAggregate(tallyOf(state, role), key, windowOf(event).start, value)
      return undefined
    }
  }
}

function applyVote(state: DashboardState, event: Event, now: number): string | undefined {
  const id = idOf(event.candidate_id)
  if (id === undefined) return 'a vote needs a candidate_id'
  if (!state.candidates.has(id)) state.candidates.set(id, toCandidate(id, event, undefined))
  const at = state.votingTime(event)
  countVote(state.byCandidate, id)
  if (at !== undefined) addVote(state.timeline, at, id)
  const where = stateOf(event)
  if (where !== undefined) countVote(state.byState, where)
  if (typeof event.gender === 'string') countVote(state.byGender, event.gender)
  if (typeof event.party_affiliation === 'string') countVote(state.byParty, event.party_affiliation)
  if (!state.byAgeBand.fromAggregate) {
    const band = state.ageBandOf(event.date_of_birth, at ?? now)
    if (band !== undefined) countVote(state.byAgeBand, band)
  }
  return undefined
}

function applyVoter(state: DashboardState, event: Event): string | undefined {
  state.voters++
  const where = stateOf(event)
  if (where !== undefined) state.votersByState.set(where, (state.votersByState.get(where) ?? 0) + 1)
  return undefined
}

function applyCandidateWindow(state: DashboardState, role: 'by_candidate' | 'timeline', event: Event): string | undefined {
  const id = idOf(event.candidate_id)
  const value = measureOf(event)
  if (id === undefined || value === undefined) return `${role} needs a candidate_id and a numeric \`total_votes\` or \`count\``
  if ('candidate_name' in event || !state.candidates.has(id)) state.candidates.set(id, toCandidate(id, event, state.candidates.get(id)))
  const { start, end } = windowOf(event)
  if (role === 'by_candidate') setAggregate(state.byCandidate, id, start, value)
  if (start !== null && end !== null) setWindow(state.timeline, start, end, id, value)
  else if (role === 'timeline') return 'timeline needs tumbling windows (`_window.start` and `_window.end`)'
  return undefined
}

function tallyOf(state: DashboardState, role: keyof typeof KEY_FIELD): Tally {
  return { by_state: state.byState, by_gender: state.byGender, by_age_band: state.byAgeBand, by_party: state.byParty }[role]
}

function toCandidate(id: string, event: Event, known: CandidateInfo | undefined): CandidateInfo {
  const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback)
  return {
    id,
    name: text(event.candidate_name, known?.name ?? `Candidate ${id}`),
    party: text(event.party_affiliation, known?.party ?? 'Independent'),
    photoUrl: text(event.photo_url, known?.photoUrl ?? ''),
  }
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value
  return typeof value === 'number' ? String(value) : undefined
}

function measureOf(event: Event): number | undefined {
  for (const value of [event.total_votes, event.count, event.votes]) if (typeof value === 'number' && Number.isFinite(value)) return value
  return undefined
}

function windowOf(event: Event): { start: number | null; end: number | null } {
  const w = event._window as { start?: unknown; end?: unknown } | undefined
  const at = (v: unknown) => (typeof v === 'number' ? v : null)
  return typeof w === 'object' && w !== null ? { start: at(w.start), end: at(w.end) } : { start: null, end: null }
}
