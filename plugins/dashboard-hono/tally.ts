/** @module Counts per key, fed either by raw votes or by the aggregator's window emissions (which then take over). */

/**
 * A count per key. While only votes arrive it counts them itself; the first window emission switches
 * it to the aggregator's numbers for good (a changelog: each emission replaces the value of its key
 * and window; a key's total is the sum over its non-overlapping windows, one entry when cumulative).
 */
export interface Tally {
  fromAggregate: boolean
  readonly totals: Map<string, number>
  readonly windows: Map<string, Map<string, number>>
}

export function createTally(): Tally {
  return { fromAggregate: false, totals: new Map(), windows: new Map() }
}

/** Counts one vote for `key`, unless the aggregator already feeds this tally. */
export function countVote(tally: Tally, key: string): void {
  if (!tally.fromAggregate) tally.totals.set(key, (tally.totals.get(key) ?? 0) + 1)
}

/** Records the aggregator's value for `key` in the window starting at `windowStart` (null: cumulative). */
export function setAggregate(tally: Tally, key: string, windowStart: number | null, value: number): void {
  if (!tally.fromAggregate) {
    tally.fromAggregate = true
    tally.totals.clear()
  }
  let perWindow = tally.windows.get(key)
  if (perWindow === undefined) tally.windows.set(key, (perWindow = new Map()))
  const window = String(windowStart)
  const previous = perWindow.get(window) ?? 0
  perWindow.set(window, value)
  tally.totals.set(key, (tally.totals.get(key) ?? 0) + value - previous)
}

/** Sum of every key's total. */
export function tallySum(tally: Tally): number {
  let sum = 0
  for (const n of tally.totals.values()) sum += n
  return sum
}
