/**
 * @module When kafka-source starts a consumer again itself: kafkajs gave up on it because the
 * group coordinator was not ready (a broker starting up, a coordinator moving), and the node's
 * retry policy has attempts left.
 */
import { backoffDelayMs } from '../../core/engine/retry.ts'
import type { RetryPolicy } from '../../core/plugin.ts'

/** COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR: retryable, and kafkajs' group join gives up on them. */
const notReadyCodes = new Set([14, 15, 16])
/** kafkajs' name for FindCoordinator answering COORDINATOR_NOT_AVAILABLE until its own retries ran out. */
const notReadyNames = new Set(['KafkaJSGroupCoordinatorNotFound'])

/** True when `error` or anything it wraps (`cause`, kafkajs' `originalError`) says the group coordinator is not ready yet. */
export function isCoordinatorNotReady(error: unknown): boolean {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 10; depth++) {
    const { code, name, cause, originalError } = e as { code?: unknown; name?: unknown; cause?: unknown; originalError?: unknown }
    if (typeof code === 'number' && notReadyCodes.has(code)) return true
    if (typeof name === 'string' && notReadyNames.has(name)) return true
    e = cause ?? originalError
  }
  return false
}

export interface CoordinatorWait {
  /** The wait before starting the consumer again after `error`; undefined when the coordinator is not the reason or the policy's attempts are spent. */
  next(error: unknown): number | undefined
  /** What to throw when `next` said no: for a coordinator that stayed unready, an error that is not retried again (the policy is spent). */
  failure(error: unknown): unknown
  /** The group was joined: the next failure starts counting afresh. */
  joined(): void
}

/** Counts the tries since the group was last joined against `policy.maxAttempts` (the try that failed is the first). */
export function createCoordinatorWait(policy: RetryPolicy, where: string): CoordinatorWait {
  let attempts = 1
  let waitedMs = 0
  return {
    next(error) {
      if (!isCoordinatorNotReady(error) || attempts >= policy.maxAttempts) return undefined
      const delayMs = backoffDelayMs(policy, attempts++)
      waitedMs += delayMs
      return delayMs
    },
    failure(error) {
      if (!isCoordinatorNotReady(error)) return error
      const reason = error instanceof Error ? error.message : String(error)
      return new Error(`${where}: the group coordinator was still not ready after ${attempts} attempts over ${(waitedMs / 1000).toFixed(1)} s (${reason}); raise the node's retry.maxAttempts or retry.maxDelayMs to wait longer`, { cause: error })
    },
    joined() {
      attempts = 1
      waitedMs = 0
    },
  }
}

/** Real time, not the pipeline clock: the broker loads its coordinator in its own time (a manual test clock would never let it pass). Resolves early on abort. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}
