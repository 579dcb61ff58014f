/** @module The aggregator's checkpoint: a JSON-compatible snapshot and its inverse. */
import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import type { Group, GroupOps } from './group.ts'
import type { Watermark } from './watermark.ts'

const Time = Type.Union([Type.Number(), Type.Null()])
const Carried = Type.Tuple([Type.Number(), Type.Array(Type.Unknown())])

const GroupSnapshotSchema = Type.Object({
  key: Type.String(),
  values: Type.Array(Type.Unknown()),
  start: Time,
  end: Time,
  count: Type.Number(),
  acc: Type.Array(Type.Number()),
  sets: Type.Array(Type.Array(Type.Unknown())),
  first: Carried,
  last: Carried,
})

/** Everything an aggregator holds: restoring it and going on equals never having stopped. */
export const WindowSnapshotSchema = Type.Object({
  version: Type.Literal(1),
  /** The aggregation (keys, measures, carried fields, window, time field) it was taken with. */
  shape: Type.String(),
  watermark: Type.Object({ value: Time, maxEventTime: Time, maxSeenAt: Time, lastInputAt: Time }),
  lastEmitAt: Time,
  /** Processing time of the last call: a restore at a later time shifts processing times by the difference. */
  lastNow: Time,
  /**
   * The groups of every window kept. Those of fixed windows ending at or before `watermark.value`
   * were emitted final (closed on idle input) and stay until `maxEventTime` − lateness passes them.
   */
  groups: Type.Array(GroupSnapshotSchema),
  /** Indexes into `groups` of those changed since the last update emission, in the order they changed. */
  dirty: Type.Array(Type.Integer({ minimum: 0 })),
})

export type WindowSnapshot = Static<typeof WindowSnapshotSchema>
type GroupSnapshot = Static<typeof GroupSnapshotSchema>

/** ±Infinity is not JSON: it is stored as null and comes back as the given infinity. */
export const toJsonTime = (t: number): number | null => (Number.isFinite(t) ? t : null)
export const fromJsonTime = (t: number | null, missing: number): number => (t === null ? missing : t)

export function snapshotWatermark(w: Watermark): WindowSnapshot['watermark'] {
  return { value: toJsonTime(w.value), maxEventTime: toJsonTime(w.maxEventTime), maxSeenAt: toJsonTime(w.maxSeenAt), lastInputAt: toJsonTime(w.lastInputAt) }
}

export function restoreWatermark(s: WindowSnapshot['watermark']): Watermark {
  return { value: fromJsonTime(s.value, -Infinity), maxEventTime: fromJsonTime(s.maxEventTime, -Infinity), maxSeenAt: fromJsonTime(s.maxSeenAt, -Infinity), lastInputAt: fromJsonTime(s.lastInputAt, -Infinity) }
}

export function snapshotGroup(g: Group, ops: GroupOps): GroupSnapshot {
  return {
    key: g.key,
    values: [...g.values],
    start: toJsonTime(g.window.start),
    end: toJsonTime(g.window.end),
    count: g.count,
    acc: [...g.acc],
    sets: g.sets.map((set) => [...set]),
    first: [g.firstTime, ops.carry.valuesOf(g.first)],
    last: [g.lastTime, ops.carry.valuesOf(g.last)],
  }
}

export function restoreGroup(s: GroupSnapshot, ops: GroupOps): Group {
  return {
    key: s.key,
    outputKey: ops.key.outputKey(s.values),
    values: s.values,
    window: { start: fromJsonTime(s.start, -Infinity), end: fromJsonTime(s.end, Infinity) },
    count: s.count,
    acc: [...s.acc],
    sets: s.sets.map((values) => new Set(values)),
    firstTime: s.first[0],
    first: ops.carry.eventOf(s.first[1]),
    lastTime: s.last[0],
    last: ops.carry.eventOf(s.last[1]),
    dirty: false,
    live: true,
  }
}

/** The snapshot, checked; throws saying what is wrong and what to do. */
export function checkSnapshot(state: unknown, shape: string): WindowSnapshot {
  if (!Value.Check(WindowSnapshotSchema, state)) {
    const first = Value.Errors(WindowSnapshotSchema, state).First()
    throw new Error(`window: cannot restore state: not a window snapshot (version 1)${first ? ` at ${first.path || '/'}: ${first.message}` : ''}; it was saved by another plugin or version, so clear the checkpoint to start over`)
  }
  if (state.shape !== shape) {
    throw new Error(`window: cannot restore state: it was saved for another aggregation (${state.shape}) than the configured one (${shape}); revert the config or clear the checkpoint to recompute from the start`)
  }
  return state
}
