/** @module How a write is cut into record batches: by partition (Java-compatible key hashing), then by size; sequence numbers. */
import { partitionForKey } from './murmur2.ts'
import type { BatchRecord } from './record-batch.ts'

/** Java's sequence arithmetic: int32 that wraps to 0. */
export function nextSequence(sequence: number, increment: number): number {
  return sequence > 0x7fffffff - increment ? increment - (0x7fffffff - sequence) - 1 : sequence + increment
}

export interface Partitioned {
  records: BatchRecord[]
  /** UTF-8 length of each value. */
  lengths: number[]
}

/** Groups records by partition, keeping their order within each. */
export function partitionRecords(records: readonly BatchRecord[], partitions: number): Map<number, Partitioned> {
  const byPartition = new Map<number, Partitioned>()
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!
    const partition = record.key === null ? i % partitions : partitionForKey(record.key, partitions)
    let group = byPartition.get(partition)
    if (!group) byPartition.set(partition, (group = { records: [], lengths: [] }))
    group.records.push(record)
    group.lengths.push(Buffer.byteLength(record.value, 'utf8'))
  }
  return byPartition
}

/** The records from `start` that fit in one batch of about `maxBytes` (at least one). */
export function nextSlice(all: Partitioned, start: number, maxBytes: number): { records: BatchRecord[]; lengths: number[] } {
  let end = start
  let bytes = 0
  while (end < all.records.length) {
    const size = all.lengths[end]! + (all.records[end]!.key?.length ?? 0) + 16
    if (end > start && bytes + size > maxBytes) break
    bytes += size
    end++
  }
  return { records: all.records.slice(start, end), lengths: all.lengths.slice(start, end) }
}
