/** @module The Kafka broker the test suites use when KAFKA_BROKERS is unset: a real single-node broker on a free loopback port. */
import { startKafkaBroker } from '../../services/kafka/broker.ts'

/** Starts a throwaway broker (temp data dir, free port); `url` is the bootstrap `127.0.0.1:port`, `pid` the JVM's. */
export async function startTestKafka(): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const started = Date.now()
  const broker = await startKafkaBroker({ partitions: 3, log: (message) => process.stderr.write(`[kafka] ${message}\n`) })
  process.stderr.write(`[kafka] broker ready on ${broker.url} in ${Date.now() - started} ms (log: ${broker.logFile})\n`)
  return { url: broker.url, pid: broker.pid, stop: () => broker.stop() }
}
