/**
 * @module Test support: the Java console producer and consumer of the Kafka version under test
 * (`KAFKA_VERSION`, else the default), writing and reading topics as another team's Java
 * application would (the Java client's own codecs and framing).
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { ensureKafkaLibs, log4jPath } from '../../services/kafka/kafka-libs.ts'

/** The console tools' classes: the producer moved from the core jar to kafka-tools in 4.0; the consumer lives in kafka-tools from 3.7 on. */
export function consoleToolClasses(version: string): { producer: string; consumer: string } {
  const major = Number(version.split('.')[0])
  return {
    producer: major >= 4 ? 'org.apache.kafka.tools.ConsoleProducer' : 'kafka.tools.ConsoleProducer',
    consumer: 'org.apache.kafka.tools.consumer.ConsoleConsumer',
  }
}

/** Java codecs the console producer takes (`--compression-codec`). */
export type JavaCodec = 'gzip' | 'snappy' | 'lz4' | 'zstd'

/** Writes `lines` (one message each, no key) to `topic` with the Java producer compressing with `codec`; resolves once it flushed and exited. */
export async function javaProduce(brokers: string, topic: string, lines: string[], codec: JavaCodec): Promise<void> {
  const { dir, version } = await ensureKafkaLibs()
  const args = [consoleToolClasses(version).producer, '--bootstrap-server', brokers, '--topic', topic, '--compression-codec', codec]
  await runJava(dir, args, lines.join('\n') + '\n', 60_000)
}

/** The values of the first `count` messages of the topics matching `include` (a Java regex), read from the beginning by the Java consumer. */
export async function javaConsume(brokers: string, include: string, count: number, timeoutMs = 60_000): Promise<string[]> {
  const { dir, version } = await ensureKafkaLibs()
  const args = [consoleToolClasses(version).consumer, '--bootstrap-server', brokers, '--include', include, '--from-beginning', '--max-messages', String(count), '--timeout-ms', String(timeoutMs)]
  const out = await runJava(dir, args, '', timeoutMs + 30_000)
  return out.split('\n').filter((line) => line.length > 0)
}

/** Runs a Kafka tool class with the jars of `libs`; resolves with its stdout, rejects with its exit code and the end of its stderr. */
function runJava(libs: string, args: string[], input: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', ['-Xmx256m', '-cp', join(libs, '*'), `-Dlog4j.configuration=file:${log4jPath}`, ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-4000)))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', (error) => reject(new Error('cannot run `java` (install Java 17)', { cause: error })))
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve(stdout)
      else reject(new Error(`java ${args[0]} exited with ${code ?? signal}:\n${stderr}`))
    })
    child.stdin.end(input)
  })
}
