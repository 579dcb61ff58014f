import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Type } from '@sinclair/typebox'
import { describe, expect, it } from 'vitest'
import { createPipeline } from '../pipeline.ts'
import { definePlugin, type Event } from '../plugin.ts'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** Yields `batches` fresh batches, remembering each weakly, then waits to be stopped. */
const tracked = (refs: WeakRef<Event[]>[], batches: number, reached: () => void) =>
  definePlugin({
    name: 'tracked-source',
    kind: 'source',
    description: 'Yields fresh batches and keeps only weak references to them.',
    config: Type.Object({}, { additionalProperties: false }),
    create: () => ({
      async *read(_from, signal) {
        for (let b = 0; b < batches; b++) {
          const events = Array.from({ length: 100 }, (_, i) => ({ seq: b * 100 + i, payload: 'x'.repeat(100) }))
          refs.push(new WeakRef(events))
          yield { events, position: b + 1 }
        }
        reached()
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
      },
    }),
  })

describe('engine memory', () => {
  it('keeps no batch reachable once every sink has written it, while the source is still running', async () => {
    const refs: WeakRef<Event[]>[] = []
    let reached!: () => void
    const allYielded = new Promise<void>((resolve) => (reached = resolve))
    const pipeline = createPipeline(
      { name: 'memory', nodes: { src: { use: 'tracked-source' }, out: { use: 'memory-sink', from: 'src', with: { keep: false, collection: 'memory-test' } } } },
      { registry: [tracked(refs, 200, () => reached())] },
    )
    await pipeline.start()
    await allYielded
    while (pipeline.metrics().nodes.find((n) => n.id === 'out')!.eventsIn < 200 * 100) await new Promise((r) => setTimeout(r, 5))
    for (let i = 0; i < 3; i++) {
      gc()
      await new Promise((r) => setTimeout(r, 10))
    }
    const alive = refs.filter((r) => r.deref() !== undefined).length
    expect(alive).toBeLessThanOrEqual(2)
    expect((await pipeline.stop()).ok).toBe(true)
  })
})
