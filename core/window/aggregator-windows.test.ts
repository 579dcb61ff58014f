import { describe, expect, it } from 'vitest'
import { createWindowAggregator } from './aggregator.ts'
import { toWindowConfig, type WindowConfig } from './config.ts'
import type { Event } from '../plugin.ts'

const T0 = Date.UTC(2026, 0, 1, 10)
const ev = (k: string, seconds: number, v = 1): Event => ({ k, v, at: T0 + seconds * 1000 })
const finalOf = (partial: Partial<WindowConfig>) =>
  createWindowAggregator(toWindowConfig({ groupBy: ['k'], measures: ['count', { sum: 'v' }], timeField: 'at', allowedLatenessMs: 0, idleTimeoutMs: null, emit: 'final', ...partial }))
const rows = (events: Event[]) => events.map((e) => [e.k, e.count, e.sum_v, (e._window as { start: number | null }).start === null ? null : ((e._window as { start: number }).start - T0) / 1000, (e._window as { end: number | null }).end === null ? null : ((e._window as { end: number }).end - T0) / 1000, (e._window as { final: boolean }).final])

describe('window kinds', () => {
  it('cumulative: one running window per key, final only at the end of input', () => {
    const a = finalOf({ window: { cumulative: true } })
    expect(a.add([ev('a', 0), ev('b', 1000), ev('a', 99999, 5)], 0).out).toEqual([])
    expect(rows(a.flush())).toEqual([['a', 2, 6, null, null, true], ['b', 1, 1, null, null, true]])
  })

  it('tumbling: closes a window when the watermark passes its end', () => {
    const a = finalOf({ window: { tumblingMs: 60_000 } })
    expect(a.add([ev('a', 0), ev('a', 30), ev('b', 59.999)], 0).out).toEqual([])
    expect(rows(a.add([ev('a', 60)], 1).out)).toEqual([['a', 2, 2, 0, 60, true], ['b', 1, 1, 0, 60, true]])
    expect(a.stateKeys).toBe(1)
    expect(rows(a.flush())).toEqual([['a', 1, 1, 60, 120, true]])
  })

  it('hopping: counts an event in every window covering it', () => {
    const a = finalOf({ window: { hoppingMs: 60_000, slideMs: 30_000 }, allowedLatenessMs: 60_000 })
    a.add([ev('a', 45), ev('a', 10)], 0)
    expect(rows(a.flush())).toEqual([['a', 1, 1, -30, 30, true], ['a', 2, 2, 0, 60, true], ['a', 1, 1, 30, 90, true]])
  })

  it('hopping: refuses a slide longer than the window', () => {
    expect(() => finalOf({ window: { hoppingMs: 10_000, slideMs: 20_000 } })).toThrow(/slideMs \(20000\) at most hoppingMs/)
  })

  it('session: splits a key at gaps and merges sessions an event bridges', () => {
    const a = finalOf({ window: { sessionGapMs: 10_000 }, allowedLatenessMs: 60_000 })
    a.add([ev('a', 0), ev('a', 15), ev('b', 3), ev('a', 40)], 0)
    expect(a.stateKeys).toBe(4)
    a.add([ev('a', 7)], 1)
    expect(a.stateKeys).toBe(3)
    expect(rows(a.flush())).toEqual([['b', 1, 1, 3, 13, true], ['a', 3, 3, 0, 25, true], ['a', 1, 1, 40, 50, true]])
  })

  it('session: closes a session once the watermark passes its last event plus the gap', () => {
    const a = finalOf({ window: { sessionGapMs: 10_000 } })
    a.add([ev('a', 0), ev('a', 9)], 0)
    expect(a.add([ev('b', 18.999)], 1).out).toEqual([])
    expect(rows(a.add([ev('b', 19)], 2).out)).toEqual([['a', 2, 2, 0, 19, true]])
  })

  it('groups by nothing into one global group', () => {
    const a = finalOf({ groupBy: [], window: { tumblingMs: 1000 } })
    a.add([ev('a', 0), ev('b', 0.5)], 0)
    expect(a.flush().map((e) => [e._key, e.count])).toEqual([['', 2]])
  })
})
