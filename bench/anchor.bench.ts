/**
 * @module The Apache Flink anchor (issue 18): the classic job (votes_topic → running totals per
 * candidate and per state → the two aggregated_* topics, changed totals at most every 200 ms) in
 * Flink 2.2 (bench/anchors/flink, built with Maven here) and in tally
 * (bench/anchors/tally-classic.yaml), one after the other on one broker and one votes_topic.
 * For each: votes/s catching up on the full topic, from the system's first output and from its
 * spawn, CPU seconds and peak RSS of its process tree, and the latency of votes produced at a
 * steady 5,000 a second. Both are observed by the same reader of their output topics (anchor-totals.ts).
 *
 * Environment: ANCHOR_VOTES [1000000], ANCHOR_PARTITIONS [4], ANCHOR_RUNS [1] (runs per system of
 * each kind, taking turns, which goes first alternating), ANCHOR_SYSTEMS [flink,tally,tally-parallel]
 * (tally-parallel: the same config in two worker threads),
 * ANCHOR_WARMUP_S [15] and ANCHOR_MEASURE_S [30] (the 5k/s run: latency over the votes after the
 * warm-up), ANCHOR_FLINK_JAVA_OPTS [none: the JVM's defaults], KAFKA_BROKERS (else a broker is started).
 */
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { Kafka, logLevel, type Admin } from 'kafkajs'
import { treeUsage, type TreeUsage } from './anchor-process-tree.ts'
import { buildFlinkJob, startSystem, type SystemName } from './anchor-systems.ts'
import { followTotals, type OutputTopics, type TotalsFollower } from './anchor-totals.ts'
import { fillVotes, paceVotes, readOnce, type ExpectedTotals } from './anchor-votes.ts'
import { voteLatencies, type LatencySummary } from './flagship-latency.ts'
import { load, now } from './flagship-process.ts'
import type { BenchResult } from './result.ts'
import { startTestKafka } from '../test/services/kafka.ts'

const VOTES = Number(process.env.ANCHOR_VOTES ?? 1_000_000)
const PARTITIONS = Number(process.env.ANCHOR_PARTITIONS ?? 4)
const RUNS = Number(process.env.ANCHOR_RUNS ?? 1)
const SYSTEMS = (process.env.ANCHOR_SYSTEMS ?? 'flink,tally,tally-parallel').split(',') as SystemName[]
const RATE = 5000
const WARMUP_S = Number(process.env.ANCHOR_WARMUP_S ?? 15)
const MEASURE_S = Number(process.env.ANCHOR_MEASURE_S ?? 30)
const LABEL: Record<SystemName, string> = { flink: 'Apache Flink 2.2.1 (DataStream, parallelism 2)', tally: 'tally (one process)', 'tally-parallel': 'tally (one process, parallelism 2)' }

interface CatchUp {
  fromStart: number
  fromSpawn: number
  startupMs: number
  usage: TreeUsage
}

/** Fresh output topics for one run of one system. */
async function outputTopics(admin: Admin, prefix: string): Promise<OutputTopics> {
  const out = { candidates: `${prefix}_aggregated_votes_per_candidate`, states: `${prefix}_aggregated_turnout_by_location` }
  await admin.createTopics({ waitForLeaders: true, topics: Object.values(out).map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })) })
  return out
}

/** Fails loudly unless the latest totals on the output topics are exactly the expected ones. */
function checkTotals(system: SystemName, totals: TotalsFollower, expected: ExpectedTotals): void {
  const wrong: string[] = []
  for (const [id, { name, votes }] of expected.candidates) {
    const seen = totals.candidates.latest.get(id)
    if (seen?.total_votes !== votes || seen.candidate_name !== name) wrong.push(`${id}: ${JSON.stringify(seen)}, expected ${name} with ${votes}`)
  }
  for (const [state, count] of expected.states) if (totals.states.latest.get(state)?.count !== count) wrong.push(`${state}: ${JSON.stringify(totals.states.latest.get(state))}, expected ${count}`)
  if (totals.candidates.latest.size !== expected.candidates.size || totals.states.latest.size !== expected.states.size) wrong.push('keys that no vote has')
  if (wrong.length > 0) throw new Error(`anchor bench: ${system}'s totals are wrong: ${wrong.slice(0, 5).join('; ')}`)
}

/** One system catching up on the full votes topic in a fresh consumer group. */
async function catchUp(system: SystemName, brokers: string, admin: Admin, votesTopic: string, expected: ExpectedTotals, prefix: string): Promise<CatchUp> {
  const out = await outputTopics(admin, prefix)
  const totals = await followTotals(brokers, out)
  const running = startSystem(system, { brokers, votesTopic, group: `${prefix}_group`, out })
  let usage: TreeUsage | undefined
  try {
    const countedAt = await totals.reached(VOTES, 600_000, running.ended, () => (usage = treeUsage(running.pid)))
    if (!usage) throw new Error(`anchor bench: ${system} ended as its totals were complete: ${running.ended()}`)
    const first = totals.first()!
    await new Promise((resolve) => setTimeout(resolve, 500)) // nothing more may come
    checkTotals(system, totals, expected)
    return { fromStart: (VOTES - first.votes) / ((countedAt - first.at) / 1000), fromSpawn: VOTES / ((countedAt - running.spawnedAt) / 1000), startupMs: first.at - running.spawnedAt, usage }
  } finally {
    await running.stop()
    await totals.stop()
  }
}

/** One system on a fresh topic fed at 5,000 votes/s: latency of the votes after the warm-up. */
async function steadyLatency(system: SystemName, brokers: string, admin: Admin, prefix: string): Promise<LatencySummary> {
  const liveTopic = `${prefix}_votes_topic`
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: liveTopic, numPartitions: PARTITIONS, replicationFactor: 1 }] })
  const out = await outputTopics(admin, prefix)
  const totals = await followTotals(brokers, out)
  const running = startSystem(system, { brokers, votesTopic: liveTopic, group: `${prefix}_group`, out })
  try {
    const emitted = await paceVotes(brokers, liveTopic, RATE, WARMUP_S + MEASURE_S)
    const produced = emitted.count.at(-1)!
    await totals.reached(produced, 60_000, running.ended, () => undefined)
    return voteLatencies(emitted, totals.candidates.sums, RATE * WARMUP_S, produced)
  } finally {
    await running.stop()
    await totals.stop()
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!
const figure = (x: number, digits: number) => x.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits })
const spread = (xs: number[], digits = 0) => (xs.length === 1 ? '' : ` (range ${figure(Math.min(...xs), digits)}–${figure(Math.max(...xs), digits)})`)

export async function run(): Promise<BenchResult[]> {
  const service = process.env.KAFKA_BROKERS ? undefined : await startTestKafka()
  const brokers = process.env.KAFKA_BROKERS ?? service!.url
  const kafka = new Kafka({ clientId: 'tally-anchor-bench', brokers: brokers.split(','), logLevel: logLevel.NOTHING })
  const admin = kafka.admin()
  await admin.connect()
  const id = randomUUID().slice(0, 8)
  try {
    if (SYSTEMS.includes('flink')) buildFlinkJob()
    const votesTopic = `anchor_${id}_votes_topic`
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: votesTopic, numPartitions: PARTITIONS, replicationFactor: 1 }] })
    const filling = now()
    const expected = await fillVotes(brokers, votesTopic, VOTES)
    process.stderr.write(`anchor: ${VOTES} votes in ${votesTopic} (${PARTITIONS} partitions) in ${((now() - filling) / 1000).toFixed(1)} s\n`)
    // The fill (~820 MB for 1M votes) on disk and served once before the first run: otherwise that
    // run shares the machine with the writeback and meets the broker's cold fetch path alone (Flink,
    // going first, was 20–35% slower in its first run than in its other two).
    execFileSync('sync')
    await readOnce(brokers, votesTopic, VOTES)

    const catchUps = new Map<SystemName, CatchUp[]>(SYSTEMS.map((s) => [s, []]))
    for (let r = 0; r < RUNS; r++) {
      // Alternating which goes first, so neither always follows the fill (or the other) on the broker.
      for (const system of r % 2 === 0 ? SYSTEMS : [...SYSTEMS].reverse()) {
        const result = await catchUp(system, brokers, admin, votesTopic, expected, `anchor_${id}_${system}_${r}`)
        process.stderr.write(`anchor: ${system} run ${r + 1}: ${Math.round(result.fromStart)} votes/s from start, ${Math.round(result.fromSpawn)} from spawn, ${(result.usage.cpuMs / 1000).toFixed(1)} s CPU, ${Math.round(result.usage.peakRssKb / 1024)} MiB, load ${load()}\n`)
        catchUps.get(system)!.push(result)
      }
    }
    const latencies = new Map<SystemName, LatencySummary[]>(SYSTEMS.map((s) => [s, []]))
    for (let r = 0; r < RUNS; r++) {
      for (const system of r % 2 === 0 ? SYSTEMS : [...SYSTEMS].reverse()) {
        const latency = await steadyLatency(system, brokers, admin, `anchor_${id}_${system}_live_${r}`)
        process.stderr.write(`anchor: ${system} at ${RATE} votes/s, run ${r + 1}: p50 ${latency.p50.toFixed(0)} ms, p99 ${latency.p99.toFixed(0)} ms, max ${latency.max.toFixed(0)} ms, load ${load()}\n`)
        latencies.get(system)!.push(latency)
      }
    }

    const notes = `${VOTES.toLocaleString('en')} votes in one votes_topic (${PARTITIONS} partitions), ${RUNS === 1 ? 'one run' : `median of ${RUNS} runs`}, load ${load()} at the end`
    return SYSTEMS.flatMap((system): BenchResult[] => {
      const runs = catchUps.get(system)!
      const pick = (f: (c: CatchUp) => number) => runs.map(f)
      const [fromStart, fromSpawn, cpu, rss, startup] = [pick((c) => c.fromStart), pick((c) => c.fromSpawn), pick((c) => c.usage.cpuMs / 1000), pick((c) => c.usage.peakRssKb / 1024), pick((c) => c.startupMs)]
      const latency = latencies.get(system)!
      const [p50, p99, max, unseen] = [latency.map((l) => l.p50), latency.map((l) => l.p99), latency.map((l) => l.max), latency.map((l) => l.unseen)]
      const live = `${RATE.toLocaleString('en')} votes/s for ${WARMUP_S + MEASURE_S} s on a fresh topic, latency of the ${latency[0]!.votes.toLocaleString('en')} votes after the first ${WARMUP_S} s: produced → the per-candidate totals on the output topic first count it${spread(p50)}`
      return [
        { name: `anchor: ${LABEL[system]}, classic job catching up, from its start`, value: Math.round(median(fromStart)), unit: 'votes/s', notes: `${notes}${spread(fromStart)}; first total on an output topic → totals add up to every vote` },
        { name: `anchor: ${LABEL[system]}, from spawn`, value: Math.round(median(fromSpawn)), unit: 'votes/s', notes: `spawn → totals add up to every vote${spread(fromSpawn)}; first output ${(median(startup) / 1000).toFixed(1)} s after spawn${spread(startup.map((ms) => ms / 1000), 1)}` },
        { name: `anchor: ${LABEL[system]}, CPU`, value: Number(median(cpu).toFixed(1)), unit: 's', notes: `user + system of the process tree from spawn to every vote counted${spread(cpu, 1)}` },
        { name: `anchor: ${LABEL[system]}, peak RSS`, value: Math.round(median(rss)), unit: 'MiB', notes: `VmHWM of the process tree when every vote was counted${spread(rss)}` },
        { name: `anchor: ${LABEL[system]}, latency p50 at 5k votes/s`, value: Math.round(median(p50)), unit: 'ms', notes: live },
        { name: `anchor: ${LABEL[system]}, latency p99 at 5k votes/s`, value: Math.round(median(p99)), unit: 'ms', notes: `${spread(p99).trim() || 'one run'}; max ${Math.round(Math.max(...max))} ms, ${Math.max(...unseen)} votes never seen` },
      ]
    })
  } finally {
    await admin.disconnect()
    await service?.stop()
  }
}
