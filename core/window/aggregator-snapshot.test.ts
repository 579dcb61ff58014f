import { describe, expect, it } from 'vitest'
import { createWindowAggregator, type WindowAggregator } from './aggregator.ts'
import { toWindowConfig, type WindowKind } from './config.ts'
import type { Event } from '../plugin.ts'

const T0 = Date.UTC(2026, 0, 1, 10)
const N0 = T0 + 2000
const ev = (k: string, seconds: number, v: number): Event => ({ k, v, name: `${k}${v}`, dob: '1990-05-05', at: T0 + seconds * 1000 })

type Step = { add: Event[]; now: number } | { advance: number }
const steps: Step[] = [
  { add: [ev('a', 0, 1), ev('b', 3, 2), ev('a', 8, 3)], now: N0 },
  { add: [ev('a', 12, 4), ev('c', 5, 5)], now: N0 + 300 },
  { advance: N0 + 1500 },
  { add: [ev('b', 25, 6), ev('a', 2, 7), ev('b', 40, 8)], now: N0 + 1600 },
  { advance: N0 + 9000 },
  { add: [ev('c', 41, 9), ev('a', 47, 1)], now: N0 + 9100 },
  { advance: N0 + 30_000 },
  { advance: N0 + 90_000 },
  { add: [ev('a', 100, 2)], now: N0 + 95_000 },
]

function play(a: WindowAggregator, from: number, to: number): Event[] {
  const out: Event[] = []
  for (const step of steps.slice(from, to)) {
    if ('advance' in step) out.push(...a.advance(step.advance))
    else {
      const r = a.add(step.add, step.now)
      out.push(...r.out, ...r.late.map((e) => ({ late: e })), ...r.dead)
    }
  }
  return out
}

const kinds: WindowKind[] = [{ cumulative: true }, { tumblingMs: 10_000 }, { hoppingMs: 20_000, slideMs: 5000 }, { sessionGapMs: 6000 }]

describe('snapshot and restore', () => {
  for (const window of kinds) {
    for (const emit of ['update', 'final'] as const) {
      it(`restoring then going on equals never stopping: ${JSON.stringify(window)}, ${emit}`, () => {
        const config = toWindowConfig({
          groupBy: ['k', { ageBand: 'dob' }],
          carry: ['name'],
          measures: ['count', { sum: 'v' }, { min: 'v' }, { avg: 'v' }, { distinctCount: 'v' }],
          timeField: 'at',
          allowedLatenessMs: 5000,
          idleTimeoutMs: 2000,
          window,
          emit,
        })
        const whole = createWindowAggregator(config)
        const expected = [...play(whole, 0, steps.length), ...whole.flush()]
        for (let cut = 1; cut < steps.length; cut++) {
          const first = createWindowAggregator(config)
          const before = play(first, 0, cut)
          const state = JSON.parse(JSON.stringify(first.snapshot())) as unknown
          const second = createWindowAggregator(config, { snapshot: state })
          expect(second.stateKeys).toBe(first.stateKeys)
          expect([...before, ...play(second, cut, steps.length), ...second.flush()], `cut after step ${cut}`).toEqual(expected)
        }
      })
    }
  }

  it('keeps its state through a flush, so a pipeline stopped gracefully resumes the same windows', () => {
    const config = toWindowConfig({ groupBy: ['k'], timeField: 'at', window: { tumblingMs: 10_000 }, allowedLatenessMs: 0, idleTimeoutMs: null, emitIntervalMs: 0 })
    const a = createWindowAggregator(config)
    a.add([ev('a', 1, 1), ev('b', 2, 1)], N0)
    expect(a.flush().map((e) => `${e.k}=${e.count}`)).toEqual(['a=1', 'b=1'])
    const b = createWindowAggregator(config, { snapshot: JSON.parse(JSON.stringify(a.snapshot())), now: N0 + 60_000 })
    expect(b.stateKeys).toBe(2)
    const resumed = b.add([ev('a', 3, 1), ev('a', 10, 1)], N0 + 60_000).out
    expect(resumed.map((e) => `${e.k}=${e.count}${(e._window as { final: boolean }).final ? ' final' : ''}`)).toEqual(['a=2 final', 'b=1 final', 'a=1'])
  })

  it('does not count the time the pipeline was down as idle time', () => {
    const config = toWindowConfig({ groupBy: ['k'], timeField: 'at', emit: 'final', window: { tumblingMs: 10_000 }, allowedLatenessMs: 30_000, idleTimeoutMs: 5000 })
    const a = createWindowAggregator(config)
    a.add([ev('a', 1, 1)], N0)
    const b = createWindowAggregator(config, { snapshot: a.snapshot(), now: N0 + 3_600_000 })
    expect(b.advance(N0 + 3_600_000)).toEqual([])
    expect(b.add([ev('a', 2, 1)], N0 + 3_600_001).late).toEqual([])
    expect(b.advance(N0 + 3_600_001 + 39_000).map((e) => e.count)).toEqual([2])
  })

  it('refuses a snapshot of another aggregation, or something else, saying what to do', () => {
    const a = createWindowAggregator(toWindowConfig({ groupBy: ['k'] }))
    expect(() => createWindowAggregator(toWindowConfig({ groupBy: ['j'] }), { snapshot: a.snapshot() })).toThrow(/saved for another aggregation .* revert the config or clear the checkpoint/)
    expect(() => createWindowAggregator(toWindowConfig({}), { snapshot: { version: 2 } })).toThrow(/not a window snapshot/)
  })
})
