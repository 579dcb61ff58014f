/** @module The `combine` transform: partial running totals (one per partition, process or segment) summed into totals. */
import { definePlugin, type Emit, type Event } from '../../core/plugin.ts'
import { createCombiner } from './combiner.ts'
import { CombineConfigSchema } from './config.ts'

export default definePlugin({
  name: 'combine',
  kind: 'transform',
  description: 'Sums partial running totals into totals: keeps the latest value of every part per group and emits the group\'s sum when it changes (shaped like a cumulative window emission).',
  config: CombineConfigSchema,
  metrics: {
    groups: { kind: 'gauge', description: 'Totals kept (groups).' },
    parts: { kind: 'gauge', description: 'Partial values kept, over all groups.' },
  },
  reads: (config) => ({ fields: [...config.groupBy, ...config.partBy, ...config.sum, ...config.carry].map((f) => (typeof f === 'string' ? f : f.field)) }),
  create(ctx, config) {
    let combiner = createCombiner(config)
    let emittedAt = Number.NEGATIVE_INFINITY
    /** Emits the changed totals when `emitIntervalMs` has passed since the last emission. */
    const due = (emit: Emit, now: number) => {
      if (now - emittedAt < config.emitIntervalMs) return
      emittedAt = now
      send(emit, combiner.changed())
    }
    const send = (emit: Emit, out: Event[]) => {
      if (out.length > 0) emit(out)
      ctx.metrics.gauge('groups', combiner.size.groups)
      ctx.metrics.gauge('parts', combiner.size.parts)
    }
    return {
      process(events, _input, emit) {
        combiner.update(events)
        due(emit, ctx.clock.now())
      },
      tick(now, emit) {
        due(emit, now)
      },
      flush(emit) {
        send(emit, combiner.flush())
      },
      snapshot: () => combiner.snapshot(),
      restore(state) {
        const restored = createCombiner(config)
        restored.restore(state)
        combiner = restored
      },
    }
  },
})
