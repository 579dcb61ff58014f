/** @module The file sink: JSON Lines to a file or stdout; a write resolves once durable; exactly-once for files when resumed from a checkpoint. */
import { definePlugin, type PluginContext, type SinkInstance } from '../../core/plugin.ts'
import { FileSinkConfig, isFileSinkState, type FileSinkState } from './config.ts'
import { openFileOutput, type FileOutput } from './file-output.ts'
import { toJsonLines } from './json-lines.ts'
import { openStdoutOutput, type StreamOutput } from './stdout-output.ts'

export default definePlugin({
  name: 'file-sink',
  kind: 'sink',
  description: 'Writes every event as a JSON line to a file (fsynced before a write is acknowledged; exactly-once across resumes) or to stdout.',
  config: FileSinkConfig,
  ports: { dead: 'Events JSON cannot encode (BigInt, cycles): { reason: not_json_encodable, detail, event }.' },
  create(ctx, config) {
    return config.path === '-' ? createStdoutSink(ctx) : createFileSink(ctx, config)
  },
})

function createStdoutSink(ctx: PluginContext): SinkInstance {
  let output: StreamOutput | undefined
  let stopping: Promise<void> | undefined
  return {
    async start() {
      output = openStdoutOutput()
    },
    async write(events, _input, emit) {
      const { bytes, dead } = toJsonLines(events)
      if (dead.length > 0) emit(dead, 'dead')
      if (bytes.length === 0) return
      if (!output) throw new Error(`file-sink \`${ctx.nodeId}\`: write() before start()`)
      await output.append(bytes)
    },
    stop: () => (stopping ??= output?.close() ?? Promise.resolve()),
  }
}

function createFileSink(ctx: PluginContext, config: FileSinkConfig): SinkInstance {
  let output: FileOutput | undefined
  let stopping: Promise<void> | undefined
  /** A fresh run in truncate mode empties the file before its first write; a restore cancels that. */
  let emptyFirst = config.mode === 'truncate'
  const opened = async () => {
    if (!output) throw new Error(`file-sink \`${ctx.nodeId}\`: used before start()`)
    if (emptyFirst) {
      emptyFirst = false
      if (output.size > 0) ctx.log.info(`file-sink \`${ctx.nodeId}\`: mode truncate, fresh run: emptying ${config.path} (${output.size} bytes)`)
      await output.truncate(0)
    }
    return output
  }
  return {
    async start() {
      output = await openFileOutput(config.path)
    },
    async write(events, _input, emit) {
      const { bytes, dead } = toJsonLines(events)
      if (dead.length > 0) emit(dead, 'dead')
      const file = await opened()
      if (bytes.length > 0) await file.append(bytes)
    },
    async snapshot(): Promise<FileSinkState> {
      return { path: config.path, bytes: (await opened()).size }
    },
    async restore(state) {
      emptyFirst = false
      const file = await opened()
      const cut = resumeCut(state, config.path, file.size)
      if (typeof cut === 'string') return ctx.log.warn(`file-sink \`${ctx.nodeId}\`: ${cut}`)
      if (cut < file.size) ctx.log.info(`file-sink \`${ctx.nodeId}\`: resuming: cutting ${config.path} back to ${cut} bytes, its length at the checkpoint (the ${file.size - cut} bytes after it are written again by the replay)`)
      await file.truncate(cut)
    },
    stop: () => (stopping ??= output?.close() ?? Promise.resolve()),
  }
}

/** Where to cut the file on resume, or why not to (then lines after the checkpoint may be written twice). */
export function resumeCut(state: unknown, path: string, size: number): number | string {
  const why = 'appending without cutting: lines written after the checkpoint may appear twice'
  if (!isFileSinkState(state)) return `the checkpoint holds no file length for this sink (${JSON.stringify(state)}); ${why}`
  if (state.path !== path) return `the checkpoint recorded ${state.path}, not ${path}; ${why}`
  if (size < state.bytes) return `${path} has ${size} bytes, fewer than the ${state.bytes} it had at the checkpoint (replaced or rotated?); ${why}`
  return state.bytes
}
