import { Type } from '@sinclair/typebox'
import { describe, expect, it } from 'vitest'
import { createPipeline } from '../pipeline.ts'
import { definePlugin } from '../plugin.ts'
import type { RunComplete } from './engine.ts'

/** A sink that serves something (like the dashboard) and records the lifecycle calls it gets. */
const servingSink = (calls: string[]) =>
  definePlugin({
    name: 'serving-sink',
    kind: 'sink',
    description: 'Counts events; serves an address; records finish and stop.',
    config: Type.Object({}, { additionalProperties: false }),
    create: () => {
      let written = 0
      return {
        write: (events) => void (written += events.length),
        finish: () => void calls.push(`finish ${written}`),
        serving: () => 'http://127.0.0.1:1/',
        stop: async () => void calls.push('stop'),
      }
    },
  })

const config = {
  name: 'serving',
  nodes: {
    src: { use: 'memory-source', with: { count: 1000, batchSize: 100 } },
    ui: { use: 'serving-sink', from: 'src' },
  },
}

describe('a complete run', () => {
  it('tells sinks the run is complete, then closes them, when not asked to keep serving', async () => {
    const calls: string[] = []
    const completes: RunComplete[] = []
    const pipeline = createPipeline(config, { registry: [servingSink(calls)], onComplete: (c) => completes.push(c) })
    await pipeline.start()
    expect((await pipeline.done).ok).toBe(true)
    expect(calls).toEqual(['finish 1000', 'stop'])
    expect(completes).toEqual([{ serving: [{ node: 'ui', address: 'http://127.0.0.1:1/' }], held: false }])
  })

  it('keeps a pipeline with a serving sink up after its sources end, until stop()', async () => {
    const calls: string[] = []
    let complete: (c: RunComplete) => void = () => undefined
    const completed = new Promise<RunComplete>((resolve) => (complete = resolve))
    const pipeline = createPipeline(config, { registry: [servingSink(calls)], keepServing: true, onComplete: complete })
    await pipeline.start()
    expect((await completed).held).toBe(true)
    const state = await Promise.race([pipeline.done.then(() => 'done'), new Promise((resolve) => setTimeout(resolve, 50, 'still up'))])
    expect(state).toBe('still up')
    expect(calls).toEqual(['finish 1000'])
    const result = await pipeline.stop()
    expect(result.ok).toBe(true)
    expect(calls).toEqual(['finish 1000', 'stop'])
  })

  it('does not hold a run that was stopped before it completed', async () => {
    const calls: string[] = []
    const completes: RunComplete[] = []
    const slow = { ...config, nodes: { ...config.nodes, src: { use: 'memory-source', with: { count: 1_000_000, batchSize: 100 } } } }
    const pipeline = createPipeline(slow, { registry: [servingSink(calls)], keepServing: true, onComplete: (c) => completes.push(c) })
    await pipeline.start()
    expect((await pipeline.stop()).ok).toBe(true)
    expect(completes).toEqual([])
    expect(calls).toEqual(['stop'])
  })
})
