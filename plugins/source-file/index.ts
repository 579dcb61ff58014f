/** @module The file source: JSON Lines from a file or stdin, resumable from the byte offset of the last committed line. */
import { definePlugin, type Position, type SourceBatch } from '../../core/plugin.ts'
import { FileSourceConfig } from './config.ts'
import { readFileChunks } from './file-chunks.ts'
import { toLineBatches, type FilePosition } from './line-batches.ts'
import { readStdinChunks } from './stdin-chunks.ts'

export default definePlugin({
  name: 'file-source',
  kind: 'source',
  description: 'Reads JSON Lines (one object per line) from a file or stdin in batches; resumes from the byte offset of the last committed line; can follow a growing file.',
  config: FileSourceConfig,
  metrics: {
    deadLines: { kind: 'count', description: 'Lines sent to `dead` (not one JSON object, not UTF-8, too long).' },
    blankLines: { kind: 'count', description: 'Blank lines skipped.' },
  },
  ports: { dead: 'Lines that are not one JSON object: { reason: invalid_json | not_an_object | invalid_utf8 | line_too_long, detail, path, line, offset, text } (line is 1-based, offset in bytes).' },
  create(ctx, config) {
    const stdin = config.path === '-'
    return {
      async *read(from: Position | undefined, signal: AbortSignal): AsyncGenerator<SourceBatch> {
        let start = toFilePosition(from)
        if (stdin && start.offset > 0) {
          ctx.log.warn(`file-source \`${ctx.nodeId}\`: stdin cannot be re-read; reading it from its start, not from byte ${start.offset} as the checkpoint says`)
          start = { offset: 0, line: 0 }
        } else if (start.offset > 0) ctx.log.info(`file-source \`${ctx.nodeId}\`: resuming ${config.path} at byte ${start.offset} (line ${start.line + 1})`)
        const chunks = stdin
          ? readStdinChunks(signal)
          : readFileChunks(config.path, start.offset, { follow: config.follow, pollIntervalMs: config.pollIntervalMs, clock: ctx.clock, signal })
        const count = (name: string, n: number) => ctx.metrics.count(name, n)
        yield* toLineBatches(chunks, start, { batchSize: config.batchSize, maxLineBytes: config.maxLineBytes, path: config.path, endIsFinal: stdin || !config.follow, signal, count })
      },
    }
  },
})

/** The position is `{ offset, line }`: the byte offset of the next line and how many lines precede it. */
export function toFilePosition(from: Position | undefined): FilePosition {
  if (from === undefined || from === null) return { offset: 0, line: 0 }
  const { offset, line } = (typeof from === 'object' ? from : {}) as Partial<FilePosition>
  if (Number.isSafeInteger(offset) && Number.isSafeInteger(line) && offset! >= 0 && line! >= 0) return { offset: offset!, line: line! }
  throw new Error(`cannot resume from position ${JSON.stringify(from)}: expected { offset, line } (byte offset and lines before it, both integers ≥ 0); clear the checkpoint to start over`)
}
