/** @module An in-memory source: the given events, or `count` generated `{ seq }` events, in batches. Position = events emitted. */
import { Type } from '@sinclair/typebox'
import { definePlugin, type Event } from '../plugin.ts'

export default definePlugin({
  name: 'memory-source',
  kind: 'source',
  description: 'Emits the listed events, or `count` events `{ seq }`, in batches. For tests and demos.',
  config: Type.Object(
    {
      events: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()), { description: 'Events to emit, in order.' })),
      count: Type.Integer({ minimum: 0, default: 0, description: 'Without `events`: how many `{ seq }` events to generate.' }),
      batchSize: Type.Integer({ minimum: 1, default: 1000, description: 'Events per batch.' }),
      intervalMs: Type.Integer({ minimum: 0, default: 0, description: 'Pause between batches (on the pipeline clock).' }),
    },
    { additionalProperties: false },
  ),
  create(ctx, config) {
    const total = config.events?.length ?? config.count
    const at = (i: number): Event => config.events?.[i] ?? { seq: i }
    return {
      async *read(from, signal) {
        let next = typeof from === 'number' ? from : 0
        while (next < total && !signal.aborted) {
          const end = Math.min(total, next + config.batchSize)
          const events: Event[] = new Array(end - next)
          for (let i = next; i < end; i++) events[i - next] = at(i)
          next = end
          yield { events, position: next }
          if (config.intervalMs > 0 && next < total) await ctx.clock.sleep(config.intervalMs, signal).catch(() => undefined)
        }
      },
    }
  },
})
