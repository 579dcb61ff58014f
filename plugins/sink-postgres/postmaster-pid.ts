/** @module Reads a Postgres data folder's `postmaster.pid` lock file, to tell a live server from a stale lock. */

export interface PostmasterLock {
  pid: number
  dataDir: string
  port: number
  /** `starting`, `ready`, `stopping`… (empty on old servers). */
  status: string
}

/** Parses the lock file's fixed lines (pid, data dir, start time, port, socket dir, listen address, shmem key, status). */
export function parsePostmasterPid(text: string): PostmasterLock | undefined {
  const lines = text.split('\n')
  const pid = Number(lines[0])
  const port = Number(lines[3])
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return undefined
  return { pid, dataDir: lines[1] ?? '', port, status: (lines[7] ?? '').trim() }
}
