/** @module What every kind of window keeps: open windows and their groups, by event time. */
import type { WindowKind } from './config.ts'
import { createFixedWindows } from './fixed-windows.ts'
import type { Group, GroupOps } from './group.ts'
import { createSessionWindows } from './session-windows.ts'
import type { Event } from '../plugin.ts'

export interface WindowStore {
  /** Live groups over all open windows. */
  readonly size: number
  /**
   * Adds an event to every open window it belongs to, marking touched groups dirty into `dirty`
   * when given. False when all its windows are closed (the watermark passed their end): it is late.
   */
  add(event: Event, time: number, key: string, watermark: number): boolean
  /** Removes the windows the watermark has passed; their groups in emission order. */
  close(watermark: number): Group[]
  /** The live groups of every open window, in emission order (as `close` would give them). */
  groups(): Group[]
  /** Puts back a group from a snapshot; its `window` gives the window's extent. */
  insert(group: Group): void
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
