/** @module Votes per candidate over event time, bucketed; bounded in memory and in the points it hands to the chart. */

/** Buckets kept before vote-fed buckets double in width. */
const MAX_BUCKETS = 2000

/**
 * Bucket start (ms) → candidate id → votes. Fed by raw votes (1 s buckets, coarsened as the run
 * grows) until the first tumbling window emission, which switches it to the aggregator's numbers.
 */
export interface Timeline {
  fromWindows: boolean
  bucketMs: number
  readonly buckets: Map<number, Map<string, number>>
}

/** What the chart draws: bucket starts in ms and, per candidate id, the votes in each bucket. */
export interface TimelineSeries {
  bucketMs: number
  x: number[]
  values: Map<string, number[]>
}

export function createTimeline(): Timeline {
  return { fromWindows: false, bucketMs: 1000, buckets: new Map() }
}

/** Counts one vote cast at event time `at`, unless window emissions already feed the timeline. */
export function addVote(timeline: Timeline, at: number, candidateId: string): void {
  if (timeline.fromWindows) return
  bump(timeline, Math.floor(at / timeline.bucketMs) * timeline.bucketMs, candidateId, 1)
  if (timeline.buckets.size > MAX_BUCKETS) coarsen(timeline)
}

/** Records the aggregator's count for a candidate in the tumbling window [start, end). */
export function setWindow(timeline: Timeline, start: number, end: number, candidateId: string, value: number): void {
  if (!timeline.fromWindows) {
    timeline.fromWindows = true
    timeline.buckets.clear()
    timeline.bucketMs = Math.max(1, end - start)
  }
  let bucket = timeline.buckets.get(start)
  if (bucket === undefined) timeline.buckets.set(start, (bucket = new Map()))
  bucket.set(candidateId, value)
}

function bump(timeline: Timeline, start: number, candidateId: string, n: number): void {
  let bucket = timeline.buckets.get(start)
  if (bucket === undefined) timeline.buckets.set(start, (bucket = new Map()))
  bucket.set(candidateId, (bucket.get(candidateId) ?? 0) + n)
}

function coarsen(timeline: Timeline): void {
  const old = [...timeline.buckets]
  timeline.buckets.clear()
  timeline.bucketMs *= 2
  for (const [start, counts] of old) {
    const merged = Math.floor(start / timeline.bucketMs) * timeline.bucketMs
    for (const [id, n] of counts) bump(timeline, merged, id, n)
  }
}

/** The series for `candidateIds`, gaps filled with zeros, in at most `maxPoints` buckets (widened by powers of two). */
export function toSeries(timeline: Timeline, candidateIds: readonly string[], maxPoints: number): TimelineSeries {
  if (timeline.buckets.size === 0) return { bucketMs: timeline.bucketMs, x: [], values: new Map(candidateIds.map((id) => [id, []])) }
  let first = Infinity
  let last = -Infinity
  for (const start of timeline.buckets.keys()) {
    first = Math.min(first, start)
    last = Math.max(last, start)
  }
  let width = timeline.bucketMs
  while ((last - first) / width + 1 > maxPoints) width *= 2
  const origin = Math.floor(first / width) * width
  const length = Math.floor((last - origin) / width) + 1
  const x = Array.from({ length }, (_, i) => origin + i * width)
  const values = new Map(candidateIds.map((id) => [id, new Array<number>(length).fill(0)]))
  for (const [start, counts] of timeline.buckets) {
    const i = Math.floor((start - origin) / width)
    for (const [id, n] of counts) {
      const series = values.get(id)
      if (series !== undefined) series[i] = (series[i] ?? 0) + n
    }
  }
  return { bucketMs: width, x, values }
}
