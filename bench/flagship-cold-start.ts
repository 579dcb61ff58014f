/**
 * @module The flagship's cold start, spawn to the first vote row in Postgres: in a new data folder
 * (and so, estimated or measured, on a machine's first run with initdb) and in an initialised one.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import postgres from 'postgres'
import { findBinaries, findServerUser } from '../plugins/sink-postgres/embedded-binaries.ts'
import { initdb } from '../plugins/sink-postgres/embedded-data.ts'
import { cleanUp, createdDatabase, embeddedUrl, flagshipEnv, freshStateDir, lastLines, load, now, spawnPipeline, stopChild } from './flagship-process.ts'
import type { BenchResult } from './result.ts'

const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms))

interface StartTiming {
  firstVoteMs: number
  /** Milliseconds after spawn at which the CLI said it was running (config loaded), and the server reported itself up. */
  runningMs: number
  serverUpMs: number
  created: { how: string; ms: number }
  serverStartMs: number
}

/**
 * Spawns the flagship at its default pace, polls Postgres for the first vote row, then stops the run
 * (Ctrl-C drains it). Each run writes to a schema of its own, so the votes of an earlier run in the
 * same data folder are not mistaken for new ones (and it does not resume from that run's checkpoint).
 */
async function startToFirstVote(config: string, dir: string, runNumber: number): Promise<StartTiming> {
  const schema = `start_${runNumber}`
  const env = flagshipEnv({ VOTERS: '20000', DATABASE_SCHEMA: schema })
  const proc = spawnPipeline(['run', config, '--exit-when-done', '--progress', 'none', '--state-dir', dir], env)
  const seen = new Map<string, number>()
  proc.child.stderr!.on('data', () => {
    const text = proc.stderr()
    for (const [name, pattern] of [['running', /^running /m], ['server', /embedded Postgres started on/]] as const) if (!seen.has(name) && pattern.test(text)) seen.set(name, now())
  })
  let exitedEarly = false
  void proc.exited.then(() => (exitedEarly = true))
  const deadline = performance.now() + 60_000
  try {
    let url: string | undefined
    while (!(url = embeddedUrl(dir, proc.child.pid))) {
      if (exitedEarly || performance.now() > deadline) throw new Error(`the flagship did not start its embedded Postgres: ${lastLines(proc.stderr())}`)
      await sleep(2)
    }
    const sql = postgres(url, { max: 1, onnotice: () => {} })
    try {
      for (;;) {
        if (exitedEarly || performance.now() > deadline) throw new Error(`no vote reached Postgres within 60 s: ${lastLines(proc.stderr())}`)
        const found = await sql`select exists (select 1 from ${sql(schema)}.votes) as found`.then(
          (rows) => rows[0]!.found === true,
          (error: { code?: string }) => {
            if (error.code === '42P01') return false // the sink has not created the table yet
            throw error
          },
        )
        if (found) break
        await sleep(2)
      }
    } finally {
      await sql.end({ timeout: 1 })
    }
    const at = now()
    const text = proc.stderr()
    return {
      firstVoteMs: at - proc.spawnedAt,
      runningMs: (seen.get('running') ?? Number.NaN) - proc.spawnedAt,
      serverUpMs: (seen.get('server') ?? Number.NaN) - proc.spawnedAt,
      created: createdDatabase(text),
      serverStartMs: Number(/embedded Postgres started on \S+ in (\d+) ms/.exec(text)?.[1] ?? Number.NaN),
    }
  } finally {
    stopChild(proc)
    const exit = await proc.exited
    if (exit.code !== 0 && !exitedEarly) throw new Error(`the flagship exited with ${exit.code ?? exit.signal} after Ctrl-C: ${lastLines(proc.stderr())}`)
  }
}

/** Cold starts of `config`: one in a new data folder, then `warmStarts` in the same folder (median reported). */
export async function coldStarts(config: string, warmStarts: number): Promise<BenchResult[]> {
  const dir = freshStateDir('start')
  try {
    const loadBefore = load()
    const fresh = await startToFirstVote(config, dir, 0)
    const warm: StartTiming[] = []
    for (let i = 1; i <= warmStarts; i++) warm.push(await startToFirstVote(config, dir, i))
    warm.sort((a, b) => a.firstVoteMs - b.firstVoteMs)
    const median = warm[Math.floor(warm.length / 2)]!
    const initdbMs = fresh.created.how === 'initdb' ? fresh.created.ms : await timeInitdb()
    const breakdown = (t: StartTiming) => `CLI running (config loaded) at ${Math.round(t.runningMs)} ms, Postgres up at ${Math.round(t.serverUpMs)} ms (database ${t.created.how}${t.created.ms ? ` ${t.created.ms} ms` : ''}, server start ${t.serverStartMs} ms), first vote row at ${Math.round(t.firstVoteMs)} ms`
    return [
      {
        name: 'flagship: cold start to the first vote in Postgres, initialised data folder',
        value: Math.round(median.firstVoteMs),
        unit: 'ms',
        target: '≤ 1,000 ms',
        notes: `median of ${warmStarts} runs (${warm.map((t) => Math.round(t.firstVoteMs)).join(', ')} ms) from spawning \`node bin/pipeline.js run\` to the first row in \`votes\` (polled every 2 ms); median run: ${breakdown(median)}; load average ${loadBefore} before, ${load()} after`,
      },
      {
        name: 'flagship: cold start to the first vote in Postgres, new data folder',
        value: Math.round(fresh.firstVoteMs),
        unit: 'ms',
        target: '≤ 2,000 ms',
        notes: `${breakdown(fresh)}; load average ${loadBefore}`,
      },
      {
        name: 'flagship: cold start to the first vote in Postgres, first run on a machine (initdb)',
        value: Math.round(fresh.created.how === 'initdb' ? fresh.firstVoteMs : fresh.firstVoteMs - fresh.created.ms + initdbMs),
        unit: 'ms',
        target: '≤ 2,000 ms',
        notes:
          fresh.created.how === 'initdb'
            ? `measured: this run made the machine's template with initdb (${initdbMs} ms)`
            : `estimated: the new-folder run with its template copy (${fresh.created.ms} ms) replaced by an initdb measured alone (${Math.round(initdbMs)} ms); the sink runs initdb once per machine and copies that template afterwards`,
      },
    ]
  } finally {
    const leftover = await cleanUp(dir)
    if (leftover) throw new Error(leftover)
  }
}

/** One initdb into a scratch folder, as the sink makes its per-machine template. */
async function timeInitdb(): Promise<number> {
  const dir = freshStateDir('initdb')
  try {
    const user = findServerUser()
    const binaries = await findBinaries(user)
    mkdirSync(join(dir, 'template'), { mode: 0o755 })
    const started = performance.now()
    initdb(binaries, join(dir, 'template', 'data'), join(dir, 'template', 'password'), user)
    return performance.now() - started
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
