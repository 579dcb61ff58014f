/** @module Coalesced pushes: render at most every interval, encode what changed once, write those bytes to every viewer. */
import type { Clock } from '../../core/clock.ts'
import type { Hub } from './hub.ts'
import { encodeRetry, encodeSse, HEARTBEAT } from './sse.ts'

export interface PublisherOptions {
  clock: Clock
  hub: Hub
  /** Every fragment by event name, rendered from the current state. */
  render: () => Record<string, string>
  intervalMs: number
  heartbeatMs: number
  /** Browser reconnect delay announced to each viewer. */
  retryMs?: number
  /** Runs every interval, viewers or not (samples the vote rate). */
  onTick?: () => void
  /** After each broadcast, with its SSE id and size: for metrics and the benchmark. */
  onPublish?: (id: number, bytes: number) => void
  /** A render that threw during `run`; the loop goes on (the next interval retries). Without it the loop stops with the error. */
  onError?: (error: unknown) => void
}

export interface Publisher {
  /** Renders now and broadcasts the fragments that changed since the last push (nothing when none did). */
  publish(): void
  /** What a new viewer gets first: the reconnect delay and every fragment as last pushed (re-rendered if older than an interval). */
  snapshot(): Uint8Array
  /** Pushes every interval while viewers are connected and sends heartbeats, until `signal` aborts. */
  run(signal: AbortSignal): Promise<void>
}

export function createPublisher(options: PublisherOptions): Publisher {
  const { clock, hub, intervalMs } = options
  const encoder = new TextEncoder()
  let last: Record<string, string> = {}
  let renderedAt: number | undefined
  let sentAt = clock.now()
  let id = 0
  let snapshotBytes: Uint8Array | undefined

  const publish = () => {
    const next = options.render()
    renderedAt = clock.now()
    const changed = Object.entries(next).filter(([name, data]) => last[name] !== data)
    last = next
    snapshotBytes = undefined
    if (changed.length === 0) return
    id++
    const bytes = encoder.encode(encodeSse(changed, id))
    hub.broadcast(bytes)
    sentAt = renderedAt
    options.onPublish?.(id, bytes.byteLength)
  }

  return {
    publish,
    snapshot() {
      if (renderedAt === undefined || clock.now() - renderedAt >= intervalMs) publish()
      snapshotBytes ??= encoder.encode(encodeRetry(options.retryMs ?? 2000) + encodeSse(Object.entries(last), id))
      return snapshotBytes
    },
    async run(signal) {
      while (!signal.aborted) {
        try {
          await clock.sleep(intervalMs, signal)
        } catch (error) {
          if (signal.aborted) return
          throw error
        }
        options.onTick?.()
        if (hub.size === 0) continue
        try {
          publish()
        } catch (error) {
          if (!options.onError) throw error
          options.onError(error)
        }
        if (clock.now() - sentAt >= options.heartbeatMs) {
          hub.broadcast(encoder.encode(HEARTBEAT))
          sentAt = clock.now()
        }
      }
    },
  }
}
