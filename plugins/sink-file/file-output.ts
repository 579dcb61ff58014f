/** @module Appends to a file durably: write() resolves once the bytes are on disk (fdatasync); knows the file's length for checkpoints. */
import { open, stat, type FileHandle } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import process from 'node:process'
import { RetryableError } from '../../core/plugin.ts'

export interface FileOutput {
  /** Bytes in the file, as this writer left it. */
  readonly size: number
  /** Appends and syncs. On failure the file is cut back to its length before, so it never ends in half a line. */
  append(bytes: Uint8Array): Promise<void>
  /** Cuts the file to `size` bytes and syncs. */
  truncate(size: number): Promise<void>
  close(): Promise<void>
}

/** Errors after which the same append may well succeed (a disk that fills up gets room). */
const TRANSIENT = new Set(['ENOSPC', 'EDQUOT', 'EAGAIN', 'EINTR'])

export async function openFileOutput(path: string): Promise<FileOutput> {
  const created = await stat(path).then(() => false, (error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return true
    throw openError(path, error)
  })
  const handle = await open(path, 'a').catch((error: NodeJS.ErrnoException) => {
    throw openError(path, error)
  })
  let size = (await handle.stat()).size
  // A new file's name is durable once its folder is synced (not possible on Windows, where it is no concern).
  if (created && process.platform !== 'win32') await syncFolder(dirname(resolve(path)))
  return {
    get size() {
      return size
    },
    async append(bytes) {
      try {
        for (let written = 0; written < bytes.length; ) written += (await handle.write(bytes, written, bytes.length - written)).bytesWritten
        await handle.datasync()
      } catch (error) {
        throw await undo(handle, size, path, error as NodeJS.ErrnoException)
      }
      size += bytes.length
    },
    async truncate(to) {
      await handle.truncate(to)
      await handle.datasync()
      size = to
    },
    close: () => handle.close(),
  }
}

/** Cuts back a failed append; says whether that worked, and makes the error retryable when retrying can help. */
async function undo(handle: FileHandle, size: number, path: string, error: NodeJS.ErrnoException): Promise<Error> {
  const undone = await handle.truncate(size).then(() => true, () => false)
  const message = `cannot append to ${path}: ${error.message}${undone ? '' : ` (and could not cut it back to ${size} bytes: it may end in a partial line)`}`
  return undone && TRANSIENT.has(error.code ?? '') ? new RetryableError(message, { cause: error }) : new Error(message, { cause: error })
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

function openError(path: string, error: NodeJS.ErrnoException): Error {
  const why = error.code === 'ENOENT' ? 'its folder does not exist (create it first)' : error.code === 'EACCES' ? 'permission denied' : error.code === 'EISDIR' ? 'it is a folder' : error.message
  return new Error(`cannot open ${path} for appending: ${why} (relative paths are resolved from the working directory: ${resolve(path)})`, { cause: error })
}
