/** @module Offline generator throughput, one core: voters, candidates-shaped records and raw records (with digests) per second. */
import { createRecordFactory } from '../plugins/source-randomuser/record-factory.ts'
import { DEFAULT_PARTIES } from '../plugins/source-randomuser/roles.ts'

interface BenchResult {
  name: string
  value: number
  unit: string
  target?: string
  notes?: string
}

function recordsPerSec(role: 'voter' | 'raw', n: number): number {
  const make = createRecordFactory({ role, seed: 'bench', nowMs: Date.UTC(2025, 0, 1), parties: DEFAULT_PARTIES })
  for (let i = 0; i < 20000; i++) make(i)
  const started = performance.now()
  let keep = 0
  for (let i = 0; i < n; i++) keep += (make(i) as { gender: string }).gender.length
  const seconds = (performance.now() - started) / 1000
  if (keep === 0) throw new Error('generator produced nothing')
  return Math.round(n / seconds)
}

export async function run(): Promise<BenchResult[]> {
  return [
    { name: 'randomuser generator, voter role', value: recordsPerSec('voter', 500000), unit: 'voters/s', target: '≥ 200000', notes: 'one core, records built and mapped, no pipeline' },
    { name: 'randomuser generator, raw role', value: recordsPerSec('raw', 100000), unit: 'records/s', notes: 'includes pure md5+sha1+sha256 of password+salt' },
  ]
}
