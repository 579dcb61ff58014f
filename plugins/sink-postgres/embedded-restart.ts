/** @module When and how often an embedded server that died is started again: the decisions, pure, so they are tested without processes or timers. */

export interface RestartPolicy {
  /** Starts in one crash episode, the first start included; past it the server is given up. */
  maxAttempts: number
  /** Wait before the first restart; doubles with every further attempt. */
  initialDelayMs: number
  maxDelayMs: number
  /** A server up this long has recovered: its next exit starts a new episode (attempt 2 again). */
  stableMs: number
}

export const defaultRestartPolicy: RestartPolicy = { maxAttempts: 8, initialDelayMs: 100, maxDelayMs: 5_000, stableMs: 60_000 }

/** The next start: its attempt number in the episode and the wait before it. */
export interface RestartPlan {
  attempt: number
  delayMs: number
}

/**
 * After start number `attempt` ended, having served for `upMs` (0 when it never got ready): the next
 * start, or undefined when the episode has used its attempts. The start that ran until the crash is
 * attempt 1, so the first restart is attempt 2.
 */
export function planRestart(policy: RestartPolicy, ended: { attempt: number; upMs: number }): RestartPlan | undefined {
  const attempt = ended.upMs >= policy.stableMs ? 2 : ended.attempt + 1
  if (attempt > policy.maxAttempts) return undefined
  return { attempt, delayMs: Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 2)) }
}

/** How a process ended, for log lines: `signal SIGKILL`, `exit code 1`. */
export function describeExit(exit: { code: number | null; signal: string | null }): string {
  if (exit.signal) return `signal ${exit.signal}`
  return `exit code ${exit.code ?? 'unknown'}`
}
