/** @module Windows fixed by time alone: cumulative (one endless window), tumbling and hopping, aligned to the epoch. */
import type { Event } from '../plugin.ts'
import type { Group, GroupOps } from './group.ts'
import type { WindowStore } from './window-store.ts'

interface FixedWindow {
  start: number
  end: number
  groups: Map<string, Group>
}

/** `sizeMs` Infinity makes the one cumulative window; `slideMs` equal to `sizeMs` makes tumbling windows. */
export function createFixedWindows(sizeMs: number, slideMs: number, ops: GroupOps, dirty: Group[] | null): WindowStore {
  const windows = new Map<number, FixedWindow>()
  const cumulative = sizeMs === Infinity
  const tumbling = sizeMs === slideMs
  let size = 0
  let minEnd = Infinity
  let last: FixedWindow | undefined

  const windowAt = (start: number, end: number): FixedWindow => {
    if (last !== undefined && last.start === start) return last
    let w = windows.get(start)
    if (w === undefined) {
      w = { start, end, groups: new Map() }
      windows.set(start, w)
      if (end < minEnd) minEnd = end
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
    if (dirty !== null && !g.dirty) (g.dirty = true), dirty.push(g)
  }

  const sorted = (selected: FixedWindow[]) => selected.sort((a, b) => a.start - b.start)

  const remove = (selected: FixedWindow[]): Group[] => {
    const out: Group[] = []
    for (const w of sorted(selected)) {
      windows.delete(w.start)
      for (const g of w.groups.values()) (g.live = false), out.push(g)
      size -= w.groups.size
    }
    last = undefined
    minEnd = Infinity
    for (const w of windows.values()) if (w.end < minEnd) minEnd = w.end
    return out
  }

  return {
    get size() {
      return size
    },
    add(event, time, key, watermark) {
      if (cumulative) {
        addTo(windowAt(-Infinity, Infinity), event, time, key)
        return true
      }
      let start = Math.floor(time / slideMs) * slideMs
      if (tumbling) {
        if (start + sizeMs <= watermark) return false
        addTo(windowAt(start, start + sizeMs), event, time, key)
        return true
      }
      let added = false
      for (; start > time - sizeMs && start + sizeMs > watermark; start -= slideMs) {
        addTo(windowAt(start, start + sizeMs), event, time, key)
        added = true
      }
      return added
    },
    close(watermark) {
      if (watermark < minEnd) return []
      return remove([...windows.values()].filter((w) => w.end <= watermark))
    },
    groups: () => sorted([...windows.values()]).flatMap((w) => [...w.groups.values()]),
    insert(group) {
      const w = windowAt(group.window.start, group.window.end)
      group.window = w
      w.groups.set(group.key, group)
      size++
    },
  }
}
