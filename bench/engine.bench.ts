/** @module Engine overhead: memory source → pass-through transform → counting sink, batches of 1000, on one core. */
import { Type } from '@sinclair/typebox'
import { runPipeline } from '../core/pipeline.ts'
import { definePlugin } from '../core/plugin.ts'
import type { BenchResult } from './result.ts'

const passthrough = definePlugin({
  name: 'bench-passthrough',
  kind: 'transform',
  description: 'Passes batches through untouched.',
  config: Type.Object({}, { additionalProperties: false }),
  create: () => ({ process: (events, _input, emit) => emit(events) }),
})

/** Yields one pre-built batch over and over, so the figure is the engine's cost, not object allocation. */
const repeat = definePlugin({
  name: 'bench-repeat',
  kind: 'source',
  description: 'Yields the same batch of 1000 events `batches` times.',
  config: Type.Object({ batches: Type.Integer({ description: 'How many batches.' }) }, { additionalProperties: false }),
  create: (_ctx, { batches }) => ({
    async *read(_from, signal) {
      const events = Array.from({ length: 1000 }, (_, i) => ({ seq: i }))
      for (let b = 0; b < batches && !signal.aborted; b++) yield { events, position: b + 1 }
    },
  }),
})

export async function run(): Promise<BenchResult[]> {
  const count = 20_000_000
  const config = {
    name: 'engine-bench',
    nodes: {
      src: { use: 'bench-repeat', with: { batches: count / 1000 } },
      mid: { use: 'bench-passthrough', from: 'src' },
      out: { use: 'memory-sink', from: 'mid', with: { keep: false, collection: 'bench' } },
    },
  }
  const registry = [passthrough, repeat]
  await runPipeline({ ...config, nodes: { ...config.nodes, src: { use: 'bench-repeat', with: { batches: 1000 } } } }, { registry })
  const started = performance.now()
  const result = await runPipeline(config, { registry })
  const seconds = (performance.now() - started) / 1000
  if (!result.ok) throw result.error
  return [{ name: 'engine: source → transform → sink, batches of 1000', value: Math.round(count / seconds), unit: 'events/s', target: '≥ 5,000,000', notes: `${count.toLocaleString('en')} events in ${seconds.toFixed(2)} s (the source re-yields one pre-built batch, so this is the engine's own cost)` }]
}
