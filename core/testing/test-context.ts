/** @module A PluginContext for tests: manual or given clock, captured logs and metrics, no engine. */
import { createManualClock, type Clock } from '../clock.ts'
import { defaultRetryPolicy } from '../engine/retry.ts'
import type { PluginContext, RetryPolicy } from '../plugin.ts'
import type { PipelineMetrics } from '../metrics.ts'

export interface TestContext extends PluginContext {
  readonly logs: { level: 'info' | 'warn' | 'error'; message: string }[]
  readonly counters: Record<string, number>
  readonly gauges: Record<string, number>
  /** Aborts `signal`, as a forced stop would. */
  abort(): void
}

export function createTestContext(options: { nodeId?: string; clock?: Clock; stateDir?: string; retry?: RetryPolicy; metrics?: () => PipelineMetrics } = {}): TestContext {
  const controller = new AbortController()
  const logs: TestContext['logs'] = []
  const counters: Record<string, number> = {}
  const gauges: Record<string, number> = {}
  const clock = options.clock ?? createManualClock(Date.UTC(2026, 0, 1))
  return {
    nodeId: options.nodeId ?? 'test',
    pipelineName: 'test',
    clock,
    stateDir: options.stateDir ?? '.tally/test',
    retry: options.retry ?? defaultRetryPolicy,
    signal: controller.signal,
    draining: new AbortController().signal,
    logs,
    counters,
    gauges,
    log: {
      info: (message) => logs.push({ level: 'info', message }),
      warn: (message) => logs.push({ level: 'warn', message }),
      error: (message) => logs.push({ level: 'error', message }),
    },
    metrics: {
      count: (name, n = 1) => void (counters[name] = (counters[name] ?? 0) + n),
      gauge: (name, value) => void (gauges[name] = value),
    },
    metricsSnapshot: options.metrics ?? (() => ({ pipeline: 'test', startedAt: 0, now: clock.now(), nodes: [] })),
    flushed: () => Promise.resolve(),
    abort: () => controller.abort(new Error('test context aborted')),
  }
}
