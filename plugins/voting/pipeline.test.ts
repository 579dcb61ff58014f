import { describe, expect, it, vi } from 'vitest'
import { createManualClock } from '../../core/clock.ts'
import { createPipeline, runPipeline } from '../../index.ts'
import type { PluginDefinition } from '../../core/plugin.ts'
import { memoryCollection } from '../../core/testing/memory-sink.ts'
import { createRecordFactory } from '../source-randomuser/record-factory.ts'
import { DEFAULT_PARTIES } from '../source-randomuser/roles.ts'
import randomuser from '../source-randomuser/index.ts'
import voting from './index.ts'

const registry = [randomuser, voting] as PluginDefinition[]

describe('randomuser → voting in a pipeline', () => {
  it('casts one vote per generated voter for one of the three default candidates', async () => {
    const tag = `e2e-${process.pid}-${Date.now()}`
    const result = await runPipeline(
      {
        name: 'election',
        nodes: {
          candidates: { use: 'randomuser', with: { role: 'candidate', seed: 7 } },
          voters: { use: 'randomuser', with: { count: 5000, seed: 42 } },
          votes: { use: 'voting', from: { voters: 'voters', candidates: 'candidates' }, with: { ratePerSec: 0 } },
          votes_out: { use: 'memory-sink', from: 'votes', with: { collection: `${tag}-votes` } },
          dead_out: { use: 'memory-sink', from: 'votes.dead', with: { collection: `${tag}-dead` } },
        },
      },
      { registry, log: { info: () => undefined, warn: () => undefined, error: () => undefined } },
    )
    expect(result.error).toBeUndefined()
    expect(result.ok).toBe(true)
    const votes = memoryCollection(`${tag}-votes`).events
    expect(votes).toHaveLength(5000)
    expect(new Set(votes.map((v) => v.voter_id)).size).toBe(5000)
    expect(new Set(votes.map((v) => v.party_affiliation))).toEqual(new Set(['Management Party', 'Savior Party', 'Tech Republic Party']))
    expect(memoryCollection(`${tag}-dead`).events).toEqual([])
  })

  it('routes replayed voters to the dead port and still votes once for each', async () => {
    const tag = `e2e-dups-${process.pid}-${Date.now()}`
    const make = createRecordFactory({ role: 'voter', seed: 'dups', nowMs: Date.UTC(2025, 0, 1), parties: DEFAULT_PARTIES })
    const voters = Array.from({ length: 100 }, (_, i) => make(i))
    const result = await runPipeline(
      {
        name: 'election',
        nodes: {
          candidates: { use: 'randomuser', with: { role: 'candidate' } },
          voters: { use: 'memory-source', with: { events: [...voters, ...voters.slice(40, 60)], batchSize: 30 } },
          votes: { use: 'voting', from: { voters: 'voters', candidates: 'candidates' }, with: { ratePerSec: 0 } },
          votes_out: { use: 'memory-sink', from: 'votes', with: { collection: `${tag}-votes` } },
          dead_out: { use: 'memory-sink', from: 'votes.dead', with: { collection: `${tag}-dead` } },
        },
      },
      { registry, log: { info: () => undefined, warn: () => undefined, error: () => undefined } },
    )
    expect(result.ok).toBe(true)
    expect(memoryCollection(`${tag}-votes`).events).toHaveLength(100)
    const dead = memoryCollection(`${tag}-dead`).events
    expect(dead.map((d) => d.voter_id)).toEqual(voters.slice(40, 60).map((v) => v.voter_id))
    expect(new Set(dead.map((d) => d.reason))).toEqual(new Set(['duplicate_vote']))
    expect(result.metrics.nodes.find((n) => n.id === 'votes')).toMatchObject({ dead: 20, custom: expect.objectContaining({ duplicates: 20 }) })
  })

  it('fails naming the node when the candidates stream yields no candidate', async () => {
    const result = await runPipeline(
      {
        name: 'election',
        nodes: {
          candidates: { use: 'randomuser', with: { role: 'candidate', count: 0 } },
          voters: { use: 'randomuser', with: { count: 10 } },
          votes: { use: 'voting', from: { voters: 'voters', candidates: 'candidates' }, with: { ratePerSec: 0, candidatesTimeoutMs: 0 } },
          out: { use: 'memory-sink', from: 'votes', with: { collection: `no-candidates-${process.pid}` } },
        },
      },
      { registry, log: { info: () => undefined, warn: () => undefined, error: () => undefined } },
    )
    expect(result.ok).toBe(false)
    expect(result.error?.message).toMatch(/^node `votes` \(voting\) failed in process\(\): voters arrived but no candidates did within 0 ms; wire a candidates stream/)
  })

  it('votes every voter in flight at full speed once a graceful stop begins (the clock never moves)', async () => {
    const tag = `e2e-stop-${process.pid}-${Date.now()}`
    const make = createRecordFactory({ role: 'voter', seed: 'stop', nowMs: Date.UTC(2025, 0, 1), parties: DEFAULT_PARTIES })
    const pipeline = createPipeline(
      {
        name: 'election',
        nodes: {
          candidates: { use: 'randomuser', with: { role: 'candidate' } },
          voters: { use: 'memory-source', with: { events: Array.from({ length: 1000 }, (_, i) => make(i)), batchSize: 1000 } },
          // 100 votes/s: 10 s of clock for the batch, and this clock only moves when told.
          votes: { use: 'voting', from: { voters: 'voters', candidates: 'candidates' }, with: { ratePerSec: 100 } },
          votes_out: { use: 'memory-sink', from: 'votes', with: { collection: `${tag}-votes` } },
        },
      },
      { registry, clock: createManualClock(Date.UTC(2026, 0, 1)), log: { info: () => undefined, warn: () => undefined, error: () => undefined } },
    )
    await pipeline.start()
    const votes = () => pipeline.metrics().nodes.find((n) => n.id === 'votes')!
    // The first step goes at once; then the voting waits for a clock that does not move.
    await vi.waitFor(() => expect(votes().custom.seen_voters).toBeGreaterThan(0))
    expect(votes().custom.seen_voters).toBeLessThan(1000)
    const result = await pipeline.stop()
    expect(result.error).toBeUndefined()
    expect(votes().custom.seen_voters).toBe(1000)
    expect(memoryCollection(`${tag}-votes`).events).toHaveLength(1000)
  })
})
