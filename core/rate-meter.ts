/** @module Events per second of a growing counter, over a sliding window of clock time. */

export interface RateMeter {
  /** Records the counter's value at `now` and returns the rate over the window (0 until two samples exist). */
  sample(now: number, total: number): number
}

export function createRateMeter(windowMs = 5000): RateMeter {
  const samples: { at: number; total: number }[] = []
  return {
    sample(now, total) {
      samples.push({ at: now, total })
      while (samples.length > 2 && samples[1]!.at <= now - windowMs) samples.shift()
      const first = samples[0]!
      const elapsed = now - first.at
      return elapsed > 0 ? Math.max(0, ((total - first.total) * 1000) / elapsed) : 0
    },
  }
}
