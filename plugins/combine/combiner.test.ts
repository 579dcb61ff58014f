import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Event } from '../../core/plugin.ts'
import { createCombiner } from './combiner.ts'
import type { CombineConfig } from './config.ts'

const perCandidate: CombineConfig = { groupBy: ['candidate_id'], partBy: ['partition', 'first_offset'], keep: 'latest', sum: ['total_votes'], carry: ['candidate_name', 'party_affiliation', 'photo_url'], emitIntervalMs: 0 }
const partial = (candidate: string, partition: number, total: number, first = 0): Event => ({
  candidate_id: candidate,
  partition,
  candidate_name: `Name ${candidate}`,
  party_affiliation: 'Tech Republic Party',
  photo_url: `https://example.org/${candidate}.jpg`,
  total_votes: total,
  first_offset: first,
})
const perSegment: CombineConfig = { groupBy: ['candidate_id'], partBy: ['partition', 'segment'], keep: 'greatest', sum: ['total_votes'], carry: [], emitIntervalMs: 0 }
const segmentCount = (candidate: string, partition: number, segment: string, total: number): Event => ({ candidate_id: candidate, partition, segment, total_votes: total })
const totals = (events: Event[]) => events.map((e) => [e._key, e.total_votes])

describe('combine', () => {
  it('sums the latest value of every part into the classic per-candidate shape', () => {
    const combiner = createCombiner(perCandidate)
    const out = combiner.add([partial('a', 0, 3), partial('a', 1, 4), partial('b', 0, 1)])
    expect(out).toEqual([
      { candidate_id: 'a', candidate_name: 'Name a', party_affiliation: 'Tech Republic Party', photo_url: 'https://example.org/a.jpg', total_votes: 7, _window: { start: null, end: null, final: false }, _key: 'a' },
      { candidate_id: 'b', candidate_name: 'Name b', party_affiliation: 'Tech Republic Party', photo_url: 'https://example.org/b.jpg', total_votes: 1, _window: { start: null, end: null, final: false }, _key: 'b' },
    ])
    expect(Object.keys(out[0]!)).toEqual(['candidate_id', 'candidate_name', 'party_affiliation', 'photo_url', 'total_votes', '_window', '_key'])
  })

  it('replaces a part by its newer value rather than adding it', () => {
    const combiner = createCombiner(perCandidate)
    combiner.add([partial('a', 0, 3), partial('a', 1, 4)])
    expect(totals(combiner.add([partial('a', 0, 5)]))).toEqual([['a', 9]])
  })

  it('keeps parts with the same partition but another first offset apart (a partition that moved between processes)', () => {
    const combiner = createCombiner(perCandidate)
    combiner.add([partial('a', 2, 10, 0)])
    expect(totals(combiner.add([partial('a', 2, 4, 120), partial('a', 2, 6, 120)]))).toEqual([['a', 16]])
    expect(combiner.size).toEqual({ groups: 1, parts: 2 })
  })

  it('emits a group only when its total or carried fields change', () => {
    const combiner = createCombiner(perCandidate)
    combiner.add([partial('a', 0, 3)])
    expect(combiner.add([partial('a', 0, 3)])).toEqual([])
    expect(combiner.add([{ ...partial('a', 0, 3), candidate_name: 'Renamed' }]).map((e) => e.candidate_name)).toEqual(['Renamed'])
  })

  it('groups by nested fields under their output names, and counts non-numbers as 0', () => {
    const combiner = createCombiner({ groupBy: [{ field: 'where.state', as: 'state' }], partBy: ['p'], keep: 'latest', sum: ['count'], carry: [] })
    const out = combiner.add([{ where: { state: 'Kent' }, p: 0, count: 2 }, { where: { state: 'Kent' }, p: 1, count: '3' }, { where: { state: 'Kent' }, p: 2, count: 'n/a' }])
    expect(out).toEqual([{ state: 'Kent', count: 5, _window: { start: null, end: null, final: false }, _key: 'Kent' }])
  })

  it('gives one total over everything without groupBy, and JSON-array keys for several group fields', () => {
    expect(createCombiner({ groupBy: [], partBy: ['p'], keep: 'latest', sum: ['n'], carry: [] }).add([{ p: 1, n: 1 }, { p: 2, n: 2 }]).map((e) => [e._key, e.n])).toEqual([['', 3]])
    const two = createCombiner({ groupBy: ['a', 'b'], partBy: ['p'], keep: 'latest', sum: ['n'], carry: [] })
    expect(two.add([{ a: 'x', b: 1, p: 0, n: 1 }])[0]!._key).toBe('["x","1"]')
  })

  it('emits every total as final at flush and keeps its state', () => {
    const combiner = createCombiner(perCandidate)
    combiner.add([partial('a', 0, 3), partial('b', 0, 1)])
    expect(combiner.flush().map((e) => [e._key, e.total_votes, (e._window as { final: boolean }).final])).toEqual([['a', 3, true], ['b', 1, true]])
    expect(totals(combiner.add([partial('b', 1, 1)]))).toEqual([['b', 2]])
  })

  it('restores a snapshot and goes on as if it had never stopped', () => {
    const before = createCombiner(perCandidate)
    before.add([partial('a', 0, 3), partial('a', 1, 4)])
    const after = createCombiner(perCandidate)
    after.restore(JSON.parse(JSON.stringify(before.snapshot())))
    expect(after.add([partial('a', 0, 3)])).toEqual([])
    expect(totals(after.add([partial('a', 1, 5)]))).toEqual([['a', 8]])
    expect(after.size).toEqual({ groups: 1, parts: 2 })
  })

  it('refuses a snapshot of other options or of another plugin', () => {
    const snapshot = createCombiner(perCandidate).snapshot()
    expect(() => createCombiner({ ...perCandidate, sum: ['votes'] }).restore(snapshot)).toThrow(/other options .* clear the pipeline's checkpoint/)
    expect(() => createCombiner(perCandidate).restore({ version: 1, shape: 'x' })).toThrow(/not a version 1 combine state/)
  })

  it('ends with the sum of every part\'s last value, whatever the order parts interleave in', () => {
    const update = fc.record({ candidate: fc.constantFrom('a', 'b'), partition: fc.integer({ min: 0, max: 3 }), total: fc.nat(1000) })
    fc.assert(
      fc.property(fc.array(update, { maxLength: 60 }), fc.integer({ min: 1, max: 7 }), (updates, batch) => {
        const combiner = createCombiner(perCandidate)
        const latest = new Map<string, Event>()
        for (let i = 0; i < updates.length; i += batch) {
          for (const u of updates.slice(i, i + batch)) latest.set(`${u.candidate}/${u.partition}`, partial(u.candidate, u.partition, u.total))
          combiner.add(updates.slice(i, i + batch).map((u) => partial(u.candidate, u.partition, u.total)))
        }
        const expected = new Map<string, number>()
        for (const e of latest.values()) expected.set(e.candidate_id as string, (expected.get(e.candidate_id as string) ?? 0) + (e.total_votes as number))
        expect(new Map(combiner.flush().map((e) => [e._key as string, e.total_votes as number]))).toEqual(expected)
      }),
    )
  })

  it('keeps a part\'s greatest value with `keep: greatest`, so a late, smaller count of the same part changes nothing', () => {
    const combiner = createCombiner({ ...perSegment })
    combiner.add([segmentCount('a', 0, '0', 7)])
    expect(combiner.add([segmentCount('a', 0, '0', 5)])).toEqual([])
    expect(totals(combiner.add([segmentCount('a', 0, '0', 9), segmentCount('a', 0, '10000', 1)]))).toEqual([['a', 10]])
  })

  it('with `keep: greatest`, prefix counts of segments by several processes in any order sum to the true count and never above it', () => {
    const size = 10
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b'), { maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(size)), { maxLength: 40 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (log, partialReads, batch, order) => {
          // Each process that read (part of) a segment reports the counts of a prefix of it.
          const prefix = (segment: number, length: number): Event[] => {
            const votes = log.slice(segment * size, segment * size + length)
            return ['a', 'b'].map((c) => segmentCount(c, 0, String(segment * size), votes.filter((v) => v === c).length))
          }
          const segments = Math.ceil(log.length / size)
          const reports = [...Array.from({ length: segments }, (_, s) => prefix(s, size)), ...(segments > 0 ? partialReads.map(([s, n]) => prefix(s % segments, n)) : [])]
          // Shuffle by the random `order`, then feed in batches.
          const shuffled = reports.map((r, i) => ({ r, k: order[i] ?? i })).sort((x, y) => x.k - y.k).flatMap((x) => x.r)
          const truth = (c: string) => log.filter((v) => v === c).length
          const combiner = createCombiner(perSegment)
          for (let i = 0; i < shuffled.length; i += batch) {
            for (const e of combiner.add(shuffled.slice(i, i + batch))) expect(e.total_votes as number).toBeLessThanOrEqual(truth(e.candidate_id as string))
          }
          for (const e of combiner.flush()) expect(e.total_votes).toBe(truth(e.candidate_id as string))
        },
      ),
    )
  })

  it('holds changes until asked (update, then changed) and emits a change not yet emitted after a restore', () => {
    const combiner = createCombiner(perSegment)
    combiner.update([segmentCount('a', 0, '0', 3)])
    combiner.update([segmentCount('a', 1, '0', 2), segmentCount('b', 0, '0', 1)])
    expect(totals(combiner.changed())).toEqual([['a', 5], ['b', 1]])
    expect(combiner.changed()).toEqual([])
    combiner.update([segmentCount('a', 0, '0', 4)])
    const restored = createCombiner(perSegment)
    restored.restore(JSON.parse(JSON.stringify(combiner.snapshot())))
    expect(totals(restored.changed())).toEqual([['a', 6]])
  })
})
