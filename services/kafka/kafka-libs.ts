/** @module Fetches the Kafka broker jars from Maven Central once (services/kafka/pom.xml) and reuses them from .cache/kafka/libs. */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

export const pomPath = fileURLToPath(new URL('./pom.xml', import.meta.url))
export const log4jPath = fileURLToPath(new URL('./log4j.properties', import.meta.url))
const defaultCacheDir = fileURLToPath(new URL('../../.cache/kafka/libs', import.meta.url))

export interface KafkaLibsOptions {
  /** Where the jars go; defaults to `.cache/kafka/libs` at the project root, or `$KAFKA_LIBS_DIR` (an existing Kafka's libs/). */
  dir?: string
  log?: (message: string) => void
}

/**
 * Returns a folder holding every jar the broker needs. The first call runs
 * `mvn dependency:copy-dependencies` (a minute or so on a fresh machine); later calls find the
 * folder stamped with the pom's hash and return at once.
 */
export async function ensureKafkaLibs(options: KafkaLibsOptions = {}): Promise<string> {
  const fromEnv = process.env.KAFKA_LIBS_DIR
  if (!options.dir && fromEnv) return fromEnv
  const dir = options.dir ?? defaultCacheDir
  const stamp = `${dir}/.tally-pom-sha256`
  const wanted = createHash('sha256').update(await readFile(pomPath)).digest('hex')
  if (await isStamped(stamp, wanted)) return dir

  const staging = `${dir}.tmp-${process.pid}`
  await rm(staging, { recursive: true, force: true })
  options.log?.(`fetching Apache Kafka jars with Maven into ${dir} (first run only)…`)
  await runMaven(['-q', '-B', '-Dstyle.color=never', '-f', pomPath, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`])
  await writeFile(`${staging}/.tally-pom-sha256`, wanted + '\n')
  if (await isStamped(stamp, wanted)) {
    // Another process (a parallel test run) finished first and may be running a broker from it.
    await rm(staging, { recursive: true, force: true })
    return dir
  }
  await rm(dir, { recursive: true, force: true })
  await rename(staging, dir)
  return dir
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
      else reject(new Error(`cannot fetch the Kafka jars: \`mvn ${args.join(' ')}\` exited with ${code} (is Maven Central reachable?):\n${output}`))
    })
  })
}
