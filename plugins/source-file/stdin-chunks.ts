/** @module Reads standard input as chunks until it ends or the source is stopped. */
import process from 'node:process'
import type { Readable } from 'node:stream'
import { CAUGHT_UP } from './line-batches.ts'

/** The chunks of `input` (stdin by default), `CAUGHT_UP` whenever nothing more is buffered, so a slow writer's lines are not held back. */
export async function* readStdinChunks(signal: AbortSignal, input: Readable = process.stdin): AsyncGenerator<Uint8Array | typeof CAUGHT_UP> {
  if (signal.aborted) return
  const iterator = input[Symbol.asyncIterator]() as AsyncIterator<Uint8Array | string>
  const stopped = new Promise<IteratorResult<Uint8Array | string>>((resolve) => signal.addEventListener('abort', () => resolve({ done: true, value: undefined }), { once: true }))
  let ended = false
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), stopped])
      if (next.done) {
        ended = !signal.aborted
        return
      }
      yield typeof next.value === 'string' ? new TextEncoder().encode(next.value) : next.value
      if (input.readableLength === 0) yield CAUGHT_UP
    }
  } finally {
    // Stopped early: destroying the stream settles the read still pending (the iterator's return() would wait for it).
    if (!ended) input.destroy()
  }
}
