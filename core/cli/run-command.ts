/** @module `pipeline run`: runs a config with live progress and an operator server; the first Ctrl-C (or SIGTERM) drains, the second forces. */
import { resolve } from 'node:path'
import process from 'node:process'
import { loadConfigFile } from '../config/load-config.ts'
import { createEngine, type RunComplete } from '../engine/engine.ts'
import type { PipelineSpec } from '../engine/spec.ts'
import type { PipelineMetrics } from '../metrics.ts'
import { resolveHttpAddress } from '../operator/http-address.ts'
import type { LogFormat, LogLevel } from '../operator/log-line.ts'
import { createOperatorApp } from '../operator/operator-app.ts'
import { startOperatorServer, type OperatorServer } from '../operator/operator-server.ts'
import { startProcessSampler } from '../operator/process-stats.ts'
import { collectSecrets, createRedactor } from '../operator/redact.ts'
import { describeSplit } from '../parallel/plan.ts'
import { splitHere } from '../parallel/runtime-support.ts'
import { createParallelEngine } from '../parallel/run-parallel.ts'
import type { PluginDefinition } from '../plugin.ts'
import { limitHeapGrowth } from './heap-growth.ts'
import { resetPipeline } from './reset-command.ts'
import { createRunOutput, type ProgressMode } from './run-output.ts'

export interface RunOptions {
  /** The plugins a config's `use:` can name without a `plugins:` entry. */
  plugins: PluginDefinition[]
  /** URL of the module exporting them as `builtinPlugins`, for worker threads; without it, one thread. */
  pluginsModule?: string
  stateDir?: string
  progress?: string
  intervalMs?: number
  /** Exit once the run is complete even while a sink (the dashboard) still serves. */
  exitWhenDone?: boolean
  /** Delete what the pipeline stored (tables, checkpoints, state folders) before running. */
  fresh?: boolean
  /** `--http`: the operator server's `host:port`, or `off` (default: `settings.http.address`, else 127.0.0.1:9464). */
  http?: string
  logFormat?: LogFormat
  logLevel?: LogLevel
}

export async function runCommand(file: string, options: RunOptions): Promise<number> {
  limitHeapGrowth()
  const { spec } = await loadConfigFile(file, options.plugins)
  const format = options.logFormat ?? spec.log?.format ?? 'text'
  const mode = (options.progress ?? (process.stderr.isTTY ? 'tty' : 'log')) as ProgressMode
  const redact = createRedactor(secretsOf(spec))
  const output = createRunOutput({ mode, format, level: options.logLevel ?? spec.log?.level ?? 'info', redact, metrics: () => pipeline.metrics() })
  const { log } = output
  const address = resolveHttpAddress(options.http, spec.http?.address)
  const stateDir = options.stateDir ?? '.tally'
  if (options.fresh) {
    log.info(`--fresh: deleting what ${spec.name} stored, so this run starts over`)
    const deleted = await resetPipeline(spec, stateDir, log)
    log.info(deleted.length > 0 ? `--fresh: deleted ${deleted.length} item${deleted.length === 1 ? '' : 's'}` : '--fresh: nothing stored yet')
  }
  let held = false
  const onComplete = (complete: RunComplete) => {
    if (!complete.held) return
    held = true
    output.stopProgress()
    output.drawProgress()
    const metrics = pipeline.metrics()
    const where = complete.serving.map((s) => `\`${s.node}\` on ${s.address}`).join(', ')
    log.info(`complete: every source ended and everything is written (${sinkTotals(metrics)}) in ${seconds(metrics)}s`)
    log.info(`still serving ${where}: press Ctrl-C to exit (\`--exit-when-done\` exits at this point)`)
  }
  const { cores, split } = splitHere(spec)
  const engineOptions = { log, stateDir, keepServing: !options.exitWhenDone, onComplete }
  const parallel = split.parallel && options.pluginsModule !== undefined
  if (!split.parallel && (spec.parallelism ?? 1) !== 1) log.info(`settings.parallelism: ${describeSplit(split)}`)
  const pipeline = parallel && split.parallel ? createParallelEngine(spec, split, { file: resolve(file), pluginsModule: options.pluginsModule! }, cores, engineOptions) : createEngine(spec, engineOptions)
  let signals = 0
  const onSignal = (signal: string) => {
    signals++
    if (held) {
      log.info(`${signal}: closing`)
      void pipeline.stop()
    } else if (signals === 1) {
      log.info(`${signal}: stopping sources and draining in-flight batches (press Ctrl-C again to force)`)
      void pipeline.stop()
    } else {
      log.warn(`${signal} again: forcing stop`)
      void pipeline.kill(`forced stop by a second ${signal}`)
    }
  }
  process.on('SIGINT', () => onSignal('SIGINT'))
  process.on('SIGTERM', () => onSignal('SIGTERM'))
  log.info(`running ${spec.name} (${spec.nodes.length} nodes) from ${file}${parallel ? ` in ${split.workers} worker threads` : ''}`)
  const sampler = address === 'off' ? undefined : startProcessSampler()
  let operator: OperatorServer | undefined
  try {
    if (address !== 'off') {
      const app = createOperatorApp({ metrics: () => pipeline.metrics(), nodes: spec.nodes, process: sampler!.sample, token: spec.http?.token, redact })
      operator = await startOperatorServer(app, address, log, spec.http?.token)
    }
    await pipeline.start().catch(() => undefined) // a failure is reported from `done` below, with the node and hook it came from
    output.startProgress(options.intervalMs ?? (mode === 'tty' && format === 'text' ? 500 : 5000))
    const result = await pipeline.done
    output.stopProgress()
    output.drawProgress()
    if (!result.ok) {
      log.error(result.error?.message ?? 'pipeline failed', result.error)
      return 1
    }
    if (held) return 0
    log.info(`done: everything flushed (${sinkTotals(result.metrics)}) in ${seconds(result.metrics)}s`)
    return signals > 1 ? 1 : 0
  } finally {
    output.stopProgress()
    sampler?.stop()
    await operator?.close()
  }
}

/** What must never be printed: secret config values (tokens, passwords, URL passwords) of every node and of `settings.http`. */
function secretsOf(spec: PipelineSpec): string[] {
  return [...collectSecrets(spec.http ?? {}), ...spec.nodes.flatMap((n) => collectSecrets(n.config, n.plugin.config))]
}

const sinkTotals = (metrics: PipelineMetrics) => metrics.nodes.filter((n) => n.kind === 'sink').map((n) => `${n.id} ${n.eventsIn}`).join(', ')
const seconds = (metrics: PipelineMetrics) => ((metrics.now - metrics.startedAt) / 1000).toFixed(1)
