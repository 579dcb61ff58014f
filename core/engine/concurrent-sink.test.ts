import { Type } from '@sinclair/typebox'
import { describe, expect, it } from 'vitest'
import { definePlugin, type InputRef } from '../plugin.ts'
import { runPipeline } from '../pipeline.ts'

/** A sink whose first write holds until a second write of the same input has started (or `holdMs` pass), counting overlapping writes. */
function overlapSink(inOrder: ((input: InputRef) => boolean) | undefined, holdMs: number) {
  const seen = { maxRunning: 0, written: 0 }
  let running = 0
  let second: () => void = () => undefined
  const secondStarted = new Promise<void>((resolve) => (second = resolve))
  const plugin = definePlugin({
    name: 'overlap-sink',
    kind: 'sink',
    description: 'Holds its first write until a second one starts.',
    config: Type.Object({}, { additionalProperties: false }),
    create: () => ({
      concurrency: 3,
      ...(inOrder ? { inOrder } : {}),
      async write(events) {
        running++
        seen.maxRunning = Math.max(seen.maxRunning, running)
        if (seen.written === 0 && running === 1) await Promise.race([secondStarted, new Promise((resolve) => setTimeout(resolve, holdMs))])
        else second()
        running--
        seen.written += events.length
      },
    }),
  })
  return { plugin, seen }
}

const pipeline = { name: 'overlap', nodes: { a: { use: 'memory-source', with: { count: 1000, batchSize: 100 } }, out: { use: 'overlap-sink', from: 'a' } } }

describe('a concurrent sink', () => {
  it('writes batches of one input side by side when the sink says their writes commute', async () => {
    const { plugin, seen } = overlapSink(() => false, 5000)
    const result = await runPipeline(pipeline, { registry: [plugin] })
    expect(result.ok).toBe(true)
    expect(seen.written).toBe(1000)
    expect(seen.maxRunning).toBeGreaterThan(1)
  })

  it('keeps one write per input at a time by default', async () => {
    const { plugin, seen } = overlapSink(undefined, 100)
    const result = await runPipeline(pipeline, { registry: [plugin] })
    expect(result.ok).toBe(true)
    expect(seen.written).toBe(1000)
    expect(seen.maxRunning).toBe(1)
  })
})

describe('a sink with joinUpTo', () => {
  it('writes the batches queued while it was busy in one write, in order, every event once', async () => {
    const writes: number[][] = []
    let queued: () => void = () => undefined
    const fourQueued = new Promise<void>((resolve) => (queued = resolve))
    // The engine asks for the next batch once the last is in the sink's queue: after the fifth yield, four wait behind the first.
    const source = definePlugin({
      name: 'counting-source',
      kind: 'source',
      description: 'Ten batches of 100 `{ n }`; says when five are out.',
      config: Type.Object({}, { additionalProperties: false }),
      create: () => ({
        async *read() {
          for (let b = 0; b < 10; b++) {
            yield { events: Array.from({ length: 100 }, (_, i) => ({ n: b * 100 + i })), position: b + 1 }
            if (b === 4) queued()
          }
        },
      }),
    })
    const sink = definePlugin({
      name: 'joining-sink',
      kind: 'sink',
      description: 'Holds its first write until four batches are queued behind it.',
      config: Type.Object({}, { additionalProperties: false }),
      create: () => ({
        joinUpTo: 250,
        async write(events) {
          writes.push(events.map((e) => Number(e.n)))
          if (writes.length === 1) await fourQueued
        },
      }),
    })
    const result = await runPipeline({ name: 'join', nodes: { a: { use: 'counting-source' }, out: { use: 'joining-sink', from: 'a' } } }, { registry: [source, sink] })
    expect(result.ok).toBe(true)
    expect(writes.flat()).toEqual(Array.from({ length: 1000 }, (_, i) => i))
    // Batches 1–4 were queued when the first write ended: the next write joins two of them.
    expect(writes[1]).toHaveLength(200)
    expect(Math.max(...writes.map((w) => w.length))).toBeLessThanOrEqual(250)
  })
})

describe('a concurrent sink with joinUpTo', () => {
  it('joins per input, keeps an ordered input in order, and writes every event once', async () => {
    const writes: { from: string; ns: number[] }[] = []
    let running = 0
    let maxRunning = 0
    const sink = definePlugin({
      name: 'joining-concurrent-sink',
      kind: 'sink',
      description: 'Two writes at once; input `b` may overlap itself, `a` may not.',
      config: Type.Object({}, { additionalProperties: false }),
      create: () => ({
        concurrency: 2,
        joinUpTo: 300,
        inOrder: (input: InputRef) => input.from !== 'b',
        async write(events, input) {
          running++
          maxRunning = Math.max(maxRunning, running)
          writes.push({ from: input.from, ns: events.map((e) => Number(e.seq)) })
          // Yield a few turns so queues fill behind running writes.
          for (let i = 0; i < 20; i++) await Promise.resolve()
          running--
        },
      }),
    })
    const nodes = {
      a: { use: 'memory-source', with: { count: 2000, batchSize: 100 } },
      b: { use: 'memory-source', with: { count: 2000, batchSize: 100 } },
      out: { use: 'joining-concurrent-sink', from: ['a', 'b'] },
    }
    const result = await runPipeline({ name: 'join-concurrent', nodes }, { registry: [sink] })
    expect(result.ok).toBe(true)
    const of = (from: string) => writes.filter((w) => w.from === from)
    expect(of('a').flatMap((w) => w.ns)).toEqual(Array.from({ length: 2000 }, (_, i) => i))
    expect(of('b').flatMap((w) => w.ns).sort((x, y) => x - y)).toEqual(Array.from({ length: 2000 }, (_, i) => i))
    for (const w of writes) expect(w.ns.length).toBeLessThanOrEqual(300)
    expect(maxRunning).toBeLessThanOrEqual(2)
  })
})
