/** @module The dashboard's picture as checkpoint state (plain JSON) and back, so a restarted pipeline shows what it had durably taken in. Pure. */
import type { CandidateInfo, DashboardState } from './state.ts'
import type { Tally } from './tally.ts'
import type { Timeline } from './timeline.ts'

interface TallySnapshot {
  fromAggregate: boolean
  totals: [string, number][]
  windows: [string, [string, number][]][]
}

/** Version 1: maps as entry lists, in insertion order. */
export interface DashboardSnapshot {
  v: 1
  updatedAt: number | null
  candidates: CandidateInfo[]
  voters: number
  votersByState: [string, number][]
  tallies: Record<TallyName, TallySnapshot>
  timeline: { fromWindows: boolean; bucketMs: number; buckets: [number, [string, number][]][] }
}

const TALLIES = ['byCandidate', 'byState', 'byGender', 'byAgeBand', 'byParty'] as const
type TallyName = (typeof TALLIES)[number]

export function toSnapshot(state: DashboardState): DashboardSnapshot {
  const tallies = {} as Record<TallyName, TallySnapshot>
  for (const name of TALLIES) tallies[name] = tallyToSnapshot(state[name])
  return {
    v: 1,
    updatedAt: state.updatedAt ?? null,
    candidates: [...state.candidates.values()],
    voters: state.voters,
    votersByState: [...state.votersByState],
    tallies,
    timeline: timelineToSnapshot(state.timeline),
  }
}

/** Replaces everything `state` holds with `snapshot` (taken by `toSnapshot`); throws on anything else. */
export function restoreSnapshot(state: DashboardState, snapshot: unknown): void {
  if (!isSnapshot(snapshot)) throw new Error(`the dashboard's checkpoint state is not one this version can read (expected version 1, got ${JSON.stringify(snapshot)?.slice(0, 80)})`)
  state.updatedAt = snapshot.updatedAt ?? undefined
  state.candidates.clear()
  for (const c of snapshot.candidates) state.candidates.set(c.id, { ...c })
  state.voters = snapshot.voters
  refill(state.votersByState, snapshot.votersByState)
  for (const name of TALLIES) restoreTally(state[name], snapshot.tallies[name])
  const { timeline } = state
  timeline.fromWindows = snapshot.timeline.fromWindows
  timeline.bucketMs = snapshot.timeline.bucketMs
  timeline.buckets.clear()
  for (const [start, counts] of snapshot.timeline.buckets) timeline.buckets.set(start, new Map(counts))
  state.version++
}

function tallyToSnapshot(tally: Tally): TallySnapshot {
  return { fromAggregate: tally.fromAggregate, totals: [...tally.totals], windows: [...tally.windows].map(([key, w]) => [key, [...w]]) }
}

function restoreTally(tally: Tally, snapshot: TallySnapshot): void {
  tally.fromAggregate = snapshot.fromAggregate
  refill(tally.totals, snapshot.totals)
  tally.windows.clear()
  for (const [key, windows] of snapshot.windows) tally.windows.set(key, new Map(windows))
}

function timelineToSnapshot(timeline: Timeline): DashboardSnapshot['timeline'] {
  return { fromWindows: timeline.fromWindows, bucketMs: timeline.bucketMs, buckets: [...timeline.buckets].map(([start, counts]) => [start, [...counts]]) }
}

function refill<K, V>(map: Map<K, V>, entries: [K, V][]): void {
  map.clear()
  for (const [k, v] of entries) map.set(k, v)
}

function isSnapshot(value: unknown): value is DashboardSnapshot {
  if (typeof value !== 'object' || value === null) return false
  const s = value as Partial<DashboardSnapshot>
  return s.v === 1 && Array.isArray(s.candidates) && typeof s.voters === 'number' && Array.isArray(s.votersByState) && typeof s.tallies === 'object' && s.tallies !== null && TALLIES.every((t) => s.tallies![t] !== undefined) && typeof s.timeline === 'object' && s.timeline !== null
}
