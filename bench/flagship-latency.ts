/**
 * @module Vote latency from two counters over time: when the producer emitted its N-th vote, and
 * when an observer (a Postgres total, a dashboard push) first showed a count of at least N. Pure.
 *
 * Votes are counted in order by every stage (the simulator emits vote N before N+1, the window adds
 * them in that order, the aggregate total is monotonic), so "the observed total reached N" means
 * "vote N is visible". Latency of vote N = first observation time with total ≥ N − emission time of
 * the batch holding vote N. Percentiles are over votes (each emitted batch weighs its vote count).
 */

/** A counter sampled over time: `at[i]` (ms) when the cumulative count became `count[i]`; both non-decreasing. */
export interface CounterSeries {
  at: number[]
  count: number[]
}

export interface LatencySummary {
  /** Votes in the measured range. */
  votes: number
  /** Of those, votes never observed (counted as infinitely late in the percentiles). */
  unseen: number
  p50: number
  p90: number
  p99: number
  max: number
}

/**
 * Latencies of votes `from`+1 … `to` (1-based vote numbers): `emitted` is the producer's cumulative
 * count after each emitted batch, `seen` the observer's total at each change.
 */
export function voteLatencies(emitted: CounterSeries, seen: CounterSeries, from: number, to: number): LatencySummary {
  const segments: { latency: number; votes: number }[] = []
  let e = 0
  let covered = from
  for (let j = 0; j < seen.at.length && covered < to; j++) {
    const total = Math.min(seen.count[j]!, to)
    if (total <= covered) continue
    // Votes covered+1 … total became visible at seen.at[j]; split them by the batch that emitted each.
    let n = covered
    while (n < total) {
      while (e < emitted.count.length && emitted.count[e]! <= n) e++
      const batchEnd = emitted.count[e]
      if (batchEnd === undefined) throw new Error(`observer saw ${total} votes but only ${emitted.count.at(-1) ?? 0} were emitted: the two counters do not count the same votes`)
      const upTo = Math.min(batchEnd, total)
      segments.push({ latency: seen.at[j]! - emitted.at[e]!, votes: upTo - n })
      n = upTo
    }
    covered = total
  }
  const votes = to - from
  const unseen = to - covered
  if (unseen > 0) segments.push({ latency: Number.POSITIVE_INFINITY, votes: unseen })
  segments.sort((a, b) => a.latency - b.latency)
  const quantile = (q: number) => {
    const rank = q * votes
    let sum = 0
    for (const s of segments) {
      sum += s.votes
      if (sum >= rank) return s.latency
    }
    return segments.at(-1)?.latency ?? Number.NaN
  }
  return { votes, unseen, p50: quantile(0.5), p90: quantile(0.9), p99: quantile(0.99), max: segments.at(-1)?.latency ?? Number.NaN }
}

/** The cumulative count reached by time `t` (0 before the first sample). */
export function countAt(series: CounterSeries, t: number): number {
  let count = 0
  for (let i = 0; i < series.at.length && series.at[i]! <= t; i++) count = series.count[i]!
  return count
}
