/** @module Voting simulator throughput, one core: votes cast per second from pre-generated voters (uniform and demographic choice). */
import type { Event } from '../core/plugin.ts'
import { createRecordFactory } from '../plugins/source-randomuser/record-factory.ts'
import { DEFAULT_PARTIES } from '../plugins/source-randomuser/roles.ts'
import { createSimulator, type SimulatorSettings } from '../plugins/voting/simulator.ts'
import type { BenchResult } from './result.ts'

const VOTERS = 500000
const BATCH = 1000

function records(role: 'voter' | 'candidate', seed: string, n: number): Event[] {
  const make = createRecordFactory({ role, seed, nowMs: Date.UTC(2025, 0, 1), parties: DEFAULT_PARTIES })
  return Array.from({ length: n }, (_, i) => make(i))
}

/**
 * Casts `ids.length` votes. Voter objects come from a small pool whose voter_id is overwritten per batch, so the heap
 * stays the size a streaming pipeline's would (holding 500k voters at once would make the benchmark measure the GC).
 */
function votesPerSec(pool: Event[], ids: string[], candidates: Event[], settings: Partial<SimulatorSettings>): { wall: number; cpu: number } {
  const simulator = createSimulator({
    seed: 'bench', choice: 'uniform', skew: 0.5, turnout: 1, durationMs: 3600000, expectedVoters: ids.length,
    jitterMs: 1000, lateFraction: 0.01, lateByMs: 120000, startMs: Date.UTC(2025, 4, 1), ...settings,
  })
  simulator.addCandidates(candidates)
  const started = performance.now()
  const cpu = process.cpuUsage()
  let votes = 0
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = pool.slice(i % pool.length, (i % pool.length) + BATCH)
    for (let j = 0; j < batch.length; j++) batch[j]!.voter_id = ids[i + j]
    votes += simulator.cast(batch, Date.UTC(2025, 4, 1)).votes.length
  }
  const { user, system } = process.cpuUsage(cpu)
  const seconds = (performance.now() - started) / 1000
  if (votes !== ids.length) throw new Error(`expected ${ids.length} votes, got ${votes}`)
  return { wall: Math.round(votes / seconds), cpu: Math.round(votes / ((user + system) / 1e6)) }
}

export async function run(): Promise<BenchResult[]> {
  const pool = records('voter', 'bench-voters', 20 * BATCH)
  const ids = Array.from({ length: VOTERS }, (_, i) => `${(i + 1).toString(16).padStart(8, '0')}-7724-4577-a803-bb88e36c6cbe`)
  const candidates = records('candidate', 'bench-candidates', 3)
  votesPerSec(pool, ids.map((id) => `w${id}`).slice(0, 50000), candidates, {})
  const uniform = votesPerSec(pool, ids, candidates, {})
  const demographic = votesPerSec(pool, ids, candidates, { choice: 'demographic' })
  return [
    { name: 'voting simulator, uniform choice', value: uniform.wall, unit: 'votes/s', target: '≥ 500000', notes: `one core, ${VOTERS} distinct voters: checks, dedupe, vote records, no pipeline; ${uniform.cpu}/s per CPU second` },
    { name: 'voting simulator, demographic choice', value: demographic.wall, unit: 'votes/s', notes: `state and age-band tilts; ${demographic.cpu}/s per CPU second` },
  ]
}
