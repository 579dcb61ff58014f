/** @module Waiting in end-to-end tests: polls a probe until it answers, or fails saying what it waited for (never a fixed sleep). */

export interface UntilOptions {
  timeoutMs?: number
  intervalMs?: number
  /** What to add to the timeout's message (a process's stderr). */
  context?: () => string
}

/** The probe's first answer other than undefined or false. */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, options: UntilOptions = {}): Promise<T> {
  const { timeoutMs = 90_000, intervalMs = 100, context = () => '' } = options
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const found = await probe()
    if (found !== undefined && found !== false) return found
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${context()}`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
