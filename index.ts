/**
 * @module The `tally` package: the plugin API (what a plugin imports), and pipelines built from a
 * config with the built-in plugins, for embedding one in an app.
 */
import process from 'node:process'
import { loadConfigFile, type LoadedConfig } from './core/config/load-config.ts'
import { createEngine, type RunComplete } from './core/engine/engine.ts'
import * as core from './core/pipeline.ts'
import type { PluginDefinition } from './core/plugin.ts'
import { builtinPlugins } from './plugins/index.ts'

export {
  definePlugin, isRetryable, RetryableError,
  type Checkpoint, type CheckpointStore, type CheckResult, type Emit, type Event, type InputRef, type InputSpec, type InstanceOf, type Kind, type Lifecycle, type Logger,
  type NodeMetricsRecorder, type PluginContext, type PluginDefinition, type PluginMetricSpec, type Position, type SinkInstance, type SourceBatch, type SourceInstance, type TransformInstance,
} from './core/plugin.ts'
export { ConfigError, NodeError, TallyError, type ConfigIssue, type ErrorCode } from './core/errors.ts'
export { createManualClock, systemClock, type Clock } from './core/clock.ts'
export type { NodeMetrics, PipelineMetrics } from './core/metrics.ts'
export { defineConfig, type Pipeline, type PipelineConfig, type RunResult } from './core/pipeline.ts'
export type { LoadedConfig, RunComplete }
export { builtinPlugins }
export { Type, type Static, type TSchema } from '@sinclair/typebox'

export type PipelineOptions = core.PipelineOptions

/** Builds a pipeline from a config object; the built-in plugins and `options.registry` are available to `use:`. */
export function createPipeline(config: core.PipelineConfig, options: PipelineOptions = {}): core.Pipeline {
  return core.createPipeline(config, { ...options, registry: [...(builtinPlugins as PluginDefinition[]), ...(options.registry ?? [])] })
}

/** Runs a config object until its sources end (or it fails) and everything is flushed. */
export function runPipeline(config: core.PipelineConfig, options: PipelineOptions = {}): Promise<core.RunResult> {
  return core.runPipeline(config, { ...options, registry: [...(builtinPlugins as PluginDefinition[]), ...(options.registry ?? [])] })
}

/** Loads a config file (YAML or TS) as `pipeline run` does: `${VAR}`s from `env`, its `plugins:` loaded, every problem at once as a ConfigError. */
export function loadConfig(file: string, options: { plugins?: PluginDefinition[]; env?: Record<string, string | undefined> } = {}): Promise<LoadedConfig> {
  return loadConfigFile(file, [...(builtinPlugins as PluginDefinition[]), ...(options.plugins ?? [])], options.env ?? process.env)
}

/** Loads a config file and runs it to the end, like `pipeline run --exit-when-done` without the progress display. */
export async function run(file: string, options: Omit<PipelineOptions, 'registry'> & { plugins?: PluginDefinition[]; env?: Record<string, string | undefined> } = {}): Promise<core.RunResult> {
  const { spec } = await loadConfig(file, options)
  const pipeline = createEngine(spec, options)
  await pipeline.start().catch(() => undefined)
  return pipeline.done
}
