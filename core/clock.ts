/** @module Time as a dependency: the engine and plugins read and wait through a Clock, so tests drive time by hand. */

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
  /** Resolves after `ms` of this clock's time; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/** The wall clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const onAbort = () => {
        clearTimeout(timer)
        reject(signal?.reason)
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      signal?.addEventListener('abort', onAbort, { once: true })
    }),
}

/** A clock that moves only when told: `advance(ms)` wakes every sleeper whose time has come. */
export function createManualClock(start = 0): Clock & { advance(ms: number): Promise<void>; set(ms: number): Promise<void> } {
  let current = start
  const sleepers: { at: number; resolve: () => void }[] = []
  const wake = async () => {
    sleepers.sort((a, b) => a.at - b.at)
    while (sleepers.length > 0 && sleepers[0]!.at <= current) {
      sleepers.shift()!.resolve()
      await Promise.resolve()
    }
  }
  return {
    now: () => current,
    sleep(ms, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason)
      return new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          sleepers.splice(sleepers.indexOf(sleeper), 1)
          reject(signal?.reason)
        }
        const sleeper = {
          at: current + ms,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort)
            resolve()
          },
        }
        sleepers.push(sleeper)
        signal?.addEventListener('abort', onAbort, { once: true })
      })
    },
    async advance(ms) {
      current += ms
      await wake()
    },
    async set(ms) {
      current = ms
      await wake()
    },
  }
}
