/** @module How checkpoints went: how many completed, how long each took from barrier to commit, when the last one did. */
import type { Clock } from '../clock.ts'
import type { CheckpointMetrics } from '../metrics.ts'
import { createHistogram, observe } from '../operator/histogram.ts'

export interface CheckpointStats {
  /** Barrier `id` left the sources now. */
  opened(id: number): void
  /** Checkpoint `id` is saved and committed; returns how long it took, in ms (undefined if its opening was not seen). */
  completed(id: number): number | undefined
  readonly metrics: CheckpointMetrics
}

export function createCheckpointStats(clock: Clock): CheckpointStats {
  const openedAt = new Map<number, number>()
  const metrics: CheckpointMetrics = { completed: 0, durationSeconds: createHistogram([0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]) }
  return {
    metrics,
    opened: (id) => void openedAt.set(id, clock.now()),
    completed(id) {
      const now = clock.now()
      const start = openedAt.get(id)
      openedAt.delete(id)
      metrics.completed++
      metrics.lastCompletedAt = now
      if (start === undefined) return undefined
      observe(metrics.durationSeconds, (now - start) / 1000)
      return now - start
    },
  }
}
