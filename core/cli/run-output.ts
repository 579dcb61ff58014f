/** @module What `pipeline run` writes to stderr: log lines (text or JSON) and progress (a live table on a TTY, summary lines otherwise). */
import process from 'node:process'
import type { PipelineMetrics } from '../metrics.ts'
import type { LogFormat, LogLevel } from '../operator/log-line.ts'
import { createLogger, type RecordLogger } from '../operator/logger.ts'
import type { Redact } from '../operator/redact.ts'
import { renderProgressLine, renderProgressTable } from './progress.ts'

export type ProgressMode = 'tty' | 'log' | 'none'

export interface RunOutput {
  log: RecordLogger
  /** Shows progress every `intervalMs` until `stopProgress()`. */
  startProgress(intervalMs: number): void
  stopProgress(): void
  /** Shows progress once, now. */
  drawProgress(): void
}

/** In JSON, progress is a JSON `info` line (never the table), so every line of stderr parses. */
export function createRunOutput(options: { mode: ProgressMode; format: LogFormat; level: LogLevel; redact: Redact; metrics(): PipelineMetrics }): RunOutput {
  const mode: ProgressMode = options.format === 'json' && options.mode === 'tty' ? 'log' : options.mode
  let drawn = 0
  let timer: ReturnType<typeof setInterval> | undefined
  const clear = () => {
    if (drawn > 0) process.stderr.write(`\x1b[${drawn}F\x1b[J`)
    drawn = 0
  }
  const drawProgress = () => {
    if (mode === 'none') return
    if (mode === 'log') return log.info(renderProgressLine(options.metrics()))
    clear()
    const table = renderProgressTable(options.metrics())
    process.stderr.write(`${table}\n`)
    drawn = table.split('\n').length
  }
  const write = (line: string) => {
    if (mode === 'tty') clear()
    process.stderr.write(`${line}\n`)
    if (mode === 'tty' && timer) drawProgress()
  }
  const log = createLogger({ format: options.format, level: options.level, redact: options.redact, write })
  return {
    log,
    drawProgress,
    startProgress(intervalMs) {
      timer ??= setInterval(drawProgress, intervalMs)
    },
    stopProgress() {
      clearInterval(timer)
      timer = undefined
    },
  }
}
