/**
 * @module One producer of the kafka-producers benchmark, in a process of its own (so its CPU time is
 * its own, and it can run on another Node): sends `count` vote messages in sends of `perSend`,
 * each awaited until acknowledged (acks=all, idempotent). Prints `measuring` when the timed part
 * starts and `result <json>` at the end.
 */
import { vote } from '../plugins/source-kafka/fixtures.ts'

export type ClientName = 'hand-written' | 'kafkajs' | 'platformatic'
export type BenchCompression = 'none' | 'gzip' | 'lz4'

interface Client {
  send(messages: { key: string; value: string }[]): Promise<unknown>
  close(): Promise<unknown>
}

/** Vote-shaped messages (about 700 bytes of JSON), keyed by voter id. */
export function voteMessages(n: number, first: number): { key: string; value: string }[] {
  return Array.from({ length: n }, (_, i) => ({ key: `bench-${first + i}`, value: JSON.stringify({ ...vote, voter_id: `bench-${first + i}`, candidate_id: `c-${i % 3}` }) }))
}

async function connect(name: ClientName, brokers: string, topic: string, compression: BenchCompression): Promise<Client> {
  const clientId = `bench-${name}`
  if (name === 'hand-written') {
    const { createProducer } = await import('../plugins/sink-kafka/producer.ts')
    const { loadCodec } = await import('../plugins/sink-kafka/compression.ts')
    const producer = createProducer({ brokers: brokers.split(','), clientId, compression: await loadCodec(compression) })
    await producer.connect()
    return {
      send: (messages) => producer.send(topic, messages.map((m) => ({ key: Buffer.from(m.key), value: m.value }))),
      close: async () => producer.close(),
    }
  }
  if (name === 'kafkajs') {
    const { CompressionTypes, Kafka, logLevel } = await import('kafkajs')
    const { registerKafkajsCodecs } = await import('../plugins/sink-kafka/kafkajs-codecs.ts')
    registerKafkajsCodecs(await import('kafkajs'))
    const producer = new Kafka({ clientId, brokers: brokers.split(','), logLevel: logLevel.NOTHING }).producer({ idempotent: true, maxInFlightRequests: 1 })
    await producer.connect()
    const codec = { none: CompressionTypes.None, gzip: CompressionTypes.GZIP, lz4: CompressionTypes.LZ4 }[compression]
    return { send: (messages) => producer.send({ topic, acks: -1, compression: codec, messages }), close: () => producer.disconnect() }
  }
  // Needs Node >= 22.22 (its engines field): the benchmark runs it through the `node` npm package.
  const { Producer, ProduceAcks, stringSerializers } = await import('@platformatic/kafka')
  const producer = new Producer({ clientId, bootstrapBrokers: brokers.split(','), serializers: stringSerializers, idempotent: true, acks: ProduceAcks.ALL, compression, autocreateTopics: false })
  return { send: (messages) => producer.send({ messages: messages.map((m) => ({ topic, key: m.key, value: m.value })) }), close: () => producer.close() }
}

async function main(): Promise<void> {
  const [name, brokers, topic, compression, count, perSend] = process.argv.slice(2) as [ClientName, string, string, BenchCompression, string, string]
  const total = Number(count)
  const size = Number(perSend)
  const client = await connect(name, brokers, topic, compression)
  // Warm-up: connections, metadata, producer id, JIT.
  for (let i = 0; i < 5; i++) await client.send(voteMessages(size, -size * (i + 1)))
  const sends = Array.from({ length: Math.ceil(total / size) }, (_, i) => voteMessages(Math.min(size, total - i * size), i * size))
  console.log('measuring')
  const cpu = process.cpuUsage()
  const started = performance.now()
  for (const messages of sends) await client.send(messages)
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  await client.close()
  console.log(`result ${JSON.stringify({ messages: total, seconds, cpuMicros: used.user + used.system, runtime: `Node ${process.versions.node}` })}`)
}

await main()
