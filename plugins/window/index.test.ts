import { Value } from '@sinclair/typebox/value'
import { describe, expect, it } from 'vitest'
import { createManualClock } from '../../core/clock.ts'
import type { Emit, Event, TransformInstance } from '../../core/plugin.ts'
import { testTransformConformance } from '../../core/testing/conformance.ts'
import { createTestContext } from '../../core/testing/test-context.ts'
import type { WindowConfig } from '../../core/window/config.ts'
import window from './index.ts'

const T0 = Date.UTC(2026, 0, 1, 10)
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString().slice(0, 19).replace('T', ' ')
const vote = (candidate: string, seconds: number): Event => ({ voter_id: `v${Math.random()}`, candidate_id: candidate, candidate_name: `Name ${candidate}`, voting_time: at(seconds), vote: 1 })

function setup(config: Record<string, unknown>) {
  const clock = createManualClock(T0 + 1000)
  const ctx = createTestContext({ nodeId: 'by_candidate', clock })
  const instance = window.create(ctx, Value.Default(window.config, structuredClone(config)) as WindowConfig) as TransformInstance
  const ports: Record<string, Event[]> = { out: [], late: [], dead: [] }
  const emit: Emit = (events, port = 'out') => void ports[port]!.push(...events)
  const input = { role: 'in', from: 'votes' }
  return { clock, ctx, instance, ports, emit, input }
}

testTransformConformance(window, { groupBy: ['candidate_id'] }, { events: [vote('a', 0), vote('b', 1)] })

describe('window plugin', () => {
  it('emits running totals on out, late events on late and unreadable ones on dead, and reports the state size', async () => {
    const { clock, ctx, instance, ports, emit, input } = setup({ groupBy: ['candidate_id'], window: { tumblingMs: 60_000 }, allowedLatenessMs: 5000, emitIntervalMs: 1000 })
    const states = () => ports.out!.map((e) => [e.candidate_id, e.count, (e._window as { final: boolean }).final])
    await instance.process([vote('a', 1), vote('b', 2)], input, emit)
    expect(states()).toEqual([['a', 1, false], ['b', 1, false]])
    expect(ctx.gauges.stateKeys).toBe(2)
    await clock.advance(200)
    await instance.process([vote('a', 70)], input, emit)
    expect(states().slice(2)).toEqual([['a', 1, true], ['b', 1, true]])
    const late = vote('b', 30)
    await instance.process([late, { candidate_id: 'c', voting_time: 'noon' }], input, emit)
    expect(ports.late).toEqual([late])
    expect(ports.dead!.map((e) => e._error)).toEqual([expect.stringContaining('got "noon"')])
    await clock.advance(800)
    await instance.tick!(clock.now(), emit)
    expect(states().slice(4)).toEqual([['a', 1, false]])
    expect(ctx.gauges.stateKeys).toBe(1)
  })

  it('closes windows on ticks once input is idle, through the clock alone', async () => {
    const { clock, instance, ports, emit, input } = setup({ groupBy: ['candidate_id'], window: { tumblingMs: 10_000 }, emit: 'final', allowedLatenessMs: 2000, idleTimeoutMs: 1000 })
    await instance.process([vote('a', 1)], input, emit)
    await clock.advance(10_999)
    await instance.tick!(clock.now(), emit)
    expect(ports.out).toEqual([])
    await clock.advance(1)
    await instance.tick!(clock.now(), emit)
    expect(ports.out!.map((e) => e.count)).toEqual([1])
  })

  it('flushes every window as final at the end of input', async () => {
    const { instance, ports, emit, input } = setup({ groupBy: ['candidate_id'], emit: 'final' })
    await instance.process([vote('a', 1), vote('a', 2)], input, emit)
    await instance.flush!(emit)
    expect(ports.out).toEqual([{ candidate_id: 'a', count: 2, _window: { start: null, end: null, final: true }, _key: 'a' }])
  })

  it('restores a snapshot into a new instance that goes on as if it had never stopped', async () => {
    const config = { groupBy: ['candidate_id'], carry: ['candidate_name'], measures: [{ count: true, as: 'total_votes' }], emitIntervalMs: 0 }
    const first = setup(config)
    await first.instance.process([vote('a', 1), vote('b', 2)], first.input, first.emit)
    const state = JSON.parse(JSON.stringify(first.instance.snapshot!())) as unknown
    await first.instance.process([vote('a', 3)], first.input, first.emit)
    const second = setup(config)
    second.instance.restore!(state)
    expect(second.ctx.gauges.stateKeys).toBe(2)
    await second.instance.process([vote('a', 3)], second.input, second.emit)
    expect(second.ports.out).toEqual(first.ports.out!.slice(2))
    expect(second.ports.out).toEqual([{ candidate_id: 'a', candidate_name: 'Name a', total_votes: 2, _window: { start: null, end: null, final: false }, _key: 'a' }])
  })

  it('refuses to restore a snapshot of another aggregation', () => {
    const { instance } = setup({ groupBy: ['candidate_id'] })
    const other = setup({ groupBy: ['gender'] })
    expect(() => instance.restore!(other.instance.snapshot!())).toThrow(/saved for another aggregation/)
  })
})
