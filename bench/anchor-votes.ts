/**
 * @module The votes of the anchor benchmark: votes_topic messages in the shape of
 * docs/data-contracts.md (plugins/source-kafka/fixtures.ts `vote`), keyed by voter_id, three
 * candidates of the default parties with unequal shares, a voter's county from the GB domain, voting
 * times over a 12-hour polling day. Written with the project's own producer (acks=all, idempotent),
 * all at once (fill) or at a steady rate (pace).
 */
import { randomUUID } from 'node:crypto'
import { Kafka, logLevel } from 'kafkajs'
import { createProducer, type Producer } from '../plugins/sink-kafka/producer.ts'
import { candidate, vote } from '../plugins/source-kafka/fixtures.ts'
import { COUNTIES } from '../plugins/source-randomuser/gb-places.ts'
import { DEFAULT_PARTIES } from '../plugins/source-randomuser/roles.ts'
import type { CounterSeries } from './flagship-latency.ts'
import { now } from './flagship-process.ts'

const NAMES = ['Grace Hopper', 'Alan Turing', 'Ada Lovelace']
const CANDIDATES = DEFAULT_PARTIES.map((party, i) => ({
  ...candidate,
  candidate_id: `c0ffee00-0000-4000-8000-00000000000${i + 1}`,
  candidate_name: NAMES[i]!,
  party_affiliation: party,
  photo_url: `https://randomuser.me/api/portraits/${i === 1 ? 'men' : 'women'}/${i + 2}.jpg`,
}))
const POLLING_DAY_S = 12 * 3600
const BATCH = 5000

/** A cheap, well-spread hash of the vote number (so shares and counties do not follow the partitioning). */
const mix = (i: number) => Math.imul(i ^ (i >>> 15), 0x2c1b3c6d) >>> 0

/** Vote number `i` (0-based) of `total`. */
function voteOf(i: number, total: number) {
  const h = mix(i + 1)
  const share = h % 100
  const chosen = CANDIDATES[share < 45 ? 0 : share < 80 ? 1 : 2]!
  const seconds = 8 * 3600 + Math.floor((i * POLLING_DAY_S) / total)
  const time = `${String(Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`
  const voterId = `b2c4e6f8-0000-4000-8000-${i.toString(16).padStart(12, '0')}`
  return { ...vote, voter_id: voterId, address: { ...vote.address, state: COUNTIES[(h >>> 8) % COUNTIES.length]! }, ...chosen, voting_time: `2026-05-07 ${time}`, vote: 1 }
}

const message = (v: ReturnType<typeof voteOf>) => ({ key: Buffer.from(v.voter_id), value: JSON.stringify(v) })

/** What a correct job ends with: votes per candidate id (and its name), turnout per state. */
export interface ExpectedTotals {
  candidates: Map<string, { name: string; votes: number }>
  states: Map<string, number>
}

async function connectProducer(brokers: string): Promise<Producer> {
  const producer = createProducer({ brokers: brokers.split(','), clientId: 'tally-anchor-bench' })
  await producer.connect()
  return producer
}

/** Writes votes 0 … n−1 to `topic` in batches of 5000, each acknowledged before the next; returns the totals they add up to. */
export async function fillVotes(brokers: string, topic: string, n: number): Promise<ExpectedTotals> {
  const expected: ExpectedTotals = { candidates: new Map(), states: new Map() }
  const producer = await connectProducer(brokers)
  try {
    for (let first = 0; first < n; first += BATCH) {
      const votes = Array.from({ length: Math.min(BATCH, n - first) }, (_, k) => voteOf(first + k, n))
      for (const v of votes) {
        const c = expected.candidates.get(v.candidate_id) ?? { name: v.candidate_name, votes: 0 }
        c.votes++
        expected.candidates.set(v.candidate_id, c)
        expected.states.set(v.address.state, (expected.states.get(v.address.state) ?? 0) + 1)
      }
      await producer.send(topic, votes.map(message))
    }
  } finally {
    producer.close()
  }
  return expected
}

/**
 * Writes `perSec` votes a second to `topic` for `seconds`: every 10 ms the votes due by then, in one
 * send (acknowledged before the next). Returns the emitted counter: the cumulative count of each
 * send at the time it was handed to the producer, which is when its votes count as produced.
 */
export async function paceVotes(brokers: string, topic: string, perSec: number, seconds: number): Promise<CounterSeries> {
  const producer = await connectProducer(brokers)
  const total = perSec * seconds
  const emitted: CounterSeries = { at: [], count: [] }
  const started = now()
  let sent = 0
  try {
    while (sent < total) {
      const due = Math.min(total, Math.floor(((now() - started) * perSec) / 1000))
      if (due > sent) {
        const at = now()
        await producer.send(topic, Array.from({ length: due - sent }, (_, k) => message(voteOf(sent + k, total))))
        emitted.at.push(at)
        emitted.count.push(due)
        sent = due
      }
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  } finally {
    producer.close()
  }
  return emitted
}

/**
 * Reads `topic` once to its `n` messages without decoding their values, in a consumer group of its
 * own: the broker serves the fill once before the measured runs, so the first of them does not pay
 * for its cold fetch path alone.
 */
export async function readOnce(brokers: string, topic: string, n: number): Promise<void> {
  const kafka = new Kafka({ clientId: 'tally-anchor-bench-warm-up', brokers: brokers.split(','), logLevel: logLevel.NOTHING })
  const consumer = kafka.consumer({ groupId: `anchor-warm-up-${randomUUID()}`, maxBytesPerPartition: 4 << 20 })
  let read = 0
  let finished = () => {}
  const done = new Promise<void>((resolve) => (finished = resolve))
  await consumer.connect()
  await consumer.subscribe({ topics: [topic], fromBeginning: true })
  await consumer.run({
    eachBatch: async ({ batch }) => {
      read += batch.messages.length
      if (read >= n) finished()
    },
  })
  await done
  await consumer.disconnect()
}
