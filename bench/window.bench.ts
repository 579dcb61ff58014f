/** @module Benchmark of the window aggregator's hot path: flagship aggregations over pre-parsed votes, one core. */
import { createWindowAggregator } from '../core/window/aggregator.ts'
import type { WindowConfig } from '../core/window/config.ts'
import { turnoutByState, votesPerCandidate, votesPerCandidatePerMinute } from '../plugins/window/presets.ts'
import type { Event } from '../core/plugin.ts'
import type { BenchResult } from './result.ts'

const EVENTS = 2_000_000
const BATCH = 1000
const STATES = ['England', 'Scotland', 'Wales', 'Northern Ireland', 'Cornwall', 'Devon', 'Kent', 'Essex', 'Surrey', 'Norfolk', 'Suffolk', 'Cumbria', 'Durham', 'Dorset', 'Somerset', 'Lancashire']
const CANDIDATES = [0, 1, 2].map((i) => ({
  candidate_id: `c0ffee00-0000-4000-8000-00000000000${i}`,
  candidate_name: `Candidate ${i}`,
  party_affiliation: ['Management Party', 'Savior Party', 'Tech Republic Party'][i],
  biography: 'A biography.',
  campaign_platform: 'A platform.',
  photo_url: `https://randomuser.me/api/portraits/men/${i}.jpg`,
}))

/** Votes as the voting plugin emits them: ~20k votes per second of event time, so time strings repeat. */
function votes(n: number): Event[][] {
  const start = Date.UTC(2026, 0, 1, 8)
  const batches: Event[][] = []
  let times = ''
  for (let b = 0; b < n / BATCH; b++) {
    const batch: Event[] = []
    for (let i = b * BATCH; i < (b + 1) * BATCH; i++) {
      if (i % 20 === 0) times = new Date(start + Math.floor(i / 20)).toISOString().slice(0, 19).replace('T', ' ')
      batch.push({
        voter_id: `v-${i}`,
        voter_name: `Voter ${i}`,
        date_of_birth: '1984-09-10T06:12:30.194Z',
        gender: i % 2 === 0 ? 'male' : 'female',
        address: { street: '1 High Street', city: 'Town', state: STATES[i % STATES.length], country: 'United Kingdom', postcode: 'AB1 2CD' },
        ...CANDIDATES[(i * 7) % 3],
        voting_time: times,
        vote: 1,
      })
    }
    batches.push(batch)
  }
  return batches
}

function measure(config: WindowConfig, batches: Event[][]): number {
  let best = 0
  for (let round = 0; round < 5; round++) {
    const aggregator = createWindowAggregator(config)
    let now = Date.UTC(2026, 0, 1, 8)
    let emitted = 0
    const started = performance.now()
    for (const batch of batches) emitted += aggregator.add(batch, (now += 5)).out.length
    emitted += aggregator.flush().length
    const seconds = (performance.now() - started) / 1000
    if (emitted === 0) throw new Error('window bench: nothing emitted')
    best = Math.max(best, EVENTS / seconds)
  }
  return best
}

export async function run(): Promise<BenchResult[]> {
  const batches = votes(EVENTS)
  const input = `${EVENTS / 1e6}M pre-parsed votes (~100 s of event time) in batches of ${BATCH}, best of 5 rounds`
  const notes = `${input}; cumulative, update mode every 200 ms (the presets)`
  return [
    { name: 'window: votes per candidate (count + 3 carried fields)', value: Math.round(measure(votesPerCandidate, batches)), unit: 'events/s', target: '>= 3,000,000', notes },
    { name: 'window: turnout by state (count)', value: Math.round(measure(turnoutByState, batches)), unit: 'events/s', target: '>= 3,000,000', notes },
    { name: 'window: votes per candidate per minute (tumbling, final)', value: Math.round(measure(votesPerCandidatePerMinute, batches)), unit: 'events/s', notes: `${input}; 1-minute tumbling windows, final mode` },
  ]
}
