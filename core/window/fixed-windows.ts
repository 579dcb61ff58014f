/** @module Windows fixed by time alone: cumulative (one endless window), tumbling and hopping, aligned to the epoch. */
import type { Event } from '../plugin.ts'
import type { Group, GroupOps } from './group.ts'
import type { WindowStore } from './window-store.ts'

interface FixedWindow {
  start: number
  end: number
  groups: Map<string, Group>
  /** Emitted final (the closing watermark passed its end), kept until the events' watermark passes it too. */
  closed: boolean
}

/** `sizeMs` Infinity makes the one cumulative window; `slideMs` equal to `sizeMs` makes tumbling windows. */
export function createFixedWindows(sizeMs: number, slideMs: number, ops: GroupOps, dirty: Group[] | null): WindowStore {
  const windows = new Map<number, FixedWindow>()
  /** Groups changed after their window closed: each owes its final again. */
  const reopened = new Set<Group>()
  const cumulative = sizeMs === Infinity
  const tumbling = sizeMs === slideMs
  let size = 0
  let minEnd = Infinity
  let minOpenEnd = Infinity
  let last: FixedWindow | undefined

  const windowAt = (start: number, end: number, closed = false): FixedWindow => {
    if (last !== undefined && last.start === start) return last
    let w = windows.get(start)
    if (w === undefined) {
      w = { start, end, groups: new Map(), closed }
      windows.set(start, w)
      if (end < minEnd) minEnd = end
      if (!closed && end < minOpenEnd) minOpenEnd = end
    }
    return (last = w)
  }

  const addTo = (w: FixedWindow, event: Event, time: number, key: string) => {
    let g = w.groups.get(key)
    if (g === undefined) {
      g = ops.create(key, event, time, w)
      w.groups.set(key, g)
      size++
    }
    ops.update(g, event, time)
    if (w.closed) reopened.add(g)
    else if (dirty !== null && !g.dirty) (g.dirty = true), dirty.push(g)
  }

  const sorted = (selected: FixedWindow[]) => selected.sort((a, b) => a.start - b.start)

  /** Drops the windows `lateBefore` passed; they were closed, and emitted, before. */
  const evict = (lateBefore: number) => {
    minEnd = minOpenEnd = Infinity
    for (const w of windows.values()) {
      if (w.end <= lateBefore) {
        windows.delete(w.start)
        for (const g of w.groups.values()) g.live = false
        size -= w.groups.size
        continue
      }
      if (w.end < minEnd) minEnd = w.end
      if (!w.closed && w.end < minOpenEnd) minOpenEnd = w.end
    }
    last = undefined
  }

  return {
    get size() {
      return size
    },
    add(event, time, key, lateBefore) {
      if (cumulative) {
        addTo(windowAt(-Infinity, Infinity), event, time, key)
        return true
      }
      let start = Math.floor(time / slideMs) * slideMs
      if (tumbling) {
        if (start + sizeMs <= lateBefore) return false
        addTo(windowAt(start, start + sizeMs), event, time, key)
        return true
      }
      let added = false
      for (; start > time - sizeMs && start + sizeMs > lateBefore; start -= slideMs) {
        addTo(windowAt(start, start + sizeMs), event, time, key)
        added = true
      }
      return added
    },
    close(lateBefore, closedBefore) {
      if (closedBefore < minOpenEnd && reopened.size === 0 && lateBefore < minEnd) return []
      const out: Group[] = []
      if (closedBefore >= minOpenEnd) {
        for (const w of sorted([...windows.values()].filter((w) => !w.closed && w.end <= closedBefore))) {
          w.closed = true
          for (const g of w.groups.values()) out.push(g)
        }
      }
      for (const g of reopened) out.push(g)
      reopened.clear()
      evict(lateBefore)
      return out
    },
    groups: () => sorted([...windows.values()]).flatMap((w) => [...w.groups.values()]),
    insert(group, closed) {
      const w = windowAt(group.window.start, group.window.end, closed)
      group.window = w
      w.groups.set(group.key, group)
      size++
    },
  }
}
