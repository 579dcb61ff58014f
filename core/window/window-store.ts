/** @module What every kind of window keeps: open windows and their groups, by event time. */
import type { WindowKind } from './config.ts'
import { createFixedWindows } from './fixed-windows.ts'
import type { Group, GroupOps } from './group.ts'
import { createSessionWindows } from './session-windows.ts'
import type { Event } from '../plugin.ts'

/**
 * Where windows stand: `lateBefore` (the events' own watermark, watermark.ts) and
 * `closedBefore` (≥ lateBefore: further on idle input). Fixed windows closed between the two are
 * emitted final but kept, so an event the events' watermark still accepts corrects them; sessions,
 * whose extent such an event would change (a row keyed by the old extent could not be corrected),
 * close for good at `closedBefore`.
 */
export interface WindowStore {
  /** Live groups over all windows kept: the state size. */
  readonly size: number
  /**
   * Adds an event to every window it belongs to that is still open for it, marking touched groups
   * dirty into `dirty` when given. False when there is none (the watermark passed them all): it is late.
   */
  add(event: Event, time: number, key: string, lateBefore: number, closedBefore: number): boolean
  /**
   * The groups owing a final emission, in emission order: those of windows `closedBefore` passed
   * since the last call, then those changed since their window closed. Evicts the windows
   * `lateBefore` passed (fixed) or `closedBefore` passed (sessions).
   */
  close(lateBefore: number, closedBefore: number): Group[]
  /** The live groups of every window kept, closed or not, in emission order (as `close` would give them). */
  groups(): Group[]
  /** Puts back a group from a snapshot; its `window` gives the window's extent, `closed` whether it was emitted final. */
  insert(group: Group, closed: boolean): void
}

export function createWindowStore(kind: WindowKind, ops: GroupOps, dirty: Group[] | null): WindowStore {
  if ('sessionGapMs' in kind) return createSessionWindows(kind.sessionGapMs, ops, dirty)
  if ('cumulative' in kind) return createFixedWindows(Infinity, Infinity, ops, dirty)
  if ('tumblingMs' in kind) return createFixedWindows(kind.tumblingMs, kind.tumblingMs, ops, dirty)
  if (kind.slideMs > kind.hoppingMs) {
    throw new Error(`window: hopping windows need slideMs (${kind.slideMs}) at most hoppingMs (${kind.hoppingMs}), or events between windows would belong to none; use tumblingMs for no overlap`)
  }
  return createFixedWindows(kind.hoppingMs, kind.slideMs, ops, dirty)
}
