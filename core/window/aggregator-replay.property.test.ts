import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createWindowAggregator, type WindowAggregator } from './aggregator.ts'
import { toWindowConfig, type WindowConfig, type WindowKind } from './config.ts'
import type { Event } from '../plugin.ts'

/** How the stream around an event goes: a batch may end after it, processing time passes, a tick may follow. */
interface Step {
  cut: boolean
  pauseMs: number
  tick: boolean
}

const fixedKinds: WindowKind[] = [{ cumulative: true }, { tumblingMs: 5000 }, { hoppingMs: 6000, slideMs: 2000 }]

const eventArb = fc.record({
  k: fc.constantFrom('a', 'b', 'c'),
  t: fc.integer({ min: 0, max: 120 }).map((quarterSeconds) => quarterSeconds * 250),
  v: fc.integer({ min: -5, max: 5 }),
  d: fc.constantFrom('x', 'y', 'z'),
})
const stepArb: fc.Arbitrary<Step> = fc.record({ cut: fc.boolean(), pauseMs: fc.integer({ min: 0, max: 3000 }), tick: fc.boolean() })

/** Fixed windows take ticks with idle advancing; sessions close for good on idle input, so they get ticks without it. */
const scenarioArb = fc
  .record({
    kind: fc.constantFrom<WindowKind>(...fixedKinds, { sessionGapMs: 1500 }),
    lateness: fc.constantFrom(0, 1000, 4000),
    emit: fc.constantFrom('update' as const, 'final' as const),
    idleTimeoutMs: fc.constantFrom(null, 300, 1000),
    events: fc.array(fc.tuple(eventArb, stepArb, stepArb), { minLength: 1, maxLength: 100 }),
    snapshotAt: fc.double({ min: 0, max: 1, noNaN: true }),
    crashAfter: fc.integer({ min: 0, max: 30 }),
  })
  .map((s) => ({ ...s, idleTimeoutMs: 'sessionGapMs' in s.kind ? null : s.idleTimeoutMs }))

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never

function configOf({ kind, lateness, emit, idleTimeoutMs }: Scenario): WindowConfig {
  return toWindowConfig({
    groupBy: ['k'],
    carry: [{ field: 'id', as: 'first', take: 'first' }, { field: 'id', as: 'last' }],
    measures: ['count', { sum: 'v' }, { min: 'v' }, { max: 'v' }, { distinctCount: 'd' }],
    window: kind,
    timeField: 't',
    allowedLatenessMs: lateness,
    idleTimeoutMs,
    emit,
    emitIntervalMs: 500,
  })
}

interface Run {
  out: Event[]
  late: Event[]
  now: number
}

/** Feeds `events` in the batches and with the pauses and ticks `steps` say; the last batch ends with the events. */
function feed(a: WindowAggregator, events: Event[], steps: Step[], run: Run): void {
  let batch: Event[] = []
  events.forEach((event, i) => {
    batch.push(event)
    const step = steps[i]!
    if (!step.cut && i < events.length - 1) return
    const r = a.add(batch, (run.now += step.pauseMs))
    run.out.push(...r.out)
    run.late.push(...r.late)
    batch = []
    if (step.tick) run.out.push(...a.advance((run.now += step.pauseMs)))
  })
}

const newRun = (): Run => ({ out: [], late: [], now: 1_000_000 })

/** What a sink upserting by (window, key) holds at the end: the last emission of each, final or not. */
function upserted(out: Event[], onlyFinal: boolean): Map<string, Event> {
  const rows = new Map<string, Event>()
  for (const e of out) {
    const w = e._window as { start: number | null; end: number | null; final: boolean }
    if (!onlyFinal || w.final) rows.set(JSON.stringify([w.start, w.end, e._key]), e)
  }
  return rows
}

function reference(s: Scenario, events: Event[]): Run {
  const a = createWindowAggregator(configOf(s))
  const run = newRun()
  feed(a, events, events.map(() => ({ cut: false, pauseMs: 0, tick: false })), run)
  run.out.push(...a.flush())
  return run
}

const eventsOf = (s: Scenario): Event[] => s.events.map(([e], id) => ({ ...e, id }))

/**
 * The rows a sink ends with: for fixed windows whatever was emitted last per (window, key), which
 * must be final; for sessions the final ones (session updates are provisional: an extended session
 * is a new row, the old one is not retracted).
 */
function expectSameRows(s: Scenario, got: Event[], expected: Event[]): void {
  const sessions = 'sessionGapMs' in s.kind
  const rows = upserted(got, sessions)
  for (const row of rows.values()) expect((row._window as { final: boolean }).final).toBe(true)
  expect(rows).toEqual(upserted(expected, sessions))
}

describe('a replay gives what the first run gave', () => {
  it('the same late events and final windows whatever the batching, the pauses and the ticks (idle closes included)', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const events = eventsOf(s)
        const expected = reference(s, events)
        const a = createWindowAggregator(configOf(s))
        const run = newRun()
        feed(a, events, s.events.map(([, step]) => step), run)
        run.out.push(...a.flush())
        expect(run.late).toEqual(expected.late)
        expectSameRows(s, run.out, expected.out)
      }),
      { numRuns: 300 },
    )
  })

  it('the same after a crash: restored from a snapshot at any batch end, replaying the rest differently batched', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const events = eventsOf(s)
        const expected = reference(s, events)
        const config = configOf(s)
        const steps = s.events.map(([, step]) => step)
        const at = Math.floor(s.snapshotAt * events.length)
        const first = createWindowAggregator(config)
        const before = newRun()
        feed(first, events.slice(0, at), steps, before)
        const state = JSON.parse(JSON.stringify(first.snapshot())) as unknown
        // The first run goes on a little past the snapshot, its output reaching the sinks, then dies.
        const lost = { ...newRun(), now: before.now }
        feed(first, events.slice(at, at + s.crashAfter), steps.slice(at), lost)
        const second = createWindowAggregator(config, { snapshot: state, now: lost.now + 3_600_000 })
        const replay = { ...newRun(), now: lost.now + 3_600_000 }
        feed(second, events.slice(at), s.events.slice(at).map(([, , step]) => step), replay)
        replay.out.push(...second.flush())
        expect([...before.late, ...replay.late]).toEqual(expected.late)
        for (const e of lost.late) expect(expected.late).toContainEqual(e)
        expectSameRows(s, [...before.out, ...lost.out, ...replay.out], expected.out)
      }),
      { numRuns: 300 },
    )
  })
})
