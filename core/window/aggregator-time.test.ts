import { describe, expect, it } from 'vitest'
import { createWindowAggregator } from './aggregator.ts'
import { toWindowConfig, type WindowConfig } from './config.ts'
import type { Event } from '../plugin.ts'

const T0 = Date.UTC(2026, 0, 1, 10)
const N0 = Date.UTC(2026, 0, 1, 10, 0, 2)
const ev = (k: string, seconds: number): Event => ({ k, at: T0 + seconds * 1000 })
const create = (partial: Partial<WindowConfig>) =>
  createWindowAggregator(toWindowConfig({ groupBy: ['k'], timeField: 'at', emit: 'final', window: { tumblingMs: 60_000 }, allowedLatenessMs: 10_000, idleTimeoutMs: null, ...partial }))
const counts = (events: Event[]) => events.map((e) => `${e.k}:${e.count}@${((e._window as { start: number }).start - T0) / 1000}`)

describe('event time and the watermark', () => {
  it('accepts out-of-order events within the allowed lateness', () => {
    const a = create({})
    expect(a.add([ev('a', 65), ev('a', 55), ev('b', 59)], N0)).toEqual({ out: [], late: [], dead: [] })
    expect(a.watermark).toBe(T0 + 55_000)
    expect(counts(a.add([ev('a', 70)], N0).out)).toEqual(['a:1@0', 'b:1@0'])
    expect(counts(a.flush())).toEqual(['a:2@60'])
  })

  it('routes events whose windows all closed to late, leaving results unchanged', () => {
    const a = create({})
    a.add([ev('a', 5), ev('a', 75)], N0)
    const late = ev('a', 59)
    expect(a.add([late, ev('a', 61)], N0)).toEqual({ out: [], late: [late], dead: [] })
    expect(counts(a.flush())).toEqual(['a:2@60'])
  })

  it('hopping: adds an event older than the watermark to its windows still open only', () => {
    const a = create({ window: { hoppingMs: 60_000, slideMs: 30_000 }, allowedLatenessMs: 0 })
    a.add([ev('a', 65)], N0)
    expect(a.add([ev('a', 31)], N0).late).toEqual([])
    expect(counts(a.flush())).toEqual(['a:2@30', 'a:1@60'])
  })

  it('session: an event before the watermark is accepted only inside a session still open', () => {
    const a = create({ window: { sessionGapMs: 10_000 }, allowedLatenessMs: 5000 })
    a.add([ev('a', 10), ev('a', 16), ev('b', 20)], N0)
    const outside = [ev('b', 12), ev('a', 3)]
    const result = a.add([ev('a', 12), ...outside], N0)
    expect(result.late).toEqual(outside)
    expect(counts([...result.out, ...a.flush()])).toEqual(['a:3@10', 'b:1@20'])
  })

  it('closes windows with the clock once input has been idle for idleTimeoutMs', () => {
    const a = create({ allowedLatenessMs: 60_000, idleTimeoutMs: 5000 })
    a.add([ev('a', 30)], N0)
    expect(a.advance(N0 + 4999)).toEqual([])
    expect(a.watermark).toBe(T0 - 30_000)
    a.advance(N0 + 5000)
    expect(a.watermark).toBe(T0 - 25_000)
    expect(a.advance(N0 + 89_999)).toEqual([])
    expect(counts(a.advance(N0 + 90_000))).toEqual(['a:1@0'])
    expect(a.advance(N0 + 95_000)).toEqual([])
  })

  it('lets idle time close windows but not make events late: one the events still allow emits its window final again', () => {
    const a = create({ allowedLatenessMs: 60_000, idleTimeoutMs: 5000 })
    a.add([ev('a', 30)], N0)
    expect(counts(a.advance(N0 + 90_000))).toEqual(['a:1@0'])
    const straggler = a.add([ev('a', 59), ev('b', 45)], N0 + 90_001)
    expect(straggler.late).toEqual([])
    expect(counts(straggler.out)).toEqual(['a:2@0', 'b:1@0'])
    expect(a.stateKeys).toBe(2)
    expect(a.flush()).toEqual([])
    // Once the events' own watermark (121 s − 60 s) passes the window, it is evicted and an event for it is late.
    const late = ev('a', 58)
    const after = a.add([ev('b', 121), late], N0 + 90_002)
    expect(after).toEqual({ out: [], late: [late], dead: [] })
    expect(a.stateKeys).toBe(1)
  })

  it('keeps the skew between event time and the clock when advancing on idle input', () => {
    const a = create({ allowedLatenessMs: 0, idleTimeoutMs: 1000 })
    a.add([ev('a', 0)], N0 + 3_600_000)
    a.advance(N0 + 3_600_000 + 20_000)
    expect(a.watermark).toBe(T0 + 20_000)
  })

  it('catches up on idle time when a batch arrives after a long pause, as ticks would have, without making its events late', () => {
    const a = create({ allowedLatenessMs: 60_000, idleTimeoutMs: 5000 })
    a.add([ev('a', 30)], N0)
    const after = a.add([ev('a', 59)], N0 + 200_000)
    expect(a.watermark).toBe(T0 + 170_000)
    expect(after.late).toEqual([])
    expect(counts(after.out)).toEqual(['a:2@0'])
  })

  it('never advances on idle input when idleTimeoutMs is null', () => {
    const a = create({ allowedLatenessMs: 0 })
    a.add([ev('a', 1)], N0)
    expect(a.advance(N0 + 86_400_000)).toEqual([])
    expect(a.watermark).toBe(T0 + 1000)
  })

  it('dead-letters events whose time cannot be read, saying why', () => {
    const a = create({})
    const { dead, out, late } = a.add([{ k: 'a', at: 'tuesday' }, { k: 'b' }, ev('c', 1)], N0)
    expect([out, late]).toEqual([[], []])
    expect(dead.map((e) => e.k)).toEqual(['a', 'b'])
    expect(dead[0]!._error).toMatch(/cannot read the event time at `at` \(got "tuesday"\)/)
    expect(dead[1]!._error).toMatch(/\(got nothing\)/)
    expect(counts(a.flush())).toEqual(['c:1@0'])
  })

  it('reads ISO-8601 and the votes format alike, and uses processing time when timeField is null', () => {
    const a = create({ timeField: 'voting_time' })
    a.add([{ k: 'a', voting_time: '2026-01-01 10:00:30' }, { k: 'a', voting_time: '2026-01-01T10:00:31.000Z' }], N0)
    expect(counts(a.flush())).toEqual(['a:2@0'])
    const p = create({ timeField: null })
    p.add([{ k: 'a' }], T0 + 1000)
    p.add([{ k: 'a' }], T0 + 61_000)
    expect(counts(p.flush())).toEqual(['a:1@0', 'a:1@60'])
  })
})
