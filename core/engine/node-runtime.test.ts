import { Type } from '@sinclair/typebox'
import { describe, expect, it } from 'vitest'
import { runPipeline } from '../pipeline.ts'
import { definePlugin, type Logger } from '../plugin.ts'
import { memoryCollection } from '../testing/memory-sink.ts'

/** Sends odd `seq`s to `dead` (a reason per seq % 3) and every tenth to `late`; the rest on `out`. */
const sorter = definePlugin({
  name: 'sorter',
  kind: 'transform',
  description: 'Dead-letters odd numbers.',
  config: Type.Object({}, { additionalProperties: false }),
  ports: { dead: 'Odd numbers.', late: 'Every tenth.' },
  create: () => ({
    process(events, _input, emit) {
      const seq = (e: Record<string, unknown>) => e.seq as number
      emit(events.filter((e) => seq(e) % 2 === 0 && seq(e) % 10 !== 0))
      emit(events.filter((e) => seq(e) % 10 === 0), 'late')
      emit(
        events.filter((e) => seq(e) % 2 === 1).map((e) => (seq(e) % 3 === 0 ? { ...e, _reason: 'rejected', _error: `bad row ${seq(e)}\nsecond line` } : { ...e, _error: 'no reason, only an error' })),
        'dead',
      )
    },
  }),
})

function capturingLog(): Logger & { warnings: string[] } {
  const warnings: string[] = []
  return { warnings, info: () => undefined, warn: (m) => void warnings.push(m), error: () => undefined }
}

describe('node runtime', () => {
  it('counts events sent on an unwired port and warns once per port and reason, naming the node', async () => {
    const log = capturingLog()
    const collection = `unwired-${Math.random().toString(36).slice(2)}`
    const result = await runPipeline(
      {
        name: 'unwired',
        nodes: {
          src: { use: 'memory-source', with: { count: 100, batchSize: 10 } },
          sort: { use: 'sorter', from: 'src' },
          out: { use: 'memory-sink', from: 'sort', with: { collection } },
        },
      },
      { registry: [sorter], log },
    )
    expect(result.ok).toBe(true)
    const sort = result.metrics.nodes.find((n) => n.id === 'sort')!
    expect([sort.dead, sort.late, sort.custom['unwired.dead'], sort.custom['unwired.late']]).toEqual([50, 10, 50, 10])
    expect(memoryCollection(collection).events).toHaveLength(40)
    // Batch 0-9: 1, 5, 7 have no reason, 3 and 9 are rejected; later batches add no new reason.
    expect(log.warnings.filter((w) => w.includes('not wired'))).toEqual([
      'node `sort` sent on `late` 1 event but its `late` port is not wired: they (and later ones) are counted in `unwired.late`, not stored (wire `sort.late` to a sink to keep them)',
      'node `sort` dead-lettered 3 events (no reason, only an error) but its `dead` port is not wired: they (and later ones) are counted in `unwired.dead`, not stored (wire `sort.dead` to a sink to keep them)',
      'node `sort` dead-lettered 2 events (rejected: bad row 3) but its `dead` port is not wired: they (and later ones) are counted in `unwired.dead`, not stored (wire `sort.dead` to a sink to keep them)',
    ])
  })

  it('does not count or warn about a port that is wired', async () => {
    const log = capturingLog()
    const dead = `dead-${Math.random().toString(36).slice(2)}`
    const result = await runPipeline(
      {
        name: 'wired',
        nodes: {
          src: { use: 'memory-source', with: { count: 20, batchSize: 10 } },
          sort: { use: 'sorter', from: 'src' },
          keep: { use: 'memory-sink', from: ['sort.dead', 'sort.late'], with: { collection: dead } },
        },
      },
      { registry: [sorter], log },
    )
    expect(result.ok).toBe(true)
    const sort = result.metrics.nodes.find((n) => n.id === 'sort')!
    expect([sort.dead, sort.custom['unwired.dead']]).toEqual([10, undefined])
    expect(memoryCollection(dead).events).toHaveLength(12)
    expect(log.warnings.filter((w) => w.includes('not wired'))).toEqual([])
  })
})
