/** @module Reads a file from a byte offset in fixed-size chunks, optionally following it as it grows (polling on the pipeline clock). */
import { open, type FileHandle } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Clock } from '../../core/clock.ts'
import { CAUGHT_UP } from './line-batches.ts'

/** Bytes read at a time: what a source holds of its file, besides one unfinished line. */
export const CHUNK_BYTES = 64 * 1024

export interface FileChunkOptions {
  /** Keep reading as the file grows, checking every `pollIntervalMs`; never ends by itself. */
  follow: boolean
  pollIntervalMs: number
  clock: Clock
  signal: AbortSignal
}

/** The bytes of `path` from `offset` on, `CAUGHT_UP` whenever a followed file has no more for now. */
export async function* readFileChunks(path: string, offset: number, options: FileChunkOptions): AsyncGenerator<Uint8Array | typeof CAUGHT_UP> {
  const handle = await openForReading(path)
  try {
    await checkSize(handle, path, offset)
    let at = offset
    while (!options.signal.aborted) {
      // A fresh buffer each time: the lines of a chunk are views of it until they are parsed.
      const buffer = new Uint8Array(CHUNK_BYTES)
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, at)
      if (bytesRead > 0) {
        at += bytesRead
        yield buffer.subarray(0, bytesRead)
        continue
      }
      if (!options.follow) return
      yield CAUGHT_UP
      await options.clock.sleep(options.pollIntervalMs, options.signal).catch(() => undefined) // an abort ends the loop above
      await checkSize(handle, path, at)
    }
  } finally {
    await handle.close()
  }
}

async function openForReading(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : String(error)
    throw new Error(`cannot open ${path} for reading: ${why} (relative paths are resolved from the working directory: ${resolve(path)})`, { cause: error })
  }
}

/** A file shorter than where reading stands was truncated or replaced: what was read no longer matches it. */
async function checkSize(handle: FileHandle, path: string, offset: number): Promise<void> {
  const { size } = await handle.stat()
  if (size >= offset) return
  throw new Error(
    `${path} has ${size} bytes but reading stands at byte ${offset}: it was truncated or replaced. ` +
      'Restore the file, or start over with `pipeline reset` / `pipeline run --fresh` (its checkpoint no longer fits it)',
  )
}
