/**
 * @module The producer decision, by numbers: CPU per message and messages/s of the hand-written
 * producer, kafkajs' and @platformatic/kafka's (idempotent, acks=all), on one broker in one run.
 * Each producer runs in a process of its own; @platformatic/kafka needs Node >= 22.22, so every
 * client also runs on that Node (the `node` npm package through npx) for a same-runtime comparison.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { produceRaw, uniqueName } from '../plugins/sink-kafka/raw-topic.ts'
import { startTestKafka } from '../test/services/kafka.ts'
import type { BenchCompression, ClientName } from './kafka-producer-child.ts'
import type { BenchResult } from './result.ts'

const MESSAGES = Number(process.env.PRODUCER_BENCH_MESSAGES ?? 100_000)
/** Messages per awaited send: the sink's unit of work (an engine batch is cut to ~900 KB batches the broker takes). */
const PER_SEND = 1000
const child = fileURLToPath(new URL('./kafka-producer-child.ts', import.meta.url))
/** The Node the platformatic client needs, from the npm registry's `node` package; `PRODUCER_BENCH_NODE22=node` uses the machine's. */
const node22 = process.env.PRODUCER_BENCH_NODE22 === 'node' ? ['node'] : ['npx', '-y', '-p', 'node@22', 'node']

interface Run {
  client: ClientName
  compression: BenchCompression
  modern: boolean
}

interface Measured extends Run {
  runtime: string
  rate: number
  cpuMicros: number
  brokerMicros?: number
}

const runs: Run[] = [
  ...(['none', 'gzip', 'lz4'] as const).flatMap((compression) => (['hand-written', 'kafkajs', 'platformatic'] as const).map((client) => ({ client, compression, modern: true }))),
  { client: 'hand-written', compression: 'none', modern: false },
  { client: 'kafkajs', compression: 'none', modern: false },
]

function processCpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return ((Number(fields[11]) + Number(fields[12])) / 100) * 1e6
}

/** Runs one producer process; the broker's CPU is sampled when it starts and ends its timed part. */
async function measure(run: Run, brokers: string, brokerPid: number | undefined): Promise<Measured> {
  const topic = uniqueName(`bench_${run.client}`)
  await produceRaw(brokers, topic, [], 3)
  const command = run.modern ? node22 : [process.execPath]
  const proc = spawn(command[0]!, [...command.slice(1), '--import', 'tsx', child, run.client, brokers, topic, run.compression, String(MESSAGES), String(PER_SEND)], { stdio: ['ignore', 'pipe', 'inherit'] })
  let brokerAtStart = 0
  let result: { messages: number; seconds: number; cpuMicros: number; runtime: string } | undefined
  let brokerMicros: number | undefined
  for await (const line of createInterface({ input: proc.stdout })) {
    if (line === 'measuring' && brokerPid) brokerAtStart = processCpuMicros(brokerPid)
    if (line.startsWith('result ')) {
      if (brokerPid) brokerMicros = processCpuMicros(brokerPid) - brokerAtStart
      result = JSON.parse(line.slice(7)) as typeof result
    }
  }
  const code = await new Promise<number | null>((resolve) => (proc.exitCode !== null ? resolve(proc.exitCode) : proc.on('exit', resolve)))
  if (code !== 0 || !result) throw new Error(`kafka-producers bench: ${run.client} (${run.compression}) exited with ${code}`)
  return { ...run, runtime: result.runtime, rate: result.messages / result.seconds, cpuMicros: result.cpuMicros / result.messages, brokerMicros: brokerMicros === undefined ? undefined : brokerMicros / result.messages }
}

export async function run(): Promise<BenchResult[]> {
  const service = process.env.KAFKA_BROKERS ? undefined : await startTestKafka()
  const brokers = process.env.KAFKA_BROKERS ?? service!.url
  try {
    const measured: Measured[] = []
    for (const r of runs) {
      process.stderr.write(`  ${r.client}, ${r.compression}, ${r.modern ? 'Node 22' : process.version}…\n`)
      measured.push(await measure(r, brokers, service?.pid))
    }
    const results = measured.map((m): BenchResult => ({
      name: `producer: ${m.client}, ${m.compression} (${m.runtime})`,
      value: Math.round(m.rate),
      unit: 'msgs/s',
      notes: `CPU ${m.cpuMicros.toFixed(2)} µs/msg in the producer${m.brokerMicros === undefined ? '' : `, broker ${m.brokerMicros.toFixed(2)} µs/msg`}; ${MESSAGES.toLocaleString('en')} vote messages (~700 B JSON, keyed), sends of ${PER_SEND}, 3 partitions, idempotent, acks=all`,
    }))
    const cpu = (client: ClientName, compression: BenchCompression) => measured.find((m) => m.client === client && m.compression === compression && m.modern)!.cpuMicros
    for (const compression of ['none', 'gzip', 'lz4'] as const) {
      const best = Math.min(cpu('kafkajs', compression), cpu('platformatic', compression))
      results.push({ name: `producer: best maintained client ÷ hand-written, CPU per message, ${compression}`, value: Number((best / cpu('hand-written', compression)).toFixed(2)), unit: '×', target: '≥ 2× to keep the hand-written producer', notes: 'same Node (22), same broker, same run' })
    }
    return results
  } finally {
    await service?.stop()
  }
}
