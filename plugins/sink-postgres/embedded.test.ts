import { spawn } from 'node:child_process'
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { afterAll, describe, expect, it } from 'vitest'
import { startEmbeddedPostgres } from './embedded.ts'
import { findServerUser, serverAccount } from './embedded-binaries.ts'
import { isAlive, readLock, waitFor } from './embedded-process.ts'

const root = mkdtempSync(join(tmpdir(), 'tally-embedded-test-'))
chmodSync(root, 0o755)
afterAll(() => rmSync(root, { recursive: true, force: true }))

async function query<T>(url: string, text: string): Promise<T[]> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined })
  try {
    return (await sql.unsafe(text)) as unknown as T[]
  } finally {
    await sql.end()
  }
}

/** Another process starting the server in `dir` (as another pipeline run would). */
async function holdInChild(dir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'hold-embedded.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] })
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString()))
    child.once('exit', (code) => reject(new Error(`fixture exited with ${code}`)))
  })
  return { child, ...(JSON.parse(line) as { port: number; url: string }) }
}

describe('embedded Postgres', () => {
  const dir = join(root, 'kept')

  it('starts on a free port, and keeps its data across restarts', async () => {
    const first = await startEmbeddedPostgres({ dir })
    expect(first.owned).toBe(true)
    expect(first.created).toBeDefined()
    expect(first.timings.createMs).toBeGreaterThan(0)
    await query(first.url, 'CREATE TABLE kept (x int); INSERT INTO kept VALUES (42)')
    const second = await startEmbeddedPostgres({ dir: join(root, 'other') })
    expect(second.port).not.toBe(first.port)
    expect(second.created).toBe('template')
    expect(await query(second.url, "SELECT to_regclass('kept') AS t")).toEqual([{ t: null }])
    await second.stop()
    await first.stop()
    await first.stop()
    const again = await startEmbeddedPostgres({ dir })
    expect([again.created, again.timings.createMs]).toEqual([undefined, 0])
    expect(await query(again.url, 'SELECT x FROM kept')).toEqual([{ x: 42 }])
    await again.stop()
  })

  it('starts despite a stale postmaster.pid left by a killed run and its killed server', async () => {
    const held = await holdInChild(dir)
    const dataDir = join(dir, 'data')
    const { pid } = readLock(dataDir)!
    held.child.kill('SIGKILL')
    process.kill(pid, 'SIGKILL')
    await new Promise((done) => held.child.once('exit', done))
    expect(await waitFor(() => !isAlive(pid), 5000)).toBe(true)
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(true)
    const again = await startEmbeddedPostgres({ dir })
    expect(await query(again.url, 'SELECT x FROM kept')).toEqual([{ x: 42 }])
    await again.stop()
  })

  it('stops and replaces the server of a run that was killed (SIGKILL), keeping the data', async () => {
    const held = await holdInChild(dir)
    const orphan = readLock(join(dir, 'data'))!.pid
    held.child.kill('SIGKILL')
    await new Promise((done) => held.child.once('exit', done))
    expect(isAlive(orphan, 'postgres')).toBe(true)
    const server = await startEmbeddedPostgres({ dir })
    expect(server.owned).toBe(true)
    expect(isAlive(orphan, 'postgres')).toBe(false)
    expect(await query(server.url, 'SELECT x FROM kept')).toEqual([{ x: 42 }])
    await server.stop()
  })

  it('joins the server of a run that is still alive, and leaves it running on stop', async () => {
    const held = await holdInChild(dir)
    try {
      const joined = await startEmbeddedPostgres({ dir })
      expect(joined).toMatchObject({ owned: false, port: held.port })
      expect(await query(joined.url, 'SELECT x FROM kept')).toEqual([{ x: 42 }])
      await joined.stop()
      expect(await query(held.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }])
    } finally {
      held.child.kill('SIGTERM')
      await new Promise((done) => held.child.once('exit', done))
    }
  })

  it.skipIf(process.getuid?.() !== 0)('as root, keeps the data where the server account can reach it when the folder is closed to it and deletes it once that folder is gone (skipped unless root)', async () => {
    const closed = join(root, 'closed')
    mkdirSync(closed, { mode: 0o700 })
    const server = await startEmbeddedPostgres({ dir: join(closed, 'pg') })
    expect(server.dataDir).toMatch(/^\/var\/tmp\/tally-postgres-\d+\/data-[0-9a-f]{16}\/data$/)
    expect(await query(server.url, 'SELECT current_user AS u')).toEqual([{ u: 'postgres' }])
    await server.stop()
    rmSync(closed, { recursive: true, force: true })
    const next = await startEmbeddedPostgres({ dir: join(root, 'after-closed') })
    expect(existsSync(join(server.dataDir, '..'))).toBe(false)
    await next.stop()
  })

  it('deletes its data when asked to reset', async () => {
    const server = await startEmbeddedPostgres({ dir, reset: true })
    expect(server.created).toBe('template')
    expect(await query(server.url, "SELECT to_regclass('kept') AS t")).toEqual([{ t: null }])
    await server.stop()
    expect(readFileSync(join(dir, 'server.log'), 'utf8')).toMatch(/database system is shut down/)
  })

  it('keeps binaries, template, data and password private to their account, and does not reuse a shared folder open to others', async () => {
    const account = serverAccount(findServerUser())
    const tempDir = join(root, 'shared')
    mkdirSync(tempDir, { mode: 0o755 })
    const own = join(root, 'private')
    const server = await startEmbeddedPostgres({ dir: own, tempDir })
    await server.stop()
    const of = (path: string) => ({ uid: lstatSync(path).uid, mode: (lstatSync(path).mode & 0o7777).toString(8) })
    const base = join(tempDir, `tally-postgres-${account.uid}`)
    const template = join(base, readdirSync(base).find((name) => name.startsWith('template-'))!)
    const me = process.getuid!()
    expect(of(base)).toEqual({ uid: account.uid, mode: '700' })
    expect(of(template)).toEqual({ uid: account.uid, mode: '700' })
    expect(of(join(template, 'data'))).toEqual({ uid: account.uid, mode: '700' })
    expect(of(join(template, 'password'))).toEqual({ uid: me, mode: '600' })
    expect(of(server.dataDir)).toEqual({ uid: account.uid, mode: '700' })
    for (const file of ['password', 'server.log']) expect(of(join(own, file))).toEqual({ uid: me, mode: '600' })
    expect(of(own).mode).toBe(findServerUser() ? '711' : '700')

    const planted = join(root, 'planted')
    mkdirSync(join(planted, `tally-postgres-${account.uid}`), { recursive: true, mode: 0o755 })
    chownSync(join(planted, `tally-postgres-${account.uid}`), account.uid, account.gid)
    await expect(startEmbeddedPostgres({ dir: join(root, 'victim'), tempDir: planted })).rejects.toThrow(/tally-postgres-\d+ has mode 0755, open to other accounts \(expected 0700\), so it is not used/)
    if (process.getuid?.() !== 0) return
    // Only root can give a folder to another account: one owned by `nobody` is not the server account's, however private.
    chmodSync(join(planted, `tally-postgres-${account.uid}`), 0o700)
    chownSync(join(planted, `tally-postgres-${account.uid}`), 65534, 65534)
    await expect(startEmbeddedPostgres({ dir: join(root, 'victim'), tempDir: planted })).rejects.toThrow(/is owned by uid 65534, not by/)
  })
})
