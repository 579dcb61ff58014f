/** @module The resolved pipeline the engine runs: validated configs, plugins looked up, inputs wired. */
import type { PluginDefinition } from '../plugin.ts'
import type { RetryPolicy } from './retry.ts'

export interface NodeSpec {
  id: string
  plugin: PluginDefinition
  /** The plugin's config, validated against its schema with defaults applied. */
  config: unknown
  /** Wired streams: the receiving role and the upstream `node` or `node.port`. */
  inputs: { role: string; from: string }[]
  retry: RetryPolicy
}

export interface PipelineSpec {
  name: string
  nodes: NodeSpec[]
  /** How often a checkpoint barrier is injected at the sources. */
  checkpointIntervalMs: number
  /** How often transforms get `tick(now)`. */
  tickMs: number
  /** Batches each input queue holds before its producer waits. */
  queueCapacity: number
  /** `settings.parallelism`: worker threads asked for (`auto`: one per core); core/parallel decides whether they apply. */
  parallelism?: number | 'auto'
  /** `settings.http`: the operator server's address (`host:port` or `off`) and token. */
  http?: { address?: string; token?: string }
  /** `settings.log`: the format and level of `pipeline run`'s log lines. */
  log?: { format?: 'text' | 'json'; level?: 'debug' | 'info' | 'warn' | 'error' }
}

/** Splits `node.port` into its parts; a bare node id means the main output `out`. */
export function parseStreamRef(ref: string): { node: string; port: string } {
  const dot = ref.indexOf('.')
  return dot < 0 ? { node: ref, port: 'out' } : { node: ref.slice(0, dot), port: ref.slice(dot + 1) }
}
