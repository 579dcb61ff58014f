/**
 * @module Session windows: per group key, events closer than the gap share a session [first, last + gap).
 *
 * An event at or after the watermark opens a session or joins (and bridges) the overlapping ones.
 * An event before the watermark is accepted only inside a session still open for its key: anywhere
 * else it might belong with a session already closed, so it is late. The watermark here is the
 * closing one, idle advances included: a session closes for good (window-store.ts says why).
 */
import type { Group, GroupOps, WindowSpan } from './group.ts'
import { createMinHeap } from './min-heap.ts'
import type { WindowStore } from './window-store.ts'

interface Session extends WindowSpan {
  group: Group
  /** The end this session was queued with; it may have grown since. */
  queuedEnd: number
}

export function createSessionWindows(gapMs: number, ops: GroupOps, dirty: Group[] | null): WindowStore {
  const byKey = new Map<string, Session[]>()
  const queue = createMinHeap<Session>((s) => s.queuedEnd)
  let size = 0

  const open = (session: Session) => {
    const list = byKey.get(session.group.key)
    if (list === undefined) byKey.set(session.group.key, [session])
    else list.push(session)
    queue.push(session)
    size++
  }

  const join = (list: Session[] | undefined, time: number): Session | undefined => {
    let target: Session | undefined
    if (list === undefined) return undefined
    for (let i = 0; i < list.length; ) {
      const s = list[i]!
      if (!(s.start < time + gapMs && time < s.end)) i++
      else if (target === undefined) (target = s), i++
      else {
        ops.merge(target.group, s.group)
        target.start = Math.min(target.start, s.start)
        target.end = Math.max(target.end, s.end)
        s.group.live = false
        list.splice(i, 1)
        size--
      }
    }
    return target
  }

  const inOrder = (sessions: Session[]): Group[] =>
    sessions
      .sort((a, b) => a.end - b.end || a.start - b.start || (a.group.outputKey < b.group.outputKey ? -1 : a.group.outputKey > b.group.outputKey ? 1 : 0))
      .map((s) => s.group)

  return {
    get size() {
      return size
    },
    add(event, time, key, _lateBefore, watermark) {
      const list = byKey.get(key)
      if (time < watermark && !list?.some((s) => s.start <= time && time < s.end && s.end > watermark)) return false
      let session = join(list, time)
      if (session === undefined) {
        session = { start: time, end: time + gapMs, queuedEnd: time + gapMs, group: undefined as unknown as Group }
        session.group = ops.create(key, event, time, session)
        open(session)
      } else {
        session.start = Math.min(session.start, time)
        session.end = Math.max(session.end, time + gapMs)
      }
      ops.update(session.group, event, time)
      if (dirty !== null && !session.group.dirty) (session.group.dirty = true), dirty.push(session.group)
      return true
    },
    close(_lateBefore, watermark) {
      const closed: Session[] = []
      for (let s = queue.peek(); s !== undefined && s.queuedEnd <= watermark; s = queue.peek()) {
        queue.pop()
        if (!s.group.live) continue
        if (s.end > watermark) (s.queuedEnd = s.end), queue.push(s)
        else closed.push(s)
      }
      for (const s of closed) {
        const list = byKey.get(s.group.key)!
        list.splice(list.indexOf(s), 1)
        if (list.length === 0) byKey.delete(s.group.key)
      }
      size -= closed.length
      for (const s of closed) s.group.live = false
      return inOrder(closed)
    },
    groups: () => inOrder([...byKey.values()].flat()),
    insert(group) {
      const session: Session = { start: group.window.start, end: group.window.end, queuedEnd: group.window.end, group }
      group.window = session
      open(session)
    },
  }
}
