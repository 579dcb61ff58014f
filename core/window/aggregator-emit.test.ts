import { describe, expect, it } from 'vitest'
import { createWindowAggregator } from './aggregator.ts'
import { toWindowConfig, type WindowConfig } from './config.ts'
import type { Event } from '../plugin.ts'

const T0 = Date.UTC(2026, 0, 1, 10)
const N0 = T0 + 2000
const ev = (k: string, seconds: number, extra: Event = {}): Event => ({ k, at: T0 + seconds * 1000, ...extra })
const create = (partial: Partial<WindowConfig>) =>
  createWindowAggregator(toWindowConfig({ groupBy: ['k'], timeField: 'at', allowedLatenessMs: 0, idleTimeoutMs: null, emitIntervalMs: 1000, ...partial }))
const brief = (events: Event[]) => events.map((e) => `${e.k}=${e.count}${(e._window as { final: boolean }).final ? ' final' : ''}`)

describe('emit modes', () => {
  it('update: emits running totals of the keys changed since the last emission, at most every emitIntervalMs', () => {
    const a = create({})
    expect(a.add([ev('a', 0), ev('b', 0)], N0).out).toEqual([
      { k: 'a', count: 1, _window: { start: null, end: null, final: false }, _key: 'a' },
      { k: 'b', count: 1, _window: { start: null, end: null, final: false }, _key: 'b' },
    ])
    expect(a.add([ev('a', 1)], N0 + 500).out).toEqual([])
    expect(a.advance(N0 + 999)).toEqual([])
    expect(brief(a.advance(N0 + 1000))).toEqual(['a=2'])
    expect(a.advance(N0 + 5000)).toEqual([])
    expect(brief(a.add([ev('b', 2), ev('c', 2)], N0 + 5001).out)).toEqual(['b=2', 'c=1'])
    expect(brief(a.flush())).toEqual(['a=2 final', 'b=2 final', 'c=1 final'])
  })

  it('update with emitIntervalMs 0: emits after every batch', () => {
    const a = create({ emitIntervalMs: 0 })
    expect(brief(a.add([ev('a', 0)], N0).out)).toEqual(['a=1'])
    expect(brief(a.add([ev('a', 0)], N0).out)).toEqual(['a=2'])
  })

  it('update: emits every group of a closing window once more, final, changed or not', () => {
    const a = create({ window: { tumblingMs: 10_000 } })
    expect(brief(a.add([ev('a', 1), ev('b', 2)], N0).out)).toEqual(['a=1', 'b=1'])
    expect(brief(a.add([ev('a', 3), ev('c', 11)], N0 + 10).out)).toEqual(['a=2 final', 'b=1 final'])
    expect(brief(a.advance(N0 + 1000))).toEqual(['c=1'])
  })

  it('update: an event for a window closed on idle input emits its group final again, never a running update after the final', () => {
    const a = create({ window: { tumblingMs: 10_000 }, allowedLatenessMs: 5000, idleTimeoutMs: 1000, emitIntervalMs: 0 })
    expect(brief(a.add([ev('a', 1)], N0).out)).toEqual(['a=1'])
    expect(brief(a.advance(N0 + 20_000))).toEqual(['a=1 final'])
    expect(brief(a.add([ev('a', 2), ev('b', 12)], N0 + 20_001).out)).toEqual(['a=2 final', 'b=1'])
    expect(brief(a.flush())).toEqual(['b=1 final'])
  })

  it('final: emits each window once, when the watermark passes its end', () => {
    const a = create({ emit: 'final', window: { tumblingMs: 10_000 } })
    expect(a.add([ev('a', 1), ev('b', 2), ev('a', 3)], N0).out).toEqual([])
    expect(a.advance(N0 + 60_000)).toEqual([])
    expect(a.add([ev('c', 10)], N0 + 60_001).out).toEqual([
      { k: 'a', count: 2, _window: { start: T0, end: T0 + 10_000, final: true }, _key: 'a' },
      { k: 'b', count: 1, _window: { start: T0, end: T0 + 10_000, final: true }, _key: 'b' },
    ])
    expect(brief(a.flush())).toEqual(['c=1 final'])
  })

  it('carries the latest or earliest value by event time without grouping by it', () => {
    const a = create({
      emit: 'final',
      carry: ['meta.name', { field: 'party', as: 'first_party', take: 'first' }],
      measures: [{ count: true, as: 'total_votes' }],
    })
    a.add([ev('a', 5, { meta: { name: 'Ann' }, party: 'P2' }), ev('a', 9, { meta: { name: 'Anne' }, party: 'P3' }), ev('a', 1, { meta: { name: 'An' }, party: 'P1' })], N0)
    expect(a.flush()).toEqual([{ k: 'a', name: 'Anne', first_party: 'P1', total_votes: 3, _window: { start: null, end: null, final: true }, _key: 'a' }])
  })

  it('refuses output fields written twice or starting with _', () => {
    expect(() => create({ measures: [{ count: true, as: 'k' }] })).toThrow(/`k` would be written twice/)
    expect(() => create({ carry: ['_key'] })).toThrow(/reserved for framework metadata/)
  })
})
