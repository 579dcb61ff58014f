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
