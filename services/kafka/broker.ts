/** @module Starts and stops a real single-node Apache Kafka broker (KRaft, broker + controller in one JVM) on 127.0.0.1. */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, openSync, closeSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findFreePort } from './free-port.ts'
import { ensureKafkaLibs, log4jPath } from './kafka-libs.ts'
import { probeKafka } from './kafka-probe.ts'
import { toServerProperties, type ExtraListener } from './server-properties.ts'

export interface KafkaBrokerOptions {
  /** Kafka version (`3.9.1`, `4.4.0`); default `$KAFKA_VERSION`, else 3.9.1 (kafka-libs.ts). */
  version?: string
  /** Client port; 0 or absent picks a free one. */
  port?: number
  /** KRaft controller port; 0 or absent picks a free one. */
  controllerPort?: number
  /** Broker state. Reused when already formatted (restart keeps topics and offsets); kept on stop. Absent: a temp dir removed on stop. */
  dataDir?: string
  /** Partitions of auto-created topics. */
  partitions?: number
  heapMb?: number
  /** Keep the broker running after this process exits (the `npm run kafka -- start` CLI). */
  detached?: boolean
  readyTimeoutMs?: number
  log?: (message: string) => void
  /** Listeners besides PLAINTEXT (SASL_SSL, …), each on `port` or a free one; configure them with `properties`. */
  listeners?: (Omit<ExtraListener, 'port'> & { port?: number })[]
  /** More server.properties entries (`listener.name.<name>.…`, `ssl.*`). */
  properties?: Record<string, string | number>
  /** SCRAM credentials stored when storage is formatted (`--add-scram`); ignored for a data dir formatted already. */
  scramUsers?: { mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; username: string; password: string }[]
}

export interface KafkaBroker {
  /** Bootstrap address, `127.0.0.1:<port>`. */
  url: string
  /** Bootstrap address of each extra listener, by name. */
  listeners: Record<string, string>
  port: number
  controllerPort: number
  dataDir: string
  /** The Kafka version running, and the folder of its jars (for its command-line tools: `java -cp '<libsDir>/*' …`). */
  version: string
  libsDir: string
  pid: number
  /** The broker's own log (stdout and stderr of the JVM). */
  logFile: string
  /** Stops the broker (SIGTERM, then SIGKILL after `timeoutMs`). Idempotent. */
  stop(timeoutMs?: number): Promise<void>
}

const host = '127.0.0.1'

/** Formats storage if needed, launches `kafka.Kafka`, and resolves once the broker answers an ApiVersions request. */
export async function startKafkaBroker(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
  const { dir: libs, version } = await ensureKafkaLibs({ version: options.version, log: options.log })
  const ownsDataDir = options.dataDir === undefined
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'tally-kafka-')))
  await mkdir(dataDir, { recursive: true })
  const port = options.port || (await findFreePort())
  const controllerPort = options.controllerPort || (await findFreePort())
  const propertiesFile = join(dataDir, 'server.properties')
  const logDir = join(dataDir, 'log')
  const logFile = join(dataDir, 'broker.log')
  const listeners: ExtraListener[] = []
  for (const l of options.listeners ?? []) listeners.push({ ...l, port: l.port || (await findFreePort()) })
  await writeFile(propertiesFile, toServerProperties({ port, controllerPort, logDir, partitions: options.partitions ?? 3, listeners, properties: options.properties }))
  const classpath = ['-cp', join(libs, '*'), `-Dlog4j.configuration=file:${log4jPath}`, `-Dkafka.logs.dir=${join(dataDir, 'logs')}`]

  if (!existsSync(join(logDir, 'meta.properties'))) {
    const clusterId = newClusterId()
    const scram = (options.scramUsers ?? []).flatMap((u) => ['--add-scram', `${u.mechanism}=[name=${u.username},password=${u.password}]`])
    await runJava(['-Xmx256m', ...classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', propertiesFile, '--ignore-formatted', ...scram])
  }

  const out = openSync(logFile, 'a')
  const child = spawn('java', [`-Xmx${options.heapMb ?? 512}m`, '-Xms64m', '-XX:+UseG1GC', '-Djava.awt.headless=true', ...classpath, 'kafka.Kafka', propertiesFile], {
    stdio: ['ignore', out, out],
    detached: options.detached ?? false,
  })
  closeSync(out)
  const pid = child.pid
  if (pid === undefined) throw new Error('cannot start the Kafka broker: `java` could not be run (install Java 17)')
  const killOnExit = () => void child.kill('SIGKILL')
  if (options.detached) child.unref()
  else process.once('exit', killOnExit)

  let stopping: Promise<void> | undefined
  const broker: KafkaBroker = {
    url: `${host}:${port}`,
    listeners: Object.fromEntries(listeners.map((l) => [l.name, `${host}:${l.port}`])),
    port,
    controllerPort,
    dataDir,
    version,
    libsDir: libs,
    pid,
    logFile,
    stop(timeoutMs = 30_000) {
      stopping ??= (async () => {
        process.removeListener('exit', killOnExit)
        await stopKafkaProcess(pid, timeoutMs)
        if (ownsDataDir) await rm(dataDir, { recursive: true, force: true })
      })()
      return stopping
    },
  }
  try {
    await waitUntilReady(child, port, logFile, options.readyTimeoutMs ?? 120_000)
  } catch (error) {
    await broker.stop(5_000)
    throw error
  }
  return broker
}

/** SIGTERM (Kafka shuts down cleanly), then SIGKILL once `timeoutMs` passed. Resolves when the process is gone. */
export async function stopKafkaProcess(pid: number, timeoutMs = 30_000): Promise<void> {
  if (!signal(pid, 'SIGTERM')) return
  const deadline = Date.now() + timeoutMs
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      signal(pid, 'SIGKILL')
      await pause(100)
      if (isAlive(pid)) throw new Error(`the Kafka broker (pid ${pid}) survived SIGKILL`)
      return
    }
    await pause(50)
  }
}

export function isAlive(pid: number): boolean {
  return signal(pid, 0)
}

/** Sends a signal; false when the process does not exist. */
function signal(pid: number, name: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, name)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false
    throw new Error(`cannot signal the Kafka broker (pid ${pid})`, { cause: error })
  }
}

async function waitUntilReady(child: ChildProcess, port: number, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await probeKafka(host, port, 1000))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the Kafka broker exited during startup (code ${child.exitCode ?? child.signalCode}); last lines of ${logFile}:\n${await tail(logFile)}`)
    }
    if (Date.now() > deadline) throw new Error(`the Kafka broker did not answer on ${host}:${port} within ${timeoutMs} ms; last lines of ${logFile}:\n${await tail(logFile)}`)
    await pause(100)
  }
}

/** A KRaft cluster id (16 random bytes, base64url) that does not start with `-`, which StorageTool's argument parser would read as an option. */
export function newClusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(16).toString('base64url')
    if (!id.startsWith('-')) return id
  }
}

function runJava(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const collect = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000))
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    child.on('error', (error) => reject(new Error('cannot format Kafka storage: `java` could not be run (install Java 17)', { cause: error })))
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`kafka.tools.StorageTool format exited with ${code}:\n${output}`))))
  })
}

async function tail(file: string, lines = 30): Promise<string> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => `(cannot read ${file}: ${String(error)})`)
  return text.split('\n').slice(-lines).join('\n')
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
