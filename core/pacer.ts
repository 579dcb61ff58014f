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
      await sleepUnlessHurried(clock, wait, signal, hurry)
    },
  }
}

/**
 * Sleeps `ms`, resolving early when `hurry` aborts and rejecting when `signal` does. Listeners are
 * removed afterwards (no AbortSignal.any per step: with long-lived signals it leaks on Node 20 and Deno).
 */
async function sleepUnlessHurried(clock: Clock, ms: number, signal: AbortSignal | undefined, hurry: AbortSignal): Promise<void> {
  if (signal?.aborted) throw signal.reason
  const wake = new AbortController()
  const onAbort = () => wake.abort()
  signal?.addEventListener('abort', onAbort, { once: true })
  hurry.addEventListener('abort', onAbort, { once: true })
  try {
    await clock.sleep(ms, wake.signal)
  } catch (error) {
    if (signal?.aborted) throw signal.reason
    if (!hurry.aborted) throw error
  } finally {
    signal?.removeEventListener('abort', onAbort)
    hurry.removeEventListener('abort', onAbort)
  }
}

/** Items per step so a paced stream moves about ten times a second instead of in one burst per batch. */
export function pacedChunkSize(ratePerSec: number, batchSize: number): number {
  return ratePerSec > 0 ? Math.max(1, Math.min(batchSize, Math.floor(ratePerSec / 10))) : batchSize
}
