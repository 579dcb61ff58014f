import { describe, expect, it } from 'vitest'
import { partitionForKey } from './murmur2.ts'
import { nextSequence, nextSlice, partitionRecords } from './batching.ts'

const record = (key: string | null, value: string) => ({ key: key === null ? null : Buffer.from(key), value })

describe('producer batching', () => {
  it('wraps sequence numbers at int32 like the Java client', () => {
    expect(nextSequence(5, 3)).toBe(8)
    expect(nextSequence(0x7fffffff - 1, 3)).toBe(1)
  })

  it('puts keyed records on their murmur2 partition and spreads unkeyed ones by position, order kept', () => {
    const records = [record('a', '1'), record(null, '2'), record('a', '3'), record(null, '4'), record(null, '5')]
    const byPartition = partitionRecords(records, 3)
    const pa = partitionForKey(Buffer.from('a'), 3)
    expect(byPartition.get(pa)!.records.filter((r) => r.key !== null).map((r) => r.value)).toEqual(['1', '3'])
    expect([...byPartition.values()].flatMap((p) => p.records).length).toBe(5)
    expect(byPartition.get(1 % 3)!.records.map((r) => r.value)).toContain('2')
  })

  it('measures values in UTF-8 bytes, not characters', () => {
    expect(partitionRecords([record(null, 'Zoë')], 1).get(0)!.lengths).toEqual([4])
  })

  it('slices a partition into batches under the byte limit, resuming where acknowledged, never empty', () => {
    const all = partitionRecords(Array.from({ length: 10 }, (_, i) => record(null, 'x'.repeat(100 + i))), 1).get(0)!
    const first = nextSlice(all, 0, 400)
    expect(first.records.length).toBeGreaterThan(0)
    expect(first.lengths.reduce((a, b) => a + b + 16, 0)).toBeLessThanOrEqual(400)
    const second = nextSlice(all, first.records.length, 400)
    expect(second.records[0]).toBe(all.records[first.records.length])
    expect(nextSlice(all, 0, 10).records).toHaveLength(1)
    expect(nextSlice(all, 10, 400).records).toHaveLength(0)
  })
})
