/** @module Offline generator throughput, one core: voters, candidates-shaped records and raw records (with digests) per second. */
import { createRecordFactory } from '../plugins/source-randomuser/record-factory.ts'
import { DEFAULT_PARTIES } from '../plugins/source-randomuser/roles.ts'
import type { BenchResult } from './result.ts'

/** Records per second of wall time, and of this process's CPU time (steadier on a shared machine). */
function recordsPerSec(role: 'voter' | 'raw', n: number): { wall: number; cpu: number } {
  const make = createRecordFactory({ role, seed: 'bench', nowMs: Date.UTC(2025, 0, 1), parties: DEFAULT_PARTIES })
  for (let i = 0; i < 20000; i++) make(i)
  const started = performance.now()
  const cpu = process.cpuUsage()
  let keep = 0
  for (let i = 0; i < n; i++) keep += (make(i) as { gender: string }).gender.length
  const { user, system } = process.cpuUsage(cpu)
  const seconds = (performance.now() - started) / 1000
  if (keep === 0) throw new Error('generator produced nothing')
  return { wall: Math.round(n / seconds), cpu: Math.round(n / ((user + system) / 1e6)) }
}

export async function run(): Promise<BenchResult[]> {
  const voters = recordsPerSec('voter', 500000)
  const raw = recordsPerSec('raw', 100000)
  return [
    { name: 'randomuser generator, voter role', value: voters.wall, unit: 'voters/s', target: '≥ 200000', notes: `one core, records built and mapped, no pipeline; ${voters.cpu}/s per CPU second` },
    { name: 'randomuser generator, raw role', value: raw.wall, unit: 'records/s', notes: `includes md5+sha1+sha256 of password+salt (node:crypto); ${raw.cpu}/s per CPU second` },
  ]
}
