/**
 * @module The main thread's source of a parallel pipeline: what every worker sends, one port per
 * stream (`_workers.<node>.<port>`). When a worker's checkpoint completes it answers only once a
 * checkpoint of the main thread covers what that worker sent before (`ctx.flushed()`).
 */
import { Type } from '@sinclair/typebox'
import { definePlugin, type Event, type PluginDefinition } from '../plugin.ts'
import type { WorkerStream } from './plan.ts'
import { createReadOnce } from './read-once.ts'
import type { WorkerPool } from './worker-pool.ts'

export function createWorkersSource(pool: WorkerPool, streams: readonly WorkerStream[]): PluginDefinition {
  const strip = new Map(streams.filter((s) => s.strip).map((s) => [s.ref, s.strip!]))
  // The source's port of each positioned stream is found once, not per event.
  const positions = new Map(streams.filter((s) => s.position).map((s) => [s.ref, { port: s.ref.slice(s.ref.indexOf('.') + 1), of: s.position! }]))
  return definePlugin({
    name: 'parallel-workers',
    kind: 'source',
    description: 'What the worker threads of a parallel pipeline send (core/parallel).',
    config: Type.Object({}),
    ports: Object.fromEntries(streams.map((s) => [s.ref, `\`${s.ref}\` of every worker`])),
    create(ctx) {
      return {
        async start() {
          pool.start()
        },
        async *read(from, signal) {
          const once = createReadOnce(from)
          let ports: Record<string, Event[]> = {}
          let held = 0
          /** What was gathered since the last yield, as one batch (undefined when nothing came), starting over. */
          const gathered = () => {
            const batch = held > 0 ? { events: [], ports, position: once.state() } : undefined
            ports = {}
            held = 0
            return batch
          }
          for (;;) {
            const items = await pool.take(signal)
            if (signal.aborted) return
            for (const item of items) {
              if (item.kind === 'batch') {
                const field = strip.get(item.stream)
                const position = positions.get(item.stream)
                const list = (ports[item.stream] ??= [])
                let again = 0
                for (const event of item.events) {
                  if (position && !once.keep(item.stream, position.port, event, position.of)) {
                    again++
                    continue
                  }
                  if (field) delete event[field]
                  list.push(event)
                }
                if (again > 0) ctx.metrics.count('readAgainSkipped', again)
                held += item.events.length
                pool.ack(item.worker)
              } else if (item.kind === 'save') {
                const batch = gathered()
                if (batch) yield batch
                void ctx.flushed().then(() => pool.saved(item.worker, item.id))
              } else if (item.kind === 'failed') {
                throw item.error
              } else {
                const batch = gathered()
                if (batch) yield batch
                return
              }
            }
            const batch = gathered()
            if (batch) yield batch
          }
        },
        stop: () => pool.kill(),
      }
    },
  })
}
