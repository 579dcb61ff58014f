import { Value } from '@sinclair/typebox/value'
import { describe, expect, it } from 'vitest'
import { createManualClock, type Clock } from '../../core/clock.ts'
import type { Event } from '../../core/plugin.ts'
import { createTestContext } from '../../core/testing/test-context.ts'
import { createRecordFactory } from '../source-randomuser/record-factory.ts'
import { DEFAULT_PARTIES } from '../source-randomuser/roles.ts'
import plugin from './index.ts'

const config = (options: Record<string, unknown> = {}) => Value.Default(plugin.config, structuredClone(options)) as never

function records(role: 'voter' | 'candidate', seed: string, n: number): Event[] {
  const make = createRecordFactory({ role, seed, nowMs: Date.UTC(2025, 0, 1), parties: DEFAULT_PARTIES })
  return Array.from({ length: n }, (_, i) => make(i))
}

const candidates = records('candidate', 'c', 3)
const voters = records('voter', 'v', 50)

function setup(options: Record<string, unknown> = {}, clock: Clock = createManualClock(Date.UTC(2025, 4, 1))) {
  const ctx = createTestContext({ clock, nodeId: 'votes' })
  const node = plugin.create(ctx, config({ ratePerSec: 0, jitterMs: 0, ...options }))
  const out: Record<string, Event[]> = {}
  const emit = (events: Event[], port = 'out') => void (out[port] = [...(out[port] ?? []), ...events])
  return { ctx, node, out, emit }
}

/** Lets the node's pending work run, advancing the manual clock `stepMs` at a time until `done` settles. */
async function drive(clock: ReturnType<typeof createManualClock>, done: Promise<unknown>, stepMs: number) {
  let settled = false
  const watched = done.finally(() => (settled = true))
  for (let step = 0; step < 1000 && !settled; step++) {
    await new Promise((resolve) => setImmediate(resolve))
    await clock.advance(stepMs)
  }
  return watched
}

describe('voting plugin', () => {
  it('declares voters and candidates inputs, candidates drained first', () => {
    expect(plugin.inputs).toEqual({
      voters: expect.objectContaining({ required: true }),
      candidates: expect.objectContaining({ required: true, first: true }),
    })
  })

  it('votes once per voter, dead-letters and counts repeats', async () => {
    const { ctx, node, out, emit } = setup()
    await node.process(candidates, { role: 'candidates', from: 'candidates' }, emit)
    await node.process(voters, { role: 'voters', from: 'voters' }, emit)
    await node.process(voters.slice(0, 5), { role: 'voters', from: 'voters' }, emit)
    expect(out.out).toHaveLength(50)
    expect(out.out![0]).toMatchObject({ voter_id: voters[0]!.voter_id, voting_time: '2025-05-01 00:00:00', vote: 1 })
    expect(out.dead!.map((d) => d.reason)).toEqual(Array(5).fill('duplicate_vote'))
    expect(ctx.counters.duplicates).toBe(5)
    expect(ctx.gauges.seen_voters).toBe(50)
  })

  it('fails clearly when voters arrive and no candidate does within the timeout', async () => {
    const clock = createManualClock(0)
    const { node, emit } = setup({ candidatesTimeoutMs: 500 }, clock)
    const result = Promise.resolve(node.process(voters, { role: 'voters', from: 'voters' }, emit))
    await expect(drive(clock, result, 100)).rejects.toThrow(
      /^voters arrived but no candidates did within 500 ms; wire a candidates stream .* or raise `candidatesTimeoutMs`/,
    )
    expect(clock.now()).toBeGreaterThanOrEqual(500)
  })

  it('goes ahead once a candidate arrives while voters wait', async () => {
    const clock = createManualClock(0)
    const { node, out, emit } = setup({}, clock)
    const waiting = Promise.resolve(node.process(voters.slice(0, 3), { role: 'voters', from: 'voters' }, emit))
    await clock.advance(300)
    await node.process(candidates, { role: 'candidates', from: 'candidates' }, emit)
    await drive(clock, waiting, 100)
    expect(out.out).toHaveLength(3)
  })

  it('paces voters at ratePerSec through the clock', async () => {
    const clock = createManualClock(0)
    const { node, emit } = setup({ ratePerSec: 100 }, clock)
    await node.process(candidates, { role: 'candidates', from: 'candidates' }, emit)
    const emittedAt: number[] = []
    const done = Promise.resolve(node.process(voters, { role: 'voters', from: 'voters' }, (events, port) => {
      emittedAt.push(clock.now())
      emit(events, port)
    }))
    await drive(clock, done, 50)
    expect(emittedAt).toEqual([0, 100, 200, 300, 400])
  })

  it('stamps each voter the same whenever the node starts: the election opens at startTime (default 2025-05-01T07:00:00Z), not at the clock', async () => {
    const stamps = async (clockMs: number, options: Record<string, unknown> = {}) => {
      const { node, out, emit } = setup({ durationMs: 3_600_000, expectedVoters: 50, ...options }, createManualClock(clockMs))
      await node.process(candidates, { role: 'candidates', from: 'candidates' }, emit)
      await node.process(voters, { role: 'voters', from: 'voters' }, emit)
      return out.out!.map((v) => `${v.voter_id} ${v.voting_time}`)
    }
    const first = await stamps(Date.UTC(2026, 2, 3, 12))
    expect(await stamps(Date.UTC(2026, 2, 3, 12, 1, 0, 17))).toEqual(first)
    expect(first[0]).toMatch(/ 2025-05-01 07:00:00$/)
    expect((await stamps(0, { startTime: '2024-11-05T11:00:00Z' }))[1]).toMatch(/ 2024-11-05 11:01:12$/)
  })

  it('snapshots and restores so a resumed node does not accept a voter twice', async () => {
    const first = setup()
    await first.node.process(candidates, { role: 'candidates', from: 'candidates' }, first.emit)
    await first.node.process(voters.slice(0, 30), { role: 'voters', from: 'voters' }, first.emit)
    const state = JSON.parse(JSON.stringify(first.node.snapshot!()))
    const second = setup()
    second.node.restore!(state)
    await second.node.process(voters, { role: 'voters', from: 'voters' }, second.emit)
    expect(second.out.out!.map((v) => v.voter_id)).toEqual(voters.slice(30).map((v) => v.voter_id))
    expect(second.out.dead).toHaveLength(30)
  })

  it('rejects options that would do nothing, naming the node and the fix', () => {
    const ctx = createTestContext({ nodeId: 'votes' })
    expect(() => plugin.create(ctx, config({ weights: { x: 2 } }))).toThrow(/^`weights` has no effect with choice: uniform; set choice: weighted/)
    expect(() => plugin.create(ctx, config({ choice: 'weighted', stateWeights: { Kent: { x: 2 } } }))).toThrow(/`stateWeights` has no effect with choice: weighted; set choice: demographic/)
  })

  it('has a schema with defaults and no unknown keys', () => {
    expect(Value.Check(plugin.config, config())).toBe(true)
    expect(config()).toMatchObject({ choice: 'uniform', turnout: 1, ratePerSec: 2000, durationMs: 0, lateFraction: 0 })
    expect(Value.Check(plugin.config, config({ rate: 5 }))).toBe(false)
    expect(Value.Check(plugin.config, config({ turnout: 1.5 }))).toBe(false)
  })
})
