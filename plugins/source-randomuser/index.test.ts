import { Value } from '@sinclair/typebox/value'
import { describe, expect, it } from 'vitest'
import { createManualClock } from '../../core/clock.ts'
import type { Event, SourceBatch } from '../../core/plugin.ts'
import { createTestContext } from '../../core/testing/test-context.ts'
import plugin from './index.ts'

const config = (options: Record<string, unknown>) => Value.Default(plugin.config, structuredClone(options)) as never

async function readAll(options: Record<string, unknown>, from?: unknown): Promise<SourceBatch[]> {
  const source = plugin.create(createTestContext(), config(options))
  const batches: SourceBatch[] = []
  for await (const batch of source.read(from, new AbortController().signal)) batches.push(batch)
  return batches
}

const events = (batches: SourceBatch[]): Event[] => batches.flatMap((b) => b.events)

describe('randomuser source', () => {
  it('produces `count` voters in batches, each batch positioned at the next sequence number', async () => {
    const batches = await readAll({ count: 2500, batchSize: 1000 })
    expect(batches.map((b) => [b.events.length, b.position])).toEqual([[1000, 1000], [1000, 2000], [500, 2500]])
    expect(Object.keys(batches[0]!.events[0]!)).toEqual([
      'voter_id', 'voter_name', 'date_of_birth', 'gender', 'nationality', 'registration_number', 'address',
      'email', 'phone_number', 'cell_number', 'picture', 'registered_age',
    ])
  })

  it('resumes from a committed position with exactly the records that followed it', async () => {
    const all = events(await readAll({ count: 50, batchSize: 7, seed: 3 }))
    const resumed = await readAll({ count: 50, batchSize: 7, seed: 3 }, 20)
    expect(resumed[0]!.position).toBe(27)
    expect(events(resumed)).toEqual(all.slice(20))
    expect(await readAll({ count: 50 }, 50)).toEqual([])
  })

  it('refuses a position that is not a sequence number, saying how to recover', async () => {
    await expect(readAll({ count: 5 }, { topic: 'x' })).rejects.toThrow(/cannot resume from position \{"topic":"x"\}.*clear the checkpoint/)
  })

  it('produces three candidates by default: male, female, male, one per flagship party', async () => {
    const candidates = events(await readAll({ role: 'candidate', seed: 7 }))
    expect(candidates.map((c) => c.party_affiliation)).toEqual(['Management Party', 'Savior Party', 'Tech Republic Party'])
    const raw = events(await readAll({ role: 'raw', count: 3, seed: 7 }))
    expect(candidates.map((c) => c.photo_url)).toEqual([
      expect.stringMatching(/\/men\//), expect.stringMatching(/\/women\//), expect.stringMatching(/\/men\//),
    ])
    expect(candidates[0]!.candidate_id).toBe((raw[0]!.login as { uuid: string }).uuid)
  })

  it('assigns a configured party list in turn', async () => {
    const candidates = events(await readAll({ role: 'candidate', count: 5, parties: ['Red', 'Blue'] }))
    expect(candidates.map((c) => c.party_affiliation)).toEqual(['Red', 'Blue', 'Red', 'Blue', 'Red'])
  })

  it('gives the voter role the same people as the raw role', async () => {
    const voters = events(await readAll({ count: 20, seed: 'same' }))
    const raw = events(await readAll({ role: 'raw', count: 20, seed: 'same' }))
    expect(voters.map((v) => v.voter_id)).toEqual(raw.map((r) => (r.login as { uuid: string }).uuid))
  })

  it('runs unbounded until the signal aborts', async () => {
    const source = plugin.create(createTestContext(), config({ batchSize: 100 }))
    const controller = new AbortController()
    let seen = 0
    for await (const batch of source.read(undefined, controller.signal)) {
      seen += batch.events.length
      if (seen >= 1000) controller.abort()
    }
    expect(seen).toBe(1000)
  })

  it('paces records through the clock at ratePerSec, ten steps a second', async () => {
    const clock = createManualClock(0)
    const source = plugin.create(createTestContext({ clock }), config({ count: 100, ratePerSec: 50 }))
    const arrivals: [number, number][] = []
    let finished = false
    const done = (async () => {
      for await (const batch of source.read(undefined, new AbortController().signal)) arrivals.push([clock.now(), batch.events.length])
      finished = true
    })()
    for (let step = 0; step < 100 && !finished; step++) {
      await new Promise((resolve) => setImmediate(resolve))
      await clock.advance(100)
    }
    await done
    expect(arrivals.slice(0, 4)).toEqual([[0, 5], [100, 5], [200, 5], [300, 5]])
    expect(arrivals.reduce((n, [, k]) => n + k, 0)).toBe(100)
  })

  it('rejects an unsupported nationality and unknown options in its schema', () => {
    expect(Value.Check(plugin.config, config({ nat: 'US' }))).toBe(false)
    expect(Value.Check(plugin.config, config({ nat: 'GB' }))).toBe(true)
    expect(Value.Check(plugin.config, config({ cout: 5 }))).toBe(false)
    expect(Value.Check(plugin.config, config({}))).toBe(true)
  })

  it('names the node and the fix when `now` is not a date', () => {
    const ctx = createTestContext({ nodeId: 'voters' })
    expect(() => plugin.create(ctx, config({ now: '2025-13-45T00:00:00Z' }))).toThrow(/^`now` is not a valid date: "2025-13-45T00:00:00Z" \(use an ISO-8601 UTC time/)
  })
})
