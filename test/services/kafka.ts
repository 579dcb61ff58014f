/** @module The Kafka brokers the test suites use when KAFKA_BROKERS (KAFKA_BROKERS_4, …) is unset: real single-node brokers on free loopback ports. */
import { startKafkaBroker } from '../../services/kafka/broker.ts'

/** Starts a throwaway broker (temp data dir, free port) of `version` (default: kafka-libs.ts's); `url` is the bootstrap `127.0.0.1:port`, `pid` the JVM's. */
export async function startTestKafka(version?: string): Promise<{ url: string; pid: number; version: string; stop(): Promise<void> }> {
  const started = Date.now()
  const broker = await startKafkaBroker({ version, partitions: 3, log: (message) => process.stderr.write(`[kafka] ${message}\n`) })
  process.stderr.write(`[kafka] Kafka ${broker.version} ready on ${broker.url} in ${Date.now() - started} ms (log: ${broker.logFile})\n`)
  return { url: broker.url, pid: broker.pid, version: broker.version, stop: () => broker.stop() }
}

