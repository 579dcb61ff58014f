import { describe, expect, it } from 'vitest'
import type { Event } from '../../core/plugin.ts'
import { createRecordFactory } from '../source-randomuser/record-factory.ts'
import { DEFAULT_PARTIES } from '../source-randomuser/roles.ts'
import { toBase64 } from './base64.ts'
import { bytesOfChunks } from './seen-chunks.ts'
import { createSimulator, type SimulatorSettings, type SimulatorState } from './simulator.ts'

const NOW = Date.UTC(2025, 4, 1, 7)

function records(role: 'voter' | 'candidate', seed: string, n: number, from = 0): Event[] {
  const make = createRecordFactory({ role, seed, nowMs: Date.UTC(2025, 0, 1), parties: DEFAULT_PARTIES })
  return Array.from({ length: n }, (_, i) => make(from + i))
}

const candidates = records('candidate', 'cands', 3)
let manyVoters: Event[] | undefined
/** 100k voters, generated once for the proportion tests. */
const many = () => (manyVoters ??= records('voter', 'many', 100_000))
const settings: SimulatorSettings = {
  seed: 'sim', choice: 'uniform', skew: 0.5, turnout: 1, durationMs: 0, expectedVoters: 1000, jitterMs: 0, lateFraction: 0, lateByMs: 120000, startMs: NOW,
}

function simulator(overrides: Partial<SimulatorSettings> = {}) {
  const sim = createSimulator({ ...settings, ...overrides })
  sim.addCandidates(candidates)
  return sim
}

describe('voting simulator', () => {
  it('casts a vote in exactly the votes_topic shape: voter fields, candidate fields, voting_time, vote', () => {
    const voter = records('voter', 'v', 1)[0]!
    const { votes } = simulator().cast([voter], NOW)
    const vote = votes[0]!
    const candidate = candidates.find((c) => c.candidate_id === vote.candidate_id)!
    expect(JSON.stringify(vote)).toBe(JSON.stringify({ ...voter, ...candidate, voting_time: '2025-05-01 07:00:00', vote: 1 }))
    expect(Object.keys(vote)).toEqual([
      'voter_id', 'voter_name', 'date_of_birth', 'gender', 'nationality', 'registration_number', 'address', 'email', 'phone_number',
      'cell_number', 'picture', 'registered_age', 'candidate_id', 'candidate_name', 'party_affiliation', 'biography',
      'campaign_platform', 'photo_url', 'voting_time', 'vote',
    ])
    expect(vote.address).not.toBe(voter.address)
  })

  it('casts one vote per voter: repeats, in the same batch or later, go to dead as duplicate_vote', () => {
    const sim = simulator()
    const voters = records('voter', 'dups', 100)
    const first = sim.cast([...voters.slice(0, 60), ...voters.slice(0, 10)], NOW)
    const second = sim.cast([...voters.slice(50), ...voters.slice(20, 30)], NOW)
    expect(first.votes).toHaveLength(60)
    expect(first.duplicates).toBe(10)
    expect(second.votes).toHaveLength(40)
    expect(second.duplicates).toBe(20)
    const voted = [...first.votes, ...second.votes].map((v) => v.voter_id)
    expect(new Set(voted).size).toBe(100)
    expect(second.dead[0]).toEqual({ reason: 'duplicate_vote', voter_id: voters[50]!.voter_id, record: voters[50] })
    expect(sim.seenVoters).toBe(100)
  })

  it('keeps its promise across a checkpoint: a restored simulator rejects voters who already voted and keeps the candidates', () => {
    const sim = simulator({ durationMs: 60000 })
    const voters = records('voter', 'ckpt', 200)
    const before = sim.cast(voters.slice(0, 120), NOW)
    const state = JSON.parse(JSON.stringify(sim.snapshot()))
    const resumed = createSimulator({ ...settings, durationMs: 60000 })
    resumed.restore(state)
    expect(resumed.candidateCount).toBe(3)
    const replay = resumed.cast(voters, NOW + 3600000)
    expect(replay.duplicates).toBe(120)
    expect(replay.votes.map((v) => v.voter_id)).toEqual(voters.slice(120).map((v) => v.voter_id))
    const straight = simulator({ durationMs: 60000 })
    const all = straight.cast(voters, NOW)
    expect([...before.votes, ...replay.votes]).toEqual(all.votes)
  })

  it('stamps a voter the same after a restart before any checkpoint: the election opens at startMs, not at the clock', () => {
    const voters = records('voter', 'restart', 400)
    const timing = { durationMs: 43_200_000, expectedVoters: 400, jitterMs: 1000, lateFraction: 0.05 }
    const crashed = simulator(timing).cast(voters.slice(0, 150), NOW + 4_500)
    const restarted = simulator(timing)
    const replayed = [...restarted.cast(voters.slice(0, 90), NOW + 64_500).votes, ...restarted.cast(voters.slice(90), NOW + 70_000).votes]
    const timeOf = new Map(replayed.map((v) => [v.voter_id, v.voting_time]))
    expect(crashed.votes.length).toBeGreaterThan(100)
    for (const vote of crashed.votes) expect(timeOf.get(vote.voter_id), String(vote.voter_id)).toBe(vote.voting_time)
  })

  it('keeps the start a checkpoint recorded, and takes the configured one from a checkpoint taken before any vote', () => {
    const timing = { durationMs: 3_600_000, expectedVoters: 100, jitterMs: 0 }
    const voters = records('voter', 'start', 2)
    const older = { ...simulator(timing).snapshot(), startMs: NOW - 86_400_000 }
    const fromOlder = simulator(timing)
    fromOlder.restore(JSON.parse(JSON.stringify(older)))
    expect(fromOlder.cast(voters.slice(0, 1), NOW).votes[0]!.voting_time).toBe('2025-04-30 07:00:00')
    const beforeAnyVote = simulator(timing)
    beforeAnyVote.restore({ ...older, startMs: null })
    expect(beforeAnyVote.cast(voters.slice(0, 1), NOW + 999_999).votes[0]!.voting_time).toBe('2025-05-01 07:00:00')
  })

  it('restores a version 1 checkpoint (the whole set as one base64 string) and a version 2 one (chunks)', () => {
    const sim = simulator()
    const voters = records('voter', 'v1', 90)
    sim.cast(voters.slice(0, 30), NOW)
    sim.snapshot()
    sim.cast(voters.slice(30, 60), NOW)
    const v2 = JSON.parse(JSON.stringify(sim.snapshot())) as SimulatorState
    const v1 = { ...v2, version: 1, seen: toBase64(bytesOfChunks(v2.seen)) }
    const expected = sim.cast(voters, NOW + 1000).votes
    expect(expected.length).toBeGreaterThan(0)
    for (const state of [v1, v2]) {
      const resumed = simulator()
      resumed.restore(state)
      expect(resumed.seenVoters).toBe(v2.cast)
      expect(resumed.cast(voters, NOW + 1000).votes).toEqual(expected)
    }
  })

  it('refuses to restore a state it did not write', () => {
    expect(() => simulator().restore({ positions: {} })).toThrow(/not a version 1 or 2 voting state/)
  })

  it('chooses the same candidate for a voter whatever the order or batch, and differently under another seed', () => {
    const voters = records('voter', 'order', 500)
    const choices = (events: Event[], seed = 'sim') =>
      new Map(simulator({ seed }).cast(events, NOW).votes.map((v) => [v.voter_id, v.candidate_id]))
    const forward = choices(voters)
    expect(choices([...voters].reverse())).toEqual(forward)
    const other = choices(voters, 'other')
    expect([...forward].filter(([id, c]) => other.get(id) !== c).length).toBeGreaterThan(200)
  })

  it('gives each candidate about a third of 100k votes under the uniform model', () => {
    const { votes } = simulator().cast(many(), NOW)
    const counts = new Map<unknown, number>()
    for (const v of votes) counts.set(v.party_affiliation, (counts.get(v.party_affiliation) ?? 0) + 1)
    for (const party of DEFAULT_PARTIES) expect(Math.abs(counts.get(party)! / 100_000 - 1 / 3)).toBeLessThan(0.01)
  })

  it('follows party weights over 100k votes', () => {
    const { votes } = simulator({ choice: 'weighted', weights: { 'Savior Party': 2, 'Tech Republic Party': 1, 'Management Party': 1 } }).cast(many(), NOW)
    const savior = votes.filter((v) => v.party_affiliation === 'Savior Party').length / votes.length
    expect(Math.abs(savior - 0.5)).toBeLessThan(0.01)
  })

  it('makes the demographic model differ between states', () => {
    const { votes } = simulator({ choice: 'demographic', skew: 1 }).cast(many(), NOW)
    const share = (state: string) => {
      const inState = votes.filter((v) => (v.address as { state: string }).state === state)
      return inState.filter((v) => v.party_affiliation === 'Savior Party').length / inState.length
    }
    const shares = ['Kent', 'Fife', 'Devon', 'Powys', 'Essex', 'Tayside'].map(share)
    expect(Math.max(...shares) - Math.min(...shares)).toBeGreaterThan(0.1)
  })

  it('lets about `turnout` of the voters vote and counts the rest as abstained', () => {
    const result = simulator({ turnout: 0.6 }).cast(many(), NOW)
    expect(Math.abs(result.votes.length / 100_000 - 0.6)).toBeLessThan(0.01)
    expect(result.abstained + result.votes.length).toBe(100_000)
  })

  it('spreads votes over the election with jitter and stamps about lateFraction of them lateByMs in the past', () => {
    const sim = simulator({ durationMs: 3_600_000, expectedVoters: 100_000, jitterMs: 1000, lateFraction: 0.05, lateByMs: 120_000 })
    const result = sim.cast(many(), NOW)
    const times = result.votes.map((v) => Date.parse(`${String(v.voting_time).replace(' ', 'T')}Z`))
    const late = times.filter((t, k) => t < NOW + Math.floor((3_600_000 * k) / 100_000) - 60_000)
    expect(Math.abs(late.length / 100_000 - 0.05)).toBeLessThan(0.005)
    expect(result.late).toBe(late.length)
    const onTime = times.filter((t, k) => Math.abs(t - (NOW + Math.floor((3_600_000 * k) / 100_000))) < 2000)
    expect(onTime.length + late.length).toBe(100_000)
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW + 3_600_000 + 1000)
  })

  it('stamps votes with the clock when no duration is set', () => {
    const { votes } = simulator().cast(records('voter', 'clock', 3), Date.UTC(2025, 4, 1, 23, 59, 59, 500))
    expect(votes.map((v) => v.voting_time)).toEqual(['2025-05-01 23:59:59', '2025-05-01 23:59:59', '2025-05-01 23:59:59'])
  })

  it('dead-letters voters and candidates that do not have the contract shape', () => {
    const sim = simulator()
    const dead = sim.addCandidates([{ candidate_id: 'x' }])
    expect(dead).toEqual([{ reason: 'invalid_candidate', detail: expect.stringMatching(/^\/candidate_name: /), record: { candidate_id: 'x' } }])
    expect(sim.candidateCount).toBe(3)
    const { dead: badVoters } = sim.cast([{ voter_name: 'no id' }], NOW)
    expect(badVoters).toEqual([{ reason: 'invalid_voter', detail: expect.stringMatching(/voter_id/), record: { voter_name: 'no id' } }])
  })

  it('replaces a candidate that arrives again with the same id', () => {
    const sim = simulator()
    sim.addCandidates([{ ...candidates[0]!, candidate_name: 'Renamed' }])
    expect(sim.candidateCount).toBe(3)
    expect(sim.snapshot().candidates[0]!.candidate_name).toBe('Renamed')
  })
})
