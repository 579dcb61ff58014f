/** @module Benchmark: sustained voters + votes + aggregates written by the postgres sink to the embedded server, and the server's cold and warm start. */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { Value } from '@sinclair/typebox/value'
import type { Event, SinkInstance } from '../core/plugin.ts'
import { createTestContext } from '../core/testing/test-context.ts'
import { PostgresSinkConfigSchema, type PostgresSinkConfig } from '../plugins/sink-postgres/config.ts'
import { range, totalsPerCandidate, turnoutByState, vote, voter } from '../plugins/sink-postgres/election-fixtures.ts'
import { startEmbeddedPostgres } from '../plugins/sink-postgres/embedded.ts'
import { findBinaries, findServerUser } from '../plugins/sink-postgres/embedded-binaries.ts'
import { initdb } from '../plugins/sink-postgres/embedded-data.ts'
import { readLock } from '../plugins/sink-postgres/embedded-process.ts'
import postgresSink from '../plugins/sink-postgres/index.ts'
import type { BenchResult } from './result.ts'

const VOTERS = 200_000

/** CPU milliseconds used so far by the server: the postmaster and its children (backends, WAL writer, checkpointer). Linux only. */
function serverCpuMs(postmaster: number): number {
  let ticks = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')
      if (Number(entry) === postmaster || Number(fields[1]) === postmaster) ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      continue // the process ended between listing and reading: its time is lost either way
    }
  }
  return ticks * 10
}

/**
 * Writes VOTERS voters, their votes and running aggregates in batches of `batch`, as the engine
 * does: each input in order, inputs side by side up to the sink's `concurrency` (`sequential`: one
 * write at a time), and a votes batch only once its voters' batch went to the sink (in the
 * pipeline the votes are made from those voters).
 */
async function sustained(url: string, postmaster: number, batch: number, sequential = false): Promise<{ rowsPerSec: number; rowsPerCpuSec: number; rows: number; seconds: number; connections: number }> {
  const config = Value.Default(PostgresSinkConfigSchema, { url, schema: `bench_${batch}${sequential ? '_seq' : ''}`, ...(sequential ? { maxConnections: 1 } : {}) }) as PostgresSinkConfig
  const sink = postgresSink.create(createTestContext({ nodeId: 'db' }), config) as SinkInstance
  await sink.start?.()
  const emit = () => undefined
  // Prepared before timing: batches of voters, of votes, and the running totals after each batch.
  const batches: { voters: Event[]; votes: Event[]; byCandidate: Event[]; byState: Event[] }[] = []
  const totals = new Map<string, number>()
  const turnout = new Map<string, number>()
  for (let i = 0; i < VOTERS; i += batch) {
    const votes = range(i, Math.min(VOTERS, i + batch), (k) => vote(k))
    for (const row of totalsPerCandidate(votes)) totals.set(row._key as string, (totals.get(row._key as string) ?? 0) + (row.total_votes as number))
    for (const row of turnoutByState(votes)) turnout.set(row._key as string, (turnout.get(row._key as string) ?? 0) + (row.count as number))
    const byCandidate = totalsPerCandidate(votes).map((row) => ({ ...row, total_votes: totals.get(row._key as string) }))
    const byState = turnoutByState(votes).map((row) => ({ ...row, count: turnout.get(row._key as string) }))
    batches.push({ voters: range(i, Math.min(VOTERS, i + batch), voter), votes, byCandidate, byState })
  }
  let rows = 0
  const started = performance.now()
  const cpu = { node: process.cpuUsage(), server: serverCpuMs(postmaster) }
  const inputs = [
    { input: { role: 'voters', from: 'voters' }, events: (b: (typeof batches)[number]) => b.voters },
    { input: { role: 'votes', from: 'votes' }, events: (b: (typeof batches)[number]) => b.votes },
    { input: { role: 'aggregates', from: 'by_candidate' }, events: (b: (typeof batches)[number]) => b.byCandidate },
    { input: { role: 'aggregates', from: 'by_state' }, events: (b: (typeof batches)[number]) => b.byState },
  ]
  if ((sink.concurrency ?? 1) <= 1) {
    for (const b of batches) for (const { input, events } of inputs) await sink.write(events(b), input, emit)
  } else {
    // One loop per input; the sink's own WriteOrder holds a votes batch while its voters are being written.
    const votersSent: Promise<void>[] = []
    const sent = batches.map(() => {
      let mark = () => undefined as void
      votersSent.push(new Promise<void>((resolve) => (mark = resolve)))
      return () => mark()
    })
    await Promise.all(
      inputs.map(async ({ input, events }) => {
        for (let i = 0; i < batches.length; i++) {
          if (input.from !== 'voters') await votersSent[i]
          const writing = sink.write(events(batches[i]!), input, emit)
          if (input.from === 'voters') sent[i]!()
          await writing
        }
      }),
    )
  }
  for (const b of batches) rows += b.voters.length + b.votes.length + b.byCandidate.length + b.byState.length
  const seconds = (performance.now() - started) / 1000
  const nodeCpu = process.cpuUsage(cpu.node)
  const cpuSeconds = (nodeCpu.user + nodeCpu.system) / 1e6 + (serverCpuMs(postmaster) - cpu.server) / 1000
  await sink.stop?.()
  return { rowsPerSec: Math.round(rows / seconds), rowsPerCpuSec: Math.round(rows / cpuSeconds), rows, seconds, connections: config.maxConnections }
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tally-postgres-bench-'))
  chmodSync(dir, 0o755)
  const results: BenchResult[] = []
  try {
    const initdbStarted = performance.now()
    const user = findServerUser()
    mkdirSync(join(dir, 'initdb'), { mode: 0o755 })
    initdb(await findBinaries(user), join(dir, 'initdb', 'data'), join(dir, 'initdb', 'password'), user)
    const initdbMs = performance.now() - initdbStarted
    const cold = await startEmbeddedPostgres({ dir: join(dir, 'server'), reset: true })
    await cold.stop()
    const warm = await startEmbeddedPostgres({ dir: join(dir, 'server') })
    results.push({ name: 'embedded Postgres: first start on a machine (initdb of the template)', value: Math.round(initdbMs + cold.timings.startMs), unit: 'ms', target: '≤ 2000 ms to first vote', notes: `initdb ${Math.round(initdbMs)} ms + start ${Math.round(cold.timings.startMs)} ms` })
    results.push({ name: 'embedded Postgres: new database (template copy + start)', value: Math.round(cold.timings.createMs + cold.timings.startMs), unit: 'ms', target: '≤ 2000 ms to first vote', notes: `copy ${Math.round(cold.timings.createMs)} ms + start ${Math.round(cold.timings.startMs)} ms` })
    results.push({ name: 'embedded Postgres: start with kept data', value: Math.round(warm.timings.startMs), unit: 'ms' })
    for (const [batch, sequential] of [[1000, false], [5000, false], [10_000, false], [5000, true]] as const) {
      const r = await sustained(warm.url, readLock(warm.dataDir)!.pid, batch, sequential)
      results.push({
        name: `postgres sink: voters + votes + aggregates, batch ${batch}${sequential ? ', one write at a time' : ''}`,
        value: r.rowsPerSec,
        unit: 'rows/s',
        target: batch === 5000 && !sequential ? '≥ 150,000 rows/s' : undefined,
        notes: `${r.rows.toLocaleString('en')} rows in ${r.seconds.toFixed(1)} s, ${r.rowsPerCpuSec.toLocaleString('en')} rows per CPU-second (node + postgres), load average ${loadavg()[0]!.toFixed(1)}; ${sequential ? 'maxConnections 1' : `inputs side by side (maxConnections ${r.connections})`}; one INSERT … SELECT FROM unnest($n::text[]) statement per batch and table, ON CONFLICT; votes in one statement with their candidates (voter rows added only when a voter is missing)`,
      })
    }
    await warm.stop()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return results
}
