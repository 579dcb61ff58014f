/**
 * @module Event-loop delay: how late a timer due every `intervalMs` fires, as a histogram. A timer
 * of our own rather than node:perf_hooks' monitorEventLoopDelay: Node 20's includes its sampling
 * resolution in every value and Deno 2's does not see a blocked loop at all (100 ms blocks read
 * as 6 ms), so this one measures the same thing on Node, Bun and Deno. Web-standard APIs only.
 */
import { createHistogram, observe, type Histogram } from './histogram.ts'

export const LOOP_DELAY_BOUNDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

export interface EventLoopDelaySampler {
  readonly histogram: Histogram
  stop(): void
}

export function startEventLoopDelaySampler(intervalMs = 20): EventLoopDelaySampler {
  const histogram = createHistogram(LOOP_DELAY_BOUNDS)
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  const schedule = () => {
    const due = performance.now() + intervalMs
    timer = setTimeout(() => {
      observe(histogram, Math.max(0, performance.now() - due) / 1000)
      if (!stopped) schedule()
    }, intervalMs)
    unref(timer)
  }
  schedule()
  return {
    histogram,
    stop() {
      stopped = true
      clearTimeout(timer)
    },
  }
}

/** The sampler alone never keeps a process alive (Node and Bun: `unref()`; Deno: `Deno.unrefTimer`). */
function unref(timer: ReturnType<typeof setTimeout>): void {
  if (typeof timer === 'object' && timer !== null && 'unref' in timer) (timer as { unref(): void }).unref()
  else (globalThis as { Deno?: { unrefTimer?(id: number): void } }).Deno?.unrefTimer?.(timer as unknown as number)
}
