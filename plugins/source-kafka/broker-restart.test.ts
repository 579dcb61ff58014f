import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Logger } from '../../core/plugin.ts'
import { createPipeline } from '../../index.ts'
import { memoryCollection } from '../../core/testing/memory-sink.ts'
import { startKafkaBroker, type KafkaBroker } from '../../services/kafka/broker.ts'
import sinkPlugin from '../sink-kafka/index.ts'
import { uniqueName } from '../sink-kafka/raw-topic.ts'
import { vote } from './fixtures.ts'
import sourcePlugin from './index.ts'

/** What the pipelines said, shown when the test fails. */
const said: string[] = []
const quiet: Logger = { info: (m) => void said.push(`info ${m}`), warn: (m) => void said.push(`warn ${m}`), error: (m) => void said.push(`error ${m}`) }

async function until(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}; the pipelines said:\n${said.slice(-40).join('\n')}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('a broker stopped and restarted mid-run (own broker, started by services/kafka)', () => {
  it('producer and consumer pipelines recover and nothing is lost', { timeout: 420_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tally-kafka-restart-'))
    let broker: KafkaBroker = await startKafkaBroker({ dataDir })
    const brokers = broker.url
    const topic = uniqueName('votes_topic')
    const received = uniqueName('received')
    const total = 6000
    const events = Array.from({ length: total }, (_, i) => ({ ...vote, voter_id: `restart-${i}` }))
    const retry = { maxAttempts: 60, initialDelayMs: 100, maxDelayMs: 2000 }
    const producer = createPipeline(
      {
        name: 'vote',
        nodes: {
          votes: { use: 'memory-source', with: { events, batchSize: 50, intervalMs: 50 } },
          out: { use: 'kafka-sink', from: 'votes', with: { brokers, topics: { votes: topic }, key: 'voter_id' }, retry },
        },
      },
      { registry: [sinkPlugin], log: quiet },
    )
    const consumer = createPipeline(
      {
        name: 'aggregate',
        settings: { checkpointIntervalMs: 200, tickMs: 200, queueCapacity: 8 },
        nodes: {
          votes: { use: 'kafka-source', with: { brokers, topics: [topic], groupId: uniqueName('g'), sessionTimeoutMs: 10_000 }, retry },
          db: { use: 'memory-sink', from: 'votes', with: { collection: received, uniqueBy: 'voter_id' } },
        },
      },
      { registry: [sourcePlugin], log: quiet },
    )
    try {
      await producer.start()
      await consumer.start()
      await until(() => memoryCollection(received).events.length >= 1000, 'the first votes went through', 60_000)
      // The producer is still writing when the broker goes away.
      expect(producer.metrics().nodes.find((n) => n.id === 'votes')!.state).toBe('running')
      await broker.stop()
      // Down until kafkajs gave up on the consumer (it does not restart a client that found no
      // group coordinator): the source must start a new one once the broker is back.
      await until(() => said.some((line) => line.includes('the Kafka consumer stopped')), 'the consumer crashed while the broker was down', 120_000)
      broker = await startKafkaBroker({ dataDir, port: broker.port, controllerPort: broker.controllerPort })
      const produced = await producer.done
      expect(produced.error).toBeUndefined()
      const arrived = () => new Set(memoryCollection(received).events.map((e) => e.voter_id)).size
      // Generous: after the restart the new consumer may wait out the group's rebalance timeout (60 s)
      // for its own stale member, and the clients back off; on a loaded machine that took over 120 s.
      await until(() => arrived() >= total, 'every vote arrived after the restart', 300_000).catch((error: Error) => {
        const metrics = consumer.metrics().nodes.find((n) => n.id === 'votes')
        throw new Error(`${error.message}\n${arrived()} of ${total} distinct votes arrived; kafka-source metrics: ${JSON.stringify(metrics)}`)
      })
      const consumed = await consumer.stop()
      expect(consumed.error).toBeUndefined()
      expect(new Set(memoryCollection(received).events.map((e) => e.voter_id)).size).toBe(total)
    } finally {
      await Promise.allSettled([producer.kill('test over'), consumer.kill('test over')])
      await broker.stop()
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
