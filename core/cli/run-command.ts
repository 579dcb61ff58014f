/** @module `pipeline run`: runs a config with live progress; the first Ctrl-C drains, the second forces. */
import process from 'node:process'
import { loadConfigFile } from '../config/load-config.ts'
import { createEngine, type RunComplete } from '../engine/engine.ts'
import type { PipelineMetrics } from '../metrics.ts'
import type { Logger, PluginDefinition } from '../plugin.ts'
import { renderProgressLine, renderProgressTable } from './progress.ts'
import { resetPipeline } from './reset-command.ts'

export interface RunOptions {
  /** The plugins a config's `use:` can name without a `plugins:` entry. */
  plugins: PluginDefinition[]
  stateDir?: string
  progress?: string
  intervalMs?: number
  /** Exit once the run is complete even while a sink (the dashboard) still serves. */
  exitWhenDone?: boolean
  /** Delete what the pipeline stored (tables, checkpoints, state folders) before running. */
  fresh?: boolean
}

export async function runCommand(file: string, options: RunOptions): Promise<number> {
  const { spec } = await loadConfigFile(file, options.plugins)
  const mode = options.progress ?? (process.stderr.isTTY ? 'tty' : 'log')
  const intervalMs = options.intervalMs ?? (mode === 'tty' ? 500 : 5000)
  let drawn = 0
  const clear = () => {
    if (drawn > 0) process.stderr.write(`\x1b[${drawn}F\x1b[J`)
    drawn = 0
  }
  const draw = () => {
    if (mode === 'none') return
    if (mode === 'log') return void process.stderr.write(`${renderProgressLine(pipeline.metrics())}\n`)
    clear()
    const table = renderProgressTable(pipeline.metrics())
    process.stderr.write(`${table}\n`)
    drawn = table.split('\n').length
  }
  const say = (line: string) => {
    if (mode === 'tty') clear()
    process.stderr.write(`${line}\n`)
    if (mode === 'tty' && timer) draw()
  }
  const log: Logger = { info: (m) => say(m), warn: (m) => say(`warning: ${m}`), error: (m) => say(`error: ${m}`) }
  const stateDir = options.stateDir ?? '.tally'
  if (options.fresh) {
    say(`--fresh: deleting what ${spec.name} stored, so this run starts over`)
    const deleted = await resetPipeline(spec, stateDir, log)
    say(deleted.length > 0 ? `--fresh: deleted ${deleted.length} item${deleted.length === 1 ? '' : 's'}` : '--fresh: nothing stored yet')
  }
  let held = false
  const onComplete = (complete: RunComplete) => {
    if (!complete.held) return
    held = true
    clearInterval(timer)
    timer = undefined
    draw()
    const metrics = pipeline.metrics()
    const where = complete.serving.map((s) => `\`${s.node}\` on ${s.address}`).join(', ')
    say(`complete: every source ended and everything is written (${sinkTotals(metrics)}) in ${seconds(metrics)}s`)
    say(`still serving ${where}: press Ctrl-C to exit (\`--exit-when-done\` exits at this point)`)
  }
  const pipeline = createEngine(spec, { log, stateDir, keepServing: !options.exitWhenDone, onComplete })
  let timer: ReturnType<typeof setInterval> | undefined
  let signals = 0
  const onSignal = (signal: string) => {
    signals++
    if (held) {
      say(`${signal}: closing`)
      void pipeline.stop()
    } else if (signals === 1) {
      say(`${signal}: stopping sources and draining in-flight batches (press Ctrl-C again to force)`)
      void pipeline.stop()
    } else {
      say(`${signal} again: forcing stop`)
      void pipeline.kill(`forced stop by a second ${signal}`)
    }
  }
  process.on('SIGINT', () => onSignal('SIGINT'))
  process.on('SIGTERM', () => onSignal('SIGTERM'))
  say(`running ${spec.name} (${spec.nodes.length} nodes) from ${file}`)
  try {
    await pipeline.start()
  } catch {
    // The failure is reported from `done` below, with the node and hook it came from.
  }
  timer = setInterval(draw, intervalMs)
  const result = await pipeline.done
  clearInterval(timer)
  timer = undefined
  draw()
  if (!result.ok) {
    say(`error: ${result.error?.message ?? 'pipeline failed'}`)
    return 1
  }
  if (held) return 0
  say(`done: everything flushed (${sinkTotals(result.metrics)}) in ${seconds(result.metrics)}s`)
  return signals > 1 ? 1 : 0
}

const sinkTotals = (metrics: PipelineMetrics) => metrics.nodes.filter((n) => n.kind === 'sink').map((n) => `${n.id} ${n.eventsIn}`).join(', ')
const seconds = (metrics: PipelineMetrics) => ((metrics.now - metrics.startedAt) / 1000).toFixed(1)
