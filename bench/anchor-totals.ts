/**
 * @module Reads a system's two output changelogs (aggregated_votes_per_candidate,
 * aggregated_turnout_by_location) as a consumer would: the latest total per key, summed per topic,
 * with the time each sum changed (taken when the fetched batch arrives). Both systems are observed
 * by this same reader.
 */
import { randomUUID } from 'node:crypto'
import { Kafka, logLevel } from 'kafkajs'
import type { CounterSeries } from './flagship-latency.ts'
import { now } from './flagship-process.ts'

export interface OutputTopics {
  candidates: string
  states: string
}

/** The latest totals of one changelog topic: per key, and their sum over time. */
class Changelog {
  readonly latest = new Map<string, Record<string, unknown>>()
  readonly sums: CounterSeries = { at: [], count: [] }
  sum = 0
  readonly measure: string

  constructor(measure: string) {
    this.measure = measure
  }

  take(key: string, value: Record<string, unknown>, at: number): void {
    const total = Number(value[this.measure])
    this.sum += total - Number(this.latest.get(key)?.[this.measure] ?? 0)
    this.latest.set(key, value)
    if (this.sum !== this.sums.count.at(-1)) (this.sums.at.push(at), this.sums.count.push(this.sum))
  }
}

export async function followTotals(brokers: string, topics: OutputTopics) {
  const kafka = new Kafka({ clientId: 'tally-anchor-bench-totals', brokers: brokers.split(','), logLevel: logLevel.NOTHING })
  const candidates = new Changelog('total_votes')
  const states = new Changelog('count')
  const byTopic = new Map([[topics.candidates, candidates], [topics.states, states]])
  const waiters = new Set<() => void>()
  const consumer = kafka.consumer({ groupId: `anchor-bench-${randomUUID()}`, maxWaitTimeInMs: 100 })
  // Observation times are only right once the reader is in its group: the systems start after that.
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()))
  await consumer.connect()
  await consumer.subscribe({ topics: [topics.candidates, topics.states], fromBeginning: true })
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const at = now()
      const changelog = byTopic.get(batch.topic)!
      for (const message of batch.messages) changelog.take(message.key!.toString(), JSON.parse(message.value!.toString()) as Record<string, unknown>, at)
      for (const wake of waiters) wake()
    },
  })
  await joined
  return {
    candidates,
    states,
    /** The first observation of a total on either topic: when, and how many votes that topic's totals held then (both count every vote). */
    first(): { at: number; votes: number } | undefined {
      const [earliest] = [candidates.sums, states.sums].filter((sums) => sums.at.length > 0).sort((a, b) => a.at[0]! - b.at[0]!)
      return earliest && { at: earliest.at[0]!, votes: earliest.count[0]! }
    },
    /**
     * Resolves at the first observation where both topics' totals add up to `total` (calling
     * `onReached` at once, before any other await), rejecting after `timeoutMs` or when a total goes
     * beyond `total` (a vote counted twice), or when `failed` says the system is gone.
     */
    reached(total: number, timeoutMs: number, failed: () => string | undefined, onReached: () => void): Promise<number> {
      return new Promise((resolve, reject) => {
        const deadline = Date.now() + timeoutMs
        const done = () => (clearInterval(timer), waiters.delete(check))
        const check = () => {
          if (candidates.sum === total && states.sum === total) {
            onReached()
            done()
            resolve(Math.max(candidates.sums.at.at(-1)!, states.sums.at.at(-1)!))
            return
          }
          const problem =
            candidates.sum > total || states.sum > total
              ? `totals beyond the ${total} votes written: ${candidates.sum} per candidate, ${states.sum} per state`
              : Date.now() > deadline
                ? `only ${candidates.sum} (per candidate) and ${states.sum} (per state) of ${total} votes counted within ${timeoutMs / 1000} s`
                : failed()
          if (problem !== undefined) (done(), reject(new Error(problem)))
        }
        const timer = setInterval(check, 200)
        waiters.add(check)
        check()
      })
    },
    stop: () => consumer.disconnect(),
  }
}

export type TotalsFollower = Awaited<ReturnType<typeof followTotals>>
