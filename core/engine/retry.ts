/** @module Retrying retryable failures with capped exponential backoff, on the injected clock. */
import type { Clock } from '../clock.ts'
import { isRetryable, type RetryPolicy } from '../plugin.ts'

export type { RetryPolicy }

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 30, initialDelayMs: 100, maxDelayMs: 5000 }

/** The delay before attempt `attempt + 1` (attempt counts from 1): doubling, capped. */
export function backoffDelayMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1))
}

/**
 * Runs `operation` until it succeeds, a non-retryable error occurs, or attempts run out.
 * `onRetry` hears about every retried failure (for metrics and logs).
 */
export async function withRetry<T>(
  operation: () => T | Promise<T>,
  options: { policy: RetryPolicy; clock: Clock; signal: AbortSignal; onRetry(error: unknown, attempt: number, delayMs: number): void },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation()
    } catch (error) {
      if (!isRetryable(error) || attempt >= options.policy.maxAttempts || options.signal.aborted) throw error
      const delayMs = backoffDelayMs(options.policy, attempt)
      options.onRetry(error, attempt, delayMs)
      await options.clock.sleep(delayMs, options.signal)
    }
  }
}
