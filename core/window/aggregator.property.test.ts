import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createWindowAggregator } from './aggregator.ts'
import { toWindowConfig, type WindowConfig, type WindowKind } from './config.ts'
import type { Event } from '../plugin.ts'

interface Vote {
  k: string
  t: number
  v: number | null
  d: string
  tag: string
}

const kinds: WindowKind[] = [{ cumulative: true }, { tumblingMs: 5000 }, { hoppingMs: 6000, slideMs: 2000 }, { sessionGapMs: 1500 }]
const measures: WindowConfig['measures'] = ['count', { sum: 'v' }, { min: 'v' }, { max: 'v' }, { avg: 'v' }, { distinctCount: 'd' }]

/** Windows of one event by the definition, for fixed kinds: [start, end] pairs. */
function windowsOf(kind: WindowKind, t: number): [number | null, number | null][] {
  if ('cumulative' in kind) return [[null, null]]
  const [size, slide] = 'tumblingMs' in kind ? [kind.tumblingMs, kind.tumblingMs] : 'hoppingMs' in kind ? [kind.hoppingMs, kind.slideMs] : [0, 0]
  const out: [number, number][] = []
  for (let s = Math.floor(t / slide) * slide; s > t - size; s -= slide) out.push([s, s + size])
  return out
}

/** The straightforward batch computation: all events at once, sorted, no watermark. */
function recompute(votes: Vote[], kind: WindowKind): string[] {
  const groups = new Map<string, { k: string; start: number | null; end: number | null; votes: Vote[] }>()
  const put = (k: string, start: number | null, end: number | null, vote: Vote) => {
    const id = JSON.stringify([k, start, end])
    const g = groups.get(id) ?? { k, start, end, votes: [] }
    g.votes.push(vote)
    groups.set(id, g)
  }
  if ('sessionGapMs' in kind) {
    for (const k of new Set(votes.map((v) => v.k))) {
      const mine = votes.filter((v) => v.k === k).sort((a, b) => a.t - b.t)
      let session: Vote[] = []
      const close = () => session.length > 0 && session.forEach((v) => put(k, session[0]!.t, session[session.length - 1]!.t + kind.sessionGapMs, v))
      for (const v of mine) {
        if (session.length > 0 && v.t - session[session.length - 1]!.t >= kind.sessionGapMs) close(), (session = [])
        session.push(v)
      }
      close()
    }
  } else for (const v of votes) for (const [start, end] of windowsOf(kind, v.t)) put(v.k, start, end, v)
  return [...groups.values()].map(({ k, start, end, votes: vs }) => {
    const values = vs.map((v) => v.v).filter((v): v is number => v !== null)
    const byTime = [...vs].sort((a, b) => a.t - b.t)
    return JSON.stringify({
      k,
      first: byTime[0]!.tag,
      last: byTime[byTime.length - 1]!.tag,
      count: vs.length,
      sum_v: values.reduce((a, b) => a + b, 0),
      min_v: values.length ? Math.min(...values) : null,
      max_v: values.length ? Math.max(...values) : null,
      avg_v: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null,
      distinct_d: new Set(vs.map((v) => v.d)).size,
      start,
      end,
    })
  }).sort()
}

const voteArb = fc.record({
  k: fc.constantFrom('a', 'b', 'c'),
  t: fc.integer({ min: 0, max: 120 }).map((quarterSeconds) => quarterSeconds * 250),
  v: fc.option(fc.integer({ min: -50, max: 50 }), { nil: null }),
  d: fc.constantFrom('x', 'y', 'z'),
})

const scenarioArb = fc.record({
  kind: fc.constantFrom(...kinds),
  lateness: fc.constantFrom(0, 1000, 10_000),
  emit: fc.constantFrom('update' as const, 'final' as const),
  votes: fc.array(fc.tuple(voteArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 9 })), { maxLength: 120, size: 'max' }),
})

/** Feeds the votes in arrival order, in batches, with ticks and snapshot/restore cycles between; returns final emissions and late events. */
function stream(config: WindowConfig, arrivals: { vote: Vote; batchEnd: boolean; action: number }[]) {
  let a = createWindowAggregator(config)
  let now = 1_000_000
  const finals: Event[] = []
  const late: Event[] = []
  let batch: Event[] = []
  const keep = (out: Event[]) => finals.push(...out.filter((e) => (e._window as { final: boolean }).final))
  for (const { vote, batchEnd, action } of arrivals) {
    batch.push({ ...vote })
    if (!batchEnd) continue
    const r = a.add(batch, (now += 10))
    keep(r.out)
    late.push(...r.late)
    expect(r.dead).toEqual([])
    batch = []
    if (action === 0) keep(a.advance((now += 300)))
    if (action === 1) a = createWindowAggregator(config, { snapshot: JSON.parse(JSON.stringify(a.snapshot())) })
  }
  const r = a.add(batch, (now += 10))
  keep(r.out)
  late.push(...r.late)
  keep(a.flush())
  return { finals, late }
}

const asRows = (events: Event[]) =>
  events
    .map((e) => {
      const w = e._window as { start: number | null; end: number | null }
      return JSON.stringify({ k: e.k, first: e.first, last: e.last, count: e.count, sum_v: e.sum_v, min_v: e.min_v, max_v: e.max_v, avg_v: e.avg_v, distinct_d: e.distinct_d, start: w.start, end: w.end })
    })
    .sort()

function configOf(kind: WindowKind, lateness: number, emit: 'update' | 'final'): WindowConfig {
  return toWindowConfig({
    groupBy: ['k'],
    carry: [{ field: 'tag', as: 'first', take: 'first' }, { field: 'tag', as: 'last' }],
    measures,
    window: kind,
    timeField: 't',
    allowedLatenessMs: lateness,
    idleTimeoutMs: null,
    emit,
    emitIntervalMs: 100,
  })
}

describe('the aggregator against a batch recomputation', () => {
  it('gives the batch results for any stream shuffled within the allowed lateness, with nothing late', () => {
    fc.assert(
      fc.property(scenarioArb, ({ kind, lateness, emit, votes }) => {
        // Each event is delayed by at most the lateness: when it arrives, no event more than `lateness` newer has been seen.
        const arrivals = votes
          .map(([v, delay, , action], i) => ({ vote: { ...v, tag: `tag${v.t}` }, at: v.t + delay * lateness, i, action }))
          .sort((x, y) => x.at - y.at || x.i - y.i)
          .map((a, i) => ({ vote: a.vote, batchEnd: votes[i]![2] % 4 === 0, action: a.action }))
        const { finals, late } = stream(configOf(kind, lateness, emit), arrivals)
        expect(late).toEqual([])
        expect(asRows(finals)).toEqual(recompute(arrivals.map((a) => a.vote), kind))
      }),
      { numRuns: 300 },
    )
  })

  it('gives the batch results of the events it accepted when some arrive later than allowed, losing none', () => {
    fc.assert(
      fc.property(scenarioArb.filter((s) => !('hoppingMs' in s.kind)), ({ kind, lateness, emit, votes }) => {
        const arrivals = votes
          .map(([v, delay, , action], i) => ({ vote: { ...v, tag: `tag${v.t}` }, at: v.t + delay * (3 * lateness + 2000), i, action }))
          .sort((x, y) => x.at - y.at || x.i - y.i)
          .map((a, i) => ({ vote: a.vote, batchEnd: votes[i]![2] % 4 === 0, action: a.action }))
        const { finals, late } = stream(configOf(kind, lateness, emit), arrivals)
        const lateTags = late.map((e) => JSON.stringify(e))
        const accepted = arrivals.map((a) => a.vote).filter((v) => {
          const i = lateTags.indexOf(JSON.stringify(v))
          return i < 0 || (lateTags.splice(i, 1), false)
        })
        expect(lateTags).toEqual([])
        expect(asRows(finals)).toEqual(recompute(accepted, kind))
        if ('cumulative' in kind) expect(late).toEqual([])
      }),
      { numRuns: 300 },
    )
  })
})
