/** @module The voting simulator's state machine: candidates in, voters in, one enriched vote per voter out. Pure: time is passed in. */
import type { Event } from '../../core/plugin.ts'
import { ageBandIndex, ageDay, type AgeDay } from './age-band.ts'
import { createChoiceModel, type ChoiceSettings, type ChooseCandidate } from './choice-model.ts'
import { createFingerprintSet } from './fingerprint-set.ts'
import { bytesOfChunks, createSeenChunks } from './seen-chunks.ts'
import { baseTime, createTimeFormatter, stampTime, type TimeSettings } from './vote-time.ts'
import { describeInvalidCandidate, describeInvalidVoter, toVote, type Candidate, type Voter } from './vote.ts'
import { fingerprint, seedWords, voterDraws } from './voter-hash.ts'

export interface SimulatorSettings extends ChoiceSettings, TimeSettings {
  turnout: number
  /** Opening of the election (ms): vote k's base time with durationMs. Fixed, so a replay stamps the same times. */
  startMs: number
}

export interface CastResult {
  votes: Event[]
  /** Duplicates and invalid voters, for the `dead` port. */
  dead: Event[]
  abstained: number
  duplicates: number
  late: number
}

/** What a checkpoint keeps: enough that a resumed pipeline neither re-accepts a voter nor loses its candidates. */
export interface SimulatorState {
  version: 2
  /** The election's opening. Null in checkpoints of versions that took it from the clock at the first vote before any was cast. */
  startMs: number | null
  cast: number
  candidates: Candidate[]
  /** Fingerprints of everyone who voted, 8 bytes each, as base64 chunks of 65,536 (the last one open; seen-chunks.ts). Version 1 had one string. */
  seen: string[]
}

export function createSimulator(settings: SimulatorSettings) {
  let candidates: Candidate[] = []
  let choose: ChooseCandidate | undefined
  let seen = createFingerprintSet()
  let seenChunks = createSeenChunks()
  let startMs = settings.startMs
  let cast = 0
  const seed = seedWords(settings.seed)
  const format = createTimeFormatter()
  const fp = { hi: 0, lo: 0 }
  const draws = { turnout: 0, choice: 0, jitter: 0, late: 0 }
  const demographic = settings.choice === 'demographic'
  let day: AgeDay = ageDay(0)
  let dayStart = Number.NaN
  /** Age bands count to the vote's day, remembered while votes stay on it. */
  const bandAt = (dateOfBirth: string, ms: number) => {
    if (!(ms >= dayStart && ms < dayStart + 86400000)) {
      day = ageDay(ms)
      dayStart = Math.floor(ms / 86400000) * 86400000
    }
    return ageBandIndex(dateOfBirth, day)
  }

  const setCandidates = (list: Candidate[]) => {
    candidates = list
    choose = list.length > 0 ? createChoiceModel(settings, list) : undefined
  }

  return {
    get candidateCount() {
      return candidates.length
    },
    get seenVoters() {
      return seen.size
    },
    get stateBytes() {
      return seen.bytes
    },

    /** Adds or replaces (by candidate_id) candidates; returns the invalid ones for `dead`. */
    addCandidates(events: readonly Event[]): Event[] {
      const dead: Event[] = []
      const next = [...candidates]
      for (const event of events) {
        const problem = describeInvalidCandidate(event)
        if (problem !== undefined) {
          dead.push({ reason: 'invalid_candidate', detail: problem, record: event })
          continue
        }
        const c = event as Candidate
        const at = next.findIndex((known) => known.candidate_id === c.candidate_id)
        if (at >= 0) next[at] = c
        else next.push(c)
      }
      setCandidates(next)
      return dead
    },

    /** Casts the votes of `voters` at clock time `nowMs`. Requires at least one candidate. */
    cast(voters: readonly Event[], nowMs: number): CastResult {
      if (!choose) throw new Error('voting: no candidates yet')
      const result: CastResult = { votes: [], dead: [], abstained: 0, duplicates: 0, late: 0 }
      for (const event of voters) {
        const problem = describeInvalidVoter(event)
        if (problem !== undefined) {
          result.dead.push({ reason: 'invalid_voter', detail: problem, record: event })
          continue
        }
        const voter = event as Voter
        voterDraws(fingerprint(voter.voter_id, fp), seed, draws)
        if (draws.turnout >= settings.turnout) {
          result.abstained++
          continue
        }
        if (!seen.add(fp.hi, fp.lo)) {
          result.duplicates++
          result.dead.push({ reason: 'duplicate_vote', voter_id: voter.voter_id, record: voter })
          continue
        }
        seenChunks.added(fp.hi, fp.lo)
        const base = baseTime(settings, startMs, cast++, nowMs)
        const candidate = candidates[choose(draws.choice, voter.address.state, demographic ? bandAt(voter.date_of_birth, base) : 0)]!
        if (draws.late < settings.lateFraction) result.late++
        result.votes.push(toVote(voter, candidate, format(stampTime(settings, base, draws.jitter, draws.late))))
      }
      return result
    },

    snapshot(): SimulatorState {
      return { version: 2, startMs, cast, candidates: [...candidates], seen: seenChunks.chunks() }
    },

    restore(state: unknown): void {
      const s = state as { version?: unknown; startMs?: unknown; cast?: unknown; candidates?: unknown; seen?: unknown } | null
      // Version 1 held the whole set as one base64 string: one chunk.
      const chunks = s?.version === 1 && typeof s.seen === 'string' ? [s.seen] : s?.version === 2 && Array.isArray(s.seen) && s.seen.every((c) => typeof c === 'string') ? (s.seen as string[]) : undefined
      if (!s || !chunks || !Array.isArray(s.candidates) || typeof s.cast !== 'number') {
        throw new Error('voting: cannot restore a checkpoint state that is not a version 1 or 2 voting state (was it written by another plugin?)')
      }
      seen = createFingerprintSet(bytesOfChunks(chunks))
      seenChunks = createSeenChunks(chunks)
      // A checkpoint's start wins: the votes before it were stamped from it (older versions took the clock at the first vote).
      startMs = typeof s.startMs === 'number' ? s.startMs : settings.startMs
      cast = s.cast
      setCandidates(s.candidates as Candidate[])
    },
  }
}

export type Simulator = ReturnType<typeof createSimulator>
