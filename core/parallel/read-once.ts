/**
 * @module The main thread's memory of where the workers' events were read: per stream and part
 * (a partition), the offset of the last event passed on. A part that moves to another worker is
 * read again from its last commit, and those events, at or before that offset, are dropped. Pure;
 * its state is the `_workers` source's position, so it survives restarts with the checkpoint.
 */
import type { Event, EventPosition } from '../plugin.ts'

export type ReadOnceState = Record<string, number>

export function createReadOnce(from: unknown) {
  const last = new Map<string, number>()
  if (typeof from === 'object' && from !== null) {
    for (const [key, offset] of Object.entries(from)) if (typeof offset === 'number') last.set(key, offset)
  }
  return {
    /** True when `event` (sent on `stream`, `node.port`, from the source's `port`) was read after the last one passed on from its part; remembers it. */
    keep(stream: string, port: string, event: Event, position: EventPosition): boolean {
      const at = position(event, port)
      if (!at) return true
      const key = `${stream} ${at.part}`
      const previous = last.get(key)
      if (previous !== undefined && at.offset <= previous) return false
      last.set(key, at.offset)
      return true
    },
    /** The position to checkpoint. */
    state(): ReadOnceState {
      return Object.fromEntries(last)
    },
  }
}
