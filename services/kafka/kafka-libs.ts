/** @module Fetches the jars of a Kafka version from Maven Central once (services/kafka/pom.xml) and reuses them from .cache/kafka/<version>/libs. */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

export const pomPath = fileURLToPath(new URL('./pom.xml', import.meta.url))
export const log4jPath = fileURLToPath(new URL('./log4j.properties', import.meta.url))
const cacheRoot = fileURLToPath(new URL('../../.cache/kafka', import.meta.url))

/** The Kafka a broker runs unless asked for another (`KAFKA_VERSION`, `npm run kafka -- start --version`). */
export const defaultKafkaVersion = '3.9.1'
/** The newest Kafka on Maven Central: the plugins' tests run against it too (the `kafka-4` test project). */
export const latestKafkaVersion = '4.4.0'

export interface KafkaLibsOptions {
  /** Kafka version (`3.9.1`, `4.4.0`); default `$KAFKA_VERSION`, else the version `$KAFKA_LIBS_DIR` holds, else {@link defaultKafkaVersion}. */
  version?: string
  /** Where the jars go; default `.cache/kafka/<version>/libs` at the project root. */
  dir?: string
  log?: (message: string) => void
}

/** The Kafka version a folder of jars holds, read from its `kafka-clients-<version>.jar`. */
export function kafkaVersionOf(fileNames: readonly string[]): string | undefined {
  for (const name of fileNames) {
    const match = /^kafka-clients-(\d+\.\d+\.\d+)\.jar$/.exec(name)
    if (match) return match[1]
  }
  return undefined
}

/** `3.9.1` → itself; anything else (it goes to Maven as `-Dkafka.version`) is refused with an example. */
export function checkKafkaVersion(version: string): string {
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`Kafka version "${version}" is not a release number (give e.g. ${defaultKafkaVersion} or ${latestKafkaVersion})`)
  return version
}

/**
 * Returns a folder holding every jar a broker of `version` needs, and the version. `$KAFKA_LIBS_DIR`
 * (an existing Kafka's `libs/`) is used when it holds the version asked for. Otherwise the first
 * call runs `mvn dependency:copy-dependencies` (a minute or so on a fresh machine); later calls find
 * the folder stamped with the pom's hash and the version, and return at once.
 */
export async function ensureKafkaLibs(options: KafkaLibsOptions = {}): Promise<{ dir: string; version: string }> {
  const asked = options.version ?? (process.env.KAFKA_VERSION || undefined)
  const fromEnv = process.env.KAFKA_LIBS_DIR
  if (!options.dir && fromEnv) {
    const held = kafkaVersionOf(await readdir(fromEnv).catch(() => []))
    if (asked === undefined || held === asked) return { dir: fromEnv, version: held ?? 'unknown' }
  }
  const version = checkKafkaVersion(asked ?? defaultKafkaVersion)
  const dir = options.dir ?? `${cacheRoot}/${version}/libs`
  const stamp = `${dir}/.tally-pom-sha256`
  const wanted = createHash('sha256').update(await readFile(pomPath)).update(version).digest('hex')
  if (await isStamped(stamp, wanted)) return { dir, version }

  const staging = `${dir}.tmp-${process.pid}`
  await rm(staging, { recursive: true, force: true })
  options.log?.(`fetching Apache Kafka ${version} jars with Maven into ${dir} (first run only)…`)
  await runMaven(['-q', '-B', '-Dstyle.color=never', '-f', pomPath, 'dependency:copy-dependencies', `-Dkafka.version=${version}`, `-DoutputDirectory=${staging}`])
  await writeFile(`${staging}/.tally-pom-sha256`, wanted + '\n')
  if (await isStamped(stamp, wanted)) {
    // Another process (a parallel test run) finished first and may be running a broker from it.
    await rm(staging, { recursive: true, force: true })
    return { dir, version }
  }
  await rm(dir, { recursive: true, force: true })
  await rename(staging, dir)
  return { dir, version }
}

async function isStamped(stamp: string, wanted: string): Promise<boolean> {
  return existsSync(stamp) && (await readFile(stamp, 'utf8')).trim() === wanted
}

function runMaven(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const collect = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-8000))
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    child.on('error', (error) =>
      reject(new Error('cannot fetch the Kafka jars: `mvn` could not be run (install Maven 3 and Java 17, or set KAFKA_BROKERS to a running broker)', { cause: error })),
    )
    child.on('exit', (code) => {
      if (code === 0) resolve()
      else reject(new Error(`cannot fetch the Kafka jars: \`mvn ${args.join(' ')}\` exited with ${code} (is Maven Central reachable? does Kafka ${args.find((a) => a.startsWith('-Dkafka.version='))?.slice(16)} exist?):\n${output}`))
    })
  })
}
