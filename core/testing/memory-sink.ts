/** @module An in-memory sink: keeps what it receives in a named collection tests can read; can be slow or fail on purpose. */
import { Type } from '@sinclair/typebox'
import { definePlugin, RetryableError, type Event } from '../plugin.ts'

/** What memory sinks received, by collection name (shared within the process). */
export const memoryCollections = new Map<string, { events: Event[]; batches: number; committed: Event[] }>()

export function memoryCollection(name: string): { events: Event[]; batches: number; committed: Event[] } {
  let c = memoryCollections.get(name)
  if (!c) memoryCollections.set(name, (c = { events: [], batches: 0, committed: [] }))
  return c
}

export default definePlugin({
  name: 'memory-sink',
  kind: 'sink',
  description: 'Keeps every event in an in-process collection. For tests and demos; can be slowed down or made to fail.',
  config: Type.Object(
    {
      collection: Type.String({ default: 'default', description: 'Collection name the events are kept under.' }),
      keep: Type.Boolean({ default: true, description: 'Keep the events (false: only count them, for benchmarks).' }),
      delayMs: Type.Integer({ minimum: 0, default: 0, description: 'Wait this long per batch (on the pipeline clock): a slow sink.' }),
      failEvery: Type.Integer({ minimum: 0, default: 0, description: 'Fail every Nth write with a retryable error (0: never).' }),
      fatalAfter: Type.Integer({ minimum: 0, default: 0, description: 'Fail with a fatal error after this many batches (0: never).' }),
      uniqueBy: Type.Optional(Type.String({ description: 'Idempotent mode: an event whose value of this field was seen is ignored.' })),
    },
    { additionalProperties: false },
  ),
  create(ctx, config) {
    const collection = memoryCollection(config.collection)
    const seen = new Set<unknown>()
    let writes = 0
    return {
      async write(events) {
        writes++
        if (config.delayMs > 0) await ctx.clock.sleep(config.delayMs, ctx.signal)
        if (config.fatalAfter > 0 && writes > config.fatalAfter) throw new Error(`memory sink \`${config.collection}\` told to fail after ${config.fatalAfter} batches`)
        if (config.failEvery > 0 && writes % config.failEvery === 0) throw new RetryableError(`memory sink \`${config.collection}\` failing write ${writes} on purpose`)
        collection.batches++
        if (!config.keep) return
        for (const e of events) {
          if (config.uniqueBy !== undefined) {
            const key = e[config.uniqueBy]
            if (seen.has(key)) continue
            seen.add(key)
          }
          collection.events.push(e)
        }
      },
    }
  },
})
