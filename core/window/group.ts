/** @module One group of one window: its key, accumulators and carried events, and its emission. */
import type { Event } from '../plugin.ts'
import type { Carry } from './carry.ts'
import type { GroupKey } from './group-key.ts'
import type { Accumulators, Measures } from './measures.ts'

/** A window's extent in event time; cumulative windows span -Infinity to Infinity. Sessions grow theirs. */
export interface WindowSpan {
  start: number
  end: number
}

export interface Group extends Accumulators {
  readonly key: string
  readonly outputKey: string
  readonly values: readonly unknown[]
  window: WindowSpan
  firstTime: number
  first: Event
  lastTime: number
  last: Event
  /** Changed since the last update emission. */
  dirty: boolean
  /** False once closed or merged away, so stale references are skipped. */
  live: boolean
}

export interface GroupOps {
  readonly key: GroupKey
  readonly measures: Measures
  readonly carry: Carry
  create(key: string, event: Event, time: number, window: WindowSpan): Group
  /** Adds one event. */
  update(group: Group, event: Event, time: number): void
  /** Adds everything of `from` into `into` (sessions merging). */
  merge(into: Group, from: Group): void
  toEmission(group: Group, final: boolean): Event
}

export function createGroupOps(key: GroupKey, measures: Measures, carry: Carry): GroupOps {
  const { needsFirst, needsLast } = carry
  const countOnly = measures.countOnly
  return {
    key,
    measures,
    carry,
    create(k, event, time, window) {
      const values = key.valuesOf(event, time)
      const acc = measures.create()
      return { ...acc, key: k, outputKey: key.outputKey(values), values, window, firstTime: time, first: event, lastTime: time, last: event, dirty: false, live: true }
    },
    update(group, event, time) {
      group.count++
      if (!countOnly) measures.update(group, event)
      if (needsLast && time >= group.lastTime) (group.lastTime = time), (group.last = event)
      if (needsFirst && time < group.firstTime) (group.firstTime = time), (group.first = event)
    },
    merge(into, from) {
      measures.merge(into, from)
      if (from.lastTime >= into.lastTime) (into.lastTime = from.lastTime), (into.last = from.last)
      if (from.firstTime < into.firstTime) (into.firstTime = from.firstTime), (into.first = from.first)
    },
    toEmission(group, final) {
      const out: Record<string, unknown> = {}
      const names = key.names
      for (let i = 0; i < names.length; i++) out[names[i]!] = group.values[i]
      carry.write(out, group.first, group.last)
      measures.write(out, group)
      const { start, end } = group.window
      out._window = { start: Number.isFinite(start) ? start : null, end: Number.isFinite(end) ? end : null, final }
      out._key = group.outputKey
      return out
    },
  }
}
