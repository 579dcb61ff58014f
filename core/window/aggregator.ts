/**
 * @module The windowed aggregator: a pure state machine driven by events with explicit event times
 * and an explicit processing time `now`. No timers, no I/O: the `window` plugin drives it with a clock.
 */
import type { Event } from '../plugin.ts'
import { compileCarry } from './carry.ts'
import type { WindowConfig } from './config.ts'
import { createEventTimeReader } from './event-time.ts'
import { compileFieldPath } from './field-path.ts'
import { compileGroupKey } from './group-key.ts'
import { createGroupOps, type Group } from './group.ts'
import { compileMeasures } from './measures.ts'
import { checkSnapshot, fromJsonTime, restoreGroup, restoreWatermark, snapshotGroup, snapshotWatermark, toJsonTime, type WindowSnapshot } from './snapshot.ts'
import { advanceIdle, createWatermark, lateBefore, observeEventTime, rebaseWatermark } from './watermark.ts'
import { createWindowStore } from './window-store.ts'

/**
 * What one call produced: emissions (`out`), late events (all their windows passed by the events'
 * own watermark, so the same whatever the batching or the clock), events without a readable time.
 */
export interface WindowOutput {
  out: Event[]
  late: Event[]
  dead: Event[]
}

export interface WindowAggregator {
  /** Adds a batch received at processing time `now`; emits windows the watermark passed and due updates. */
  add(events: readonly Event[], now: number): WindowOutput
  /**
   * Lets processing time pass: the closing watermark may advance on idle input, windows close
   * (fixed ones stay correctable: an event for one that is not late emits it final again), updates fall due.
   */
  advance(now: number): Event[]
  /**
   * End of input: every window not yet emitted final, cumulative ones included, is emitted as final.
   * The state is kept: the engine flushes on a graceful stop too, and a pipeline resumed from the
   * checkpoint taken after it must go on with the same windows (which it emits final again,
   * complete, when they really close; sinks upsert by window and key).
   */
  flush(): Event[]
  snapshot(): WindowSnapshot
  /** Event time before which windows are closed (emitted final); -Infinity before any event. */
  readonly watermark: number
  /** Live groups over all windows kept: the state size. */
  readonly stateKeys: number
}

export interface RestoreOptions {
  /** A snapshot taken with the same aggregation settings. */
  snapshot?: unknown
  /**
   * Processing time of the restore. The time since the snapshot's last call is not idle time: the
   * processing times it holds are shifted by it, so a restart neither closes windows at once nor
   * turns replayed events late. Default: the snapshot's last call (no time passed).
   */
  now?: number
}

/** Builds an aggregator, empty or from a snapshot. */
export function createWindowAggregator(config: WindowConfig, { snapshot, now }: RestoreOptions = {}): WindowAggregator {
  const ops = createGroupOps(compileGroupKey(config.groupBy), compileMeasures(config.measures), compileCarry(config.carry))
  checkOutputNames([...ops.key.names, ...ops.carry.names, ...ops.measures.names])
  const window = config.window ?? { cumulative: true }
  const shape = JSON.stringify({ groupBy: config.groupBy, measures: config.measures, carry: config.carry, window, timeField: config.timeField })
  const { allowedLatenessMs, timeField } = config
  const update = config.emit === 'update'
  const dirty: Group[] = []
  const store = createWindowStore(window, ops, update ? dirty : null)
  const readTime = timeField === null ? undefined : createEventTimeReader(timeField)
  let watermark = createWatermark()
  let lastEmitAt = -Infinity
  let lastNow = -Infinity

  if (snapshot !== undefined) {
    const s = checkSnapshot(snapshot, shape)
    watermark = restoreWatermark(s.watermark)
    lastEmitAt = fromJsonTime(s.lastEmitAt, -Infinity)
    lastNow = fromJsonTime(s.lastNow, -Infinity)
    if (now !== undefined && s.lastNow !== null) {
      rebaseWatermark(watermark, now - s.lastNow)
      lastEmitAt += now - s.lastNow
      lastNow = now
    }
    const groups = s.groups.map((g) => restoreGroup(g, ops))
    for (const g of groups) store.insert(g, g.window.end <= watermark.value)
    for (const i of s.dirty) if (update && groups[i] !== undefined) (groups[i].dirty = true), dirty.push(groups[i])
  }

  const clockAt = (now: number) => {
    lastNow = now
    advanceIdle(watermark, now, config)
  }

  /** Closed windows of fixed kinds stay kept (correctable) until the events' watermark passes them. */
  const isOpen = (g: Group) => g.live && g.window.end > watermark.value

  const emitDue = (now: number, out: Event[]) => {
    for (const g of store.close(lateBefore(watermark, allowedLatenessMs), watermark.value)) out.push(ops.toEmission(g, true))
    if (!update || dirty.length === 0 || now - lastEmitAt < config.emitIntervalMs) return
    for (const g of dirty) {
      if (isOpen(g)) out.push(ops.toEmission(g, false))
      g.dirty = false
    }
    dirty.length = 0
    lastEmitAt = now
  }

  return {
    add(events, now) {
      clockAt(now)
      const result: WindowOutput = { out: [], late: [], dead: [] }
      if (events.length > 0) watermark.lastInputAt = now
      const keyOf = ops.key.keyOf
      for (let i = 0; i < events.length; i++) {
        const event = events[i]!
        const time = readTime === undefined ? now : readTime(event)
        if (time === undefined) {
          result.dead.push(toDeadLetter(event, timeField))
          continue
        }
        observeEventTime(watermark, time, now, allowedLatenessMs)
        if (!store.add(event, time, keyOf(event, time), lateBefore(watermark, allowedLatenessMs), watermark.value)) result.late.push(event)
      }
      emitDue(now, result.out)
      return result
    },
    advance(now) {
      clockAt(now)
      const out: Event[] = []
      emitDue(now, out)
      return out
    },
    flush() {
      for (const g of dirty) g.dirty = false
      dirty.length = 0
      return store.groups().filter(isOpen).map((g) => ops.toEmission(g, true))
    },
    snapshot() {
      const groups = store.groups()
      const index = new Map(groups.map((g, i) => [g, i]))
      return {
        version: 1,
        shape,
        watermark: snapshotWatermark(watermark),
        lastEmitAt: toJsonTime(lastEmitAt),
        lastNow: toJsonTime(lastNow),
        groups: groups.map((g) => snapshotGroup(g, ops)),
        dirty: dirty.filter((g) => g.live).map((g) => index.get(g)!),
      }
    },
    get watermark() {
      return watermark.value
    },
    get stateKeys() {
      return store.size
    },
  }
}

function toDeadLetter(event: Event, timeField: string | null): Event {
  const got = JSON.stringify(timeField === null ? undefined : compileFieldPath(timeField)(event)) as string | undefined
  return {
    ...event,
    _error: `window: cannot read the event time at \`${timeField}\` (got ${got === undefined ? 'nothing' : got.slice(0, 60)}): expected 'YYYY-MM-DD HH:MM:SS' (UTC), ISO-8601 or epoch milliseconds; fix the producer, or set \`timeField\` to the right field (null for processing time)`,
  }
}

function checkOutputNames(names: readonly string[]): void {
  const seen = new Set<string>()
  for (const name of names) {
    if (seen.has(name)) throw new Error(`window: output field \`${name}\` would be written twice (by groupBy, carry or measures); give one of them another name with \`as\``)
    if (name.startsWith('_')) throw new Error(`window: output field \`${name}\` starts with \`_\`, which is reserved for framework metadata (_window, _key); rename it with \`as\``)
    seen.add(name)
  }
}
