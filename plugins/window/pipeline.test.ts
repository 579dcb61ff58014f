import { describe, expect, it } from 'vitest'
import { runPipeline } from '../../index.ts'
import type { Event } from '../../core/plugin.ts'
import { memoryCollection } from '../../core/testing/memory-sink.ts'
import window from './index.ts'

const T0 = Date.UTC(2026, 0, 1, 10)
const time = (seconds: number) => new Date(T0 + seconds * 1000).toISOString().slice(0, 19).replace('T', ' ')
const unique = (name: string) => `${name}-${Math.random().toString(36).slice(2)}`

describe('window in a pipeline', () => {
  it('aggregates a stream per minute, routing late and unreadable events to their ports', async () => {
    const votes: Event[] = Array.from({ length: 600 }, (_, i) => ({ candidate_id: `c${i % 3}`, voting_time: time(i) }))
    votes.push({ candidate_id: 'c0', voting_time: time(5) }, { candidate_id: 'c1', voting_time: 'not a time' })
    const [out, late, dead] = [unique('out'), unique('late'), unique('dead')]
    const result = await runPipeline(
      {
        name: 'window-test',
        nodes: {
          votes: { use: 'memory-source', with: { events: votes, batchSize: 50 } },
          per_minute: { use: 'window', from: 'votes', with: { groupBy: ['candidate_id'], window: { tumblingMs: 60_000 }, allowedLatenessMs: 10_000, emit: 'final' } },
          out: { use: 'memory-sink', from: 'per_minute', with: { collection: out } },
          late: { use: 'memory-sink', from: 'per_minute.late', with: { collection: late } },
          dead: { use: 'memory-sink', from: 'per_minute.dead', with: { collection: dead } },
        },
      },
      { registry: [window] },
    )
    expect(result.error).toBeUndefined()
    const finals = memoryCollection(out).events
    expect(finals).toHaveLength(30)
    expect(finals.every((e) => e.count === 20 && (e._window as { final: boolean }).final)).toBe(true)
    expect(memoryCollection(late).events).toEqual([{ candidate_id: 'c0', voting_time: time(5) }])
    expect(memoryCollection(dead).events.map((e) => e.candidate_id)).toEqual(['c1'])
    const node = result.metrics.nodes.find((n) => n.id === 'per_minute')!
    expect([node.late, node.dead, node.custom.stateKeys]).toEqual([1, 1, 3])
  })
})
