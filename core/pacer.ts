/** @module Spaces work to a rate through the injected clock: `take(n)` waits until n more items fit in the rate. */
import type { Clock } from './clock.ts'

export interface Pacer {
  /**
   * Resolves when `n` items may go; rejects with the signal's reason when `signal` aborts. Once
   * `hurry` aborts (a graceful stop began: `ctx.draining`), it no longer waits. Bursts never build
   * up credit from idle time.
   */
  take(n: number, signal?: AbortSignal, hurry?: AbortSignal): Promise<void>
}

/** A rate of 0 or less never waits. */
export function createPacer(clock: Clock, ratePerSec: number): Pacer {
  let next = Number.NEGATIVE_INFINITY
  return {
    async take(n, signal, hurry) {
      if (ratePerSec <= 0 || hurry?.aborted) return
      const now = clock.now()
      if (next < now) next = now
      const wait = next - now
      next += (n * 1000) / ratePerSec
      if (wait <= 0) return
      if (!hurry) return clock.sleep(wait, signal)
      await clock.sleep(wait, signal ? AbortSignal.any([signal, hurry]) : hurry).catch((error: unknown) => {
        if (!hurry.aborted || signal?.aborted) throw error
      })
    },
  }
}

/** Items per step so a paced stream moves about ten times a second instead of in one burst per batch. */
export function pacedChunkSize(ratePerSec: number, batchSize: number): number {
  return ratePerSec > 0 ? Math.max(1, Math.min(batchSize, Math.floor(ratePerSec / 10))) : batchSize
}
