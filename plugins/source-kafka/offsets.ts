/** @module The kafka-source position: the next offset to read per topic and partition, as JSON (`{ topic: { "0": "42" } }`). */

/** topic → partition → next offset to read (what Kafka stores as the committed offset). Offsets are decimal strings: they are 64-bit. */
export type Offsets = Record<string, Record<string, string>>

export interface TopicPartitionOffset {
  topic: string
  partition: number
  offset: string
}

/** The offset after `offset`. */
export function nextOffset(offset: string): string {
  return (BigInt(offset) + 1n).toString()
}

/** How many of `messages` (in offset order) come before offset `next`: those already handed out. */
export function countBelow(messages: readonly { offset: string }[], next: string): number {
  const floor = BigInt(next)
  let i = 0
  while (i < messages.length && BigInt(messages[i]!.offset) < floor) i++
  return i
}

/** Messages between `next` and the partition's high watermark, never negative. */
export function lagOf(highWatermark: string, next: string): number {
  const lag = BigInt(highWatermark) - BigInt(next)
  return lag > 0n ? Number(lag) : 0
}

/** A copy safe to hand out as a position while the original keeps moving. */
export function copyOffsets(offsets: Offsets): Offsets {
  const copy: Offsets = {}
  for (const topic in offsets) copy[topic] = { ...offsets[topic] }
  return copy
}

/**
 * Flattens a position into commit requests, keeping only partitions in `assigned` (topic →
 * partitions) when given. With `segmentSize` > 1 each offset is rounded down to the start of its
 * segment (a multiple of `segmentSize`), so whoever reads the partition next starts at one.
 */
export function toCommits(position: Offsets, assigned?: Record<string, number[]>, segmentSize = 1): TopicPartitionOffset[] {
  const commits: TopicPartitionOffset[] = []
  for (const [topic, partitions] of Object.entries(position)) {
    for (const [partition, offset] of Object.entries(partitions)) {
      if (assigned && !assigned[topic]?.includes(Number(partition))) continue
      commits.push({ topic, partition: Number(partition), offset: segmentStart(offset, segmentSize) })
    }
  }
  return commits
}

/** The first offset of the segment holding `offset`: `offset` rounded down to a multiple of `size`. */
export function segmentStart(offset: string, size: number): string {
  if (size === 1) return offset
  const fast = Number(offset)
  if (Number.isSafeInteger(fast)) return String(fast - (fast % size))
  const n = BigInt(offset)
  return (n - (n % BigInt(size))).toString()
}

/** Checks a position handed back by the engine (from a checkpoint); throws saying what is wrong. */
export function toOffsets(position: unknown, where: string): Offsets {
  const bad = (why: string) => new Error(`${where}: the stored position is not a kafka-source position (${why}); delete the checkpoint or use a new consumer group`)
  if (typeof position !== 'object' || position === null || Array.isArray(position)) throw bad('not an object')
  for (const [topic, partitions] of Object.entries(position)) {
    if (typeof partitions !== 'object' || partitions === null) throw bad(`topic ${topic} has no partition map`)
    for (const [partition, offset] of Object.entries(partitions)) {
      if (!/^\d+$/.test(partition) || typeof offset !== 'string' || !/^\d+$/.test(offset)) throw bad(`${topic}/${partition} = ${JSON.stringify(offset)}`)
    }
  }
  return position as Offsets
}

/**
 * True when a stored position names topics and none of them is one of `topics`: the checkpoint
 * was written by another configuration under the same pipeline name (a changed topic prefix).
 */
export function fromOtherTopics(position: Offsets, topics: readonly string[]): boolean {
  const stored = Object.keys(position)
  return stored.length > 0 && !stored.some((topic) => topics.includes(topic))
}
