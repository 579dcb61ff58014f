/** @module The offline generator as batches: records [from, count) in chunks, paced, each batch carrying the next sequence number as its position. */
import type { Event, SourceBatch } from '../../core/plugin.ts'
import type { Pacer } from '../../core/pacer.ts'
import { createRecordFactory, type RecordPlan } from './record-factory.ts'

export interface GeneratedStream extends RecordPlan {
  /** Infinity for unbounded. */
  count: number
  chunkSize: number
}

export async function* readGeneratedBatches(stream: GeneratedStream, from: number, pacer: Pacer, signal: AbortSignal): AsyncGenerator<SourceBatch> {
  const make = createRecordFactory(stream)
  let seq = from
  while (seq < stream.count && !signal.aborted) {
    const n = Math.min(stream.chunkSize, stream.count - seq)
    await pacer.take(n, signal)
    const events = new Array<Event>(n)
    for (let i = 0; i < n; i++) events[i] = make(seq + i)
    seq += n
    yield { events, position: seq }
  }
}
