/** @module Groups the lines of a chunk stream into source batches: events, dead letters and the byte offset reached. */
import type { Event, SourceBatch } from '../../core/plugin.ts'
import { createLineSplitter, type RawLine } from './line-splitter.ts'
import { parseLine, type DeadLine } from './parse-line.ts'

/** Where a file source is: the byte offset of the next line, and how many lines come before it (for line numbers). */
export interface FilePosition {
  offset: number
  line: number
}

/** Said by a chunk stream that has given everything there is for now (a followed file at its end). */
export const CAUGHT_UP = Symbol('caught up')

export interface LineBatchOptions {
  /** Lines per batch at most. */
  batchSize: number
  maxLineBytes: number
  /** Named in dead letters. */
  path: string
  /** The stream ends for good when it ends (false when following: a last line without newline may still grow). */
  endIsFinal: boolean
  /** Once aborted, no more batches: the lines read past the last one are read again on resume. */
  signal: AbortSignal
  /** Counts blank lines skipped and dead letters. */
  count?(name: string, n: number): void
}

/** Batches of at most `batchSize` lines, each ending at a line end; a partial batch goes out when the stream is caught up or ends. */
export async function* toLineBatches(chunks: AsyncIterable<Uint8Array | typeof CAUGHT_UP>, from: FilePosition, options: LineBatchOptions): AsyncGenerator<SourceBatch> {
  const splitter = createLineSplitter(from.offset, options.maxLineBytes)
  let line = from.line
  let events: Event[] = []
  let dead: DeadLine[] = []
  let lines = 0
  let blank = 0
  let offset = from.offset
  const batch = (): SourceBatch => {
    const out: SourceBatch = { events, position: { offset, line } satisfies FilePosition }
    if (dead.length > 0) {
      out.ports = { dead }
      options.count?.('deadLines', dead.length)
    }
    if (blank > 0) options.count?.('blankLines', blank)
    events = []
    dead = []
    lines = 0
    blank = 0
    return out
  }
  const add = (raw: RawLine) => {
    const parsed = parseLine(raw, ++line, options.path)
    if ('event' in parsed) events.push(parsed.event)
    else if ('dead' in parsed) dead.push(parsed.dead)
    else blank++
    offset = raw.next
    lines++
  }
  for await (const chunk of chunks) {
    if (options.signal.aborted) return
    if (chunk === CAUGHT_UP) {
      if (lines > 0) yield batch()
      continue
    }
    for (const raw of splitter.push(chunk)) {
      add(raw)
      if (lines < options.batchSize) continue
      if (options.signal.aborted) return
      yield batch()
    }
  }
  if (options.signal.aborted) return
  if (options.endIsFinal) for (const raw of splitter.end()) add(raw)
  if (lines > 0) yield batch()
}
