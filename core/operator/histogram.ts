/** @module Cumulative histograms with fixed bucket bounds: what the engine records for latencies and /metrics exposes. Pure. */

export interface Histogram {
  /** Upper bounds of the buckets, ascending; a last bucket (+Inf) takes the rest. */
  readonly bounds: readonly number[]
  /** Observations per bucket (not cumulative), one more than `bounds`. */
  readonly counts: number[]
  sum: number
  count: number
}

/** Seconds, from a millisecond to half a minute: sink writes, checkpoints. */
export const LATENCY_BOUNDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

export function createHistogram(bounds: readonly number[] = LATENCY_BOUNDS): Histogram {
  return { bounds, counts: new Array<number>(bounds.length + 1).fill(0), sum: 0, count: 0 }
}

export function observe(histogram: Histogram, value: number): void {
  let i = 0
  while (i < histogram.bounds.length && value > histogram.bounds[i]!) i++
  histogram.counts[i]!++
  histogram.sum += value
  histogram.count++
}

/** Cumulative counts per upper bound, `+Inf` last: the `_bucket` samples. */
export function cumulativeBuckets(histogram: Histogram): { le: number; count: number }[] {
  let running = 0
  return histogram.counts.map((n, i) => ({ le: histogram.bounds[i] ?? Infinity, count: (running += n) }))
}
