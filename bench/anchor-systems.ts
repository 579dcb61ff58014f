/**
 * @module The two systems of the anchor benchmark as child processes doing the classic job on a
 * given votes topic into given output topics: Apache Flink (bench/anchors/flink, a fat jar run with
 * `java -jar` as a local mini-cluster) and tally (`pipeline run bench/anchors/tally-classic.yaml`).
 * Both run until stopped, from the earliest offset, in a fresh consumer group.
 */
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { OutputTopics } from './anchor-totals.ts'
import { freshStateDir, lastLines, now, root, spawnPipeline } from './flagship-process.ts'

/** `tally-parallel`: the same config with `settings.parallelism: 2` (two worker threads). */
export type SystemName = 'flink' | 'tally' | 'tally-parallel'

export interface Job {
  brokers: string
  votesTopic: string
  group: string
  out: OutputTopics
}

export interface RunningSystem {
  pid: number
  /** `now()` just before the spawn. */
  spawnedAt: number
  /** Why it is no longer running, if it ended. */
  ended(): string | undefined
  /** Stops it (Flink: SIGTERM; tally: Ctrl-C, which drains) and waits for the exit, SIGKILL after 20 s. */
  stop(): Promise<void>
}

const FLINK_DIR = join(root, 'bench/anchors/flink')
export const FLINK_JAR = join(FLINK_DIR, 'target/flink-anchor.jar')

/** `mvn -q package` of the Flink job (Flink and its Kafka connector from Maven Central; cached in ~/.m2 after the first build). */
export function buildFlinkJob(): void {
  try {
    execFileSync('mvn', ['-q', '-B', 'package'], { cwd: FLINK_DIR, stdio: 'pipe', encoding: 'utf8' })
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string }
    throw new Error(`anchor bench: mvn package failed in ${FLINK_DIR}: ${lastLines(`${stdout ?? ''}${stderr ?? ''}`)}`)
  }
  if (!existsSync(FLINK_JAR)) throw new Error(`anchor bench: mvn package did not produce ${FLINK_JAR}`)
}

/** A child process's exit as a RunningSystem: `kill` starts the stop. */
function supervise(pid: number, spawnedAt: number, exited: Promise<unknown>, kill: () => void, forceKill: () => void, output: () => string): RunningSystem {
  let ended: string | undefined
  void exited.then((exit) => (ended = `exited (${JSON.stringify(exit)}): ${lastLines(output())}`))
  return {
    pid,
    spawnedAt,
    ended: () => ended,
    async stop() {
      if (ended !== undefined) return
      kill()
      const force = setTimeout(forceKill, 20_000)
      await exited
      clearTimeout(force)
    },
  }
}

function startFlink(job: Job): RunningSystem {
  const javaOptions = (process.env.ANCHOR_FLINK_JAVA_OPTS ?? '').split(' ').filter(Boolean)
  const args = [...javaOptions, '-jar', FLINK_JAR, '--brokers', job.brokers, '--topic', job.votesTopic, '--group', job.group, '--candidates-topic', job.out.candidates, '--states-topic', job.out.states, '--parallelism', '2']
  let output = ''
  const spawnedAt = now()
  const child = spawn('java', args, { cwd: FLINK_DIR, stdio: ['ignore', 'pipe', 'pipe'] })
  for (const stream of [child.stdout, child.stderr]) stream.setEncoding('utf8').on('data', (chunk: string) => void (output += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  return supervise(child.pid!, spawnedAt, exited, () => child.kill('SIGTERM'), () => child.kill('SIGKILL'), () => output)
}

function startTally(job: Job, parallelism: number): RunningSystem {
  const stateDir = freshStateDir('anchor')
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v
  Object.assign(env, { KAFKA_BROKERS: job.brokers, VOTES_TOPIC: job.votesTopic, GROUP_ID: job.group, CANDIDATES_TOPIC: job.out.candidates, STATES_TOPIC: job.out.states, IDLE_STOP_MS: '0', PARALLELISM: String(parallelism) })
  const run = spawnPipeline(['run', 'bench/anchors/tally-classic.yaml', '--exit-when-done', '--progress', 'none', '--http', 'off', '--state-dir', stateDir], env)
  const exited = run.exited.finally(() => rmSync(stateDir, { recursive: true, force: true }))
  return supervise(run.child.pid!, run.spawnedAt, exited, () => run.child.kill('SIGINT'), () => run.child.kill('SIGKILL'), () => run.stderr() + run.stdout())
}

export function startSystem(name: SystemName, job: Job): RunningSystem {
  return name === 'flink' ? startFlink(job) : startTally(job, name === 'tally-parallel' ? 2 : 1)
}
