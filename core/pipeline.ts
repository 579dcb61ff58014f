/** @module Build and run a pipeline from a config object with the plugins you give (core knows only its in-memory test plugins). */
import { createEngine, type EngineOptions, type Pipeline, type RunResult } from './engine/engine.ts'
import { ConfigError } from './errors.ts'
import type { PluginDefinition } from './plugin.ts'
import { resolvePipeline } from './config/resolve.ts'
import type { PipelineConfig } from './config/pipeline-schema.ts'
import memorySink from './testing/memory-sink.ts'
import memorySource from './testing/memory-source.ts'

export interface PipelineOptions extends EngineOptions {
  /** The plugins a config's `use:` can name (besides `memory-source` and `memory-sink`). */
  registry?: PluginDefinition[]
}

/** Validates `config` (throwing a ConfigError with every problem) and builds a pipeline ready to `start()`. */
export function createPipeline(config: PipelineConfig, options: PipelineOptions = {}): Pipeline {
  const registry = new Map([memorySource, memorySink, ...(options.registry ?? [])].map((p) => [p.name, p as PluginDefinition]))
  const { spec, issues } = resolvePipeline(config, registry, '<config>', () => ({ line: 1, col: 1 }))
  if (!spec) throw new ConfigError(issues)
  return createEngine(spec, options)
}

/** Runs `config` until its sources end (or it fails) and everything is flushed. */
export async function runPipeline(config: PipelineConfig, options: PipelineOptions = {}): Promise<RunResult> {
  const pipeline = createPipeline(config, options)
  await pipeline.start().catch(() => undefined)
  return pipeline.done
}

export { createEngine, type Pipeline, type RunResult }
export { defineConfig, type PipelineConfig } from './config/pipeline-schema.ts'
