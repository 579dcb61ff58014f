/** @module Spaces work to a rate through the injected clock: `take(n)` waits until n more items fit in the rate. */
import type { Clock } from './clock.ts'

export interface Pacer {
  /** Resolves when `n` items may go; rejects with the signal's reason when aborted. Bursts never build up credit from idle time. */
  take(n: number, signal?: AbortSignal): Promise<void>
}

/** A rate of 0 or less never waits. */
export function createPacer(clock: Clock, ratePerSec: number): Pacer {
  let next = Number.NEGATIVE_INFINITY
  return {
    async take(n, signal) {
      if (ratePerSec <= 0) return
      const now = clock.now()
      if (next < now) next = now
      const wait = next - now
      next += (n * 1000) / ratePerSec
      if (wait > 0) await clock.sleep(wait, signal)
    },
  }
}

/** Items per step so a paced stream moves about ten times a second instead of in one burst per batch. */
export function pacedChunkSize(ratePerSec: number, batchSize: number): number {
  return ratePerSec > 0 ? Math.max(1, Math.min(batchSize, Math.floor(ratePerSec / 10))) : batchSize
}
