/** @module The metrics snapshot every node reports: what the CLI progress display, the dashboard and /metrics read. */
import type { Histogram } from './operator/histogram.ts'

export interface NodeMetrics {
  id: string
  plugin: string
  kind: 'source' | 'transform' | 'sink'
  /** Events received (transforms, sinks) or produced (sources count them as `out`). */
  eventsIn: number
  eventsOut: number
  batches: number
  errors: number
  retries: number
  /** Events emitted on the `dead` port. */
  dead: number
  /** Events emitted on the `late` port. */
  late: number
  /** Events per second over the last few seconds (out for sources, in otherwise). */
  ratePerSec: number
  /** Batches waiting in this node's input queues. */
  queueDepth: number
  state: 'created' | 'starting' | 'running' | 'draining' | 'done' | 'serving' | 'stopped' | 'failed'
  /** Plugin-reported counters and gauges (lag per partition, duplicates, state size…). */
  custom: Record<string, number>
  /** How each `custom` name was recorded (`count` or `gauge`); the engine's `port.*` and `unwired.*` are counts. */
  customKinds?: Record<string, 'count' | 'gauge'>
  /** Sinks: seconds each write() took to make its batch durable, retries included. */
  writeSeconds?: Histogram
}

/** Where a run is: `/ready` answers 200 while `running` or `complete` (serving its result). */
export type PipelinePhase = 'starting' | 'running' | 'draining' | 'complete' | 'stopped' | 'failed'

/** The first failure of a run: which node and hook, when a node failed. */
export interface PipelineFailure {
  node?: string
  plugin?: string
  hook?: string
  message: string
  error: Error
}

export interface CheckpointMetrics {
  completed: number
  /** Clock time the last checkpoint completed. */
  lastCompletedAt?: number
  /** From a barrier leaving the sources to its checkpoint saved and committed. */
  durationSeconds: Histogram
}

export interface PipelineMetrics {
  pipeline: string
  startedAt: number
  now: number
  nodes: NodeMetrics[]
  phase?: PipelinePhase
  failure?: PipelineFailure
  checkpoints?: CheckpointMetrics
}

/**
 * What a plugin recorded with `ctx.metrics` (and the engine's `port.*`/`unwired.*` counters), by name,
 * without the per-partition lags (summed in their own column): what progress output and the
 * dashboard's health panel show beside the engine's columns.
 */
export function pluginMetrics(node: NodeMetrics): [string, number][] {
  return Object.entries(node.custom).filter(([name]) => !name.startsWith('lag.')).sort(([a], [b]) => a.localeCompare(b))
}

export function emptyNodeMetrics(id: string, plugin: string, kind: NodeMetrics['kind']): NodeMetrics {
  return { id, plugin, kind, eventsIn: 0, eventsOut: 0, batches: 0, errors: 0, retries: 0, dead: 0, late: 0, ratePerSec: 0, queueDepth: 0, state: 'created', custom: {} }
}
