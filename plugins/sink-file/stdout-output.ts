/** @module Writes to standard output: write() resolves once the stream handed the bytes to the operating system. */
import process from 'node:process'
import type { Writable } from 'node:stream'

export interface StreamOutput {
  append(bytes: Uint8Array): Promise<void>
  /** Stops listening for the stream's errors; the stream itself stays open (it is the process's). */
  close(): Promise<void>
}

export function openStdoutOutput(stream: Writable = process.stdout): StreamOutput {
  // A reader that went away (EPIPE) is an 'error' event: kept for the next write instead of crashing the process.
  let failed: Error | undefined
  const onError = (error: Error) => void (failed ??= error)
  stream.on('error', onError)
  const fail = (error: Error) => new Error(`cannot write to stdout: ${error.message}${(error as NodeJS.ErrnoException).code === 'EPIPE' ? ' (whatever read it has closed the pipe)' : ''}`, { cause: error })
  return {
    append(bytes) {
      if (failed) return Promise.reject(fail(failed))
      return new Promise((resolve, reject) => stream.write(bytes, (error) => (error ? reject(fail(error)) : resolve())))
    },
    async close() {
      stream.off('error', onError)
    },
  }
}
