/** @module Creates an embedded server's data folder: a copy of an initdb template made once per machine, so a fresh database takes milliseconds. Node-only edge file. */
import { spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { chmodSync, chownSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sharedTempDir, type PostgresBinaries, type ServerUser } from './embedded-binaries.ts'

/** Fills `dataDir` with a new cluster (superuser `postgres`, password in `passwordFile`) and returns how it was made. */
export function createData(binaries: PostgresBinaries, dataDir: string, passwordFile: string, user: ServerUser | undefined): 'initdb' | 'template' {
  const { dir, made } = template(binaries, user)
  rmSync(dataDir, { recursive: true, force: true })
  cpSync(join(dir, 'data'), dataDir, { recursive: true })
  chmodSync(dataDir, 0o700)
  if (user) chownTree(dataDir, user)
  copyFileSync(join(dir, 'password'), passwordFile)
  chmodSync(passwordFile, 0o600)
  return made ? 'initdb' : 'template'
}

/** The data folder's major version must match the binaries'. */
export function checkVersion(binaries: PostgresBinaries, dataDir: string): void {
  const dataMajor = Number(readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim())
  if (dataMajor !== binaries.major) throw new Error(`embedded Postgres: ${dataDir} was created by PostgreSQL ${dataMajor} but the binaries found (${binaries.bin}) are version ${binaries.major}; start once with \`reset: true\` to recreate the database`)
}

/**
 * A pristine cluster per binaries and account under /var/tmp, made once with initdb (atomically, so
 * concurrent first runs do not collide). Its random password is shared by the databases copied from
 * it; the password file is readable by this account only.
 */
function template(binaries: PostgresBinaries, user: ServerUser | undefined): { dir: string; made: boolean } {
  const key = createHash('sha256').update(`${binaries.bin}|${binaries.major}|${process.getuid?.() ?? ''}|${user?.uid ?? ''}`).digest('hex').slice(0, 12)
  const dir = join(sharedTempDir(), `tally-postgres-template-${binaries.major}-${key}`)
  if (existsSync(join(dir, 'data', 'PG_VERSION')) && existsSync(join(dir, 'password'))) return { dir, made: false }
  const staging = `${dir}.${process.pid}.tmp`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(staging, { recursive: true, mode: 0o755 })
  try {
    initdb(binaries, join(staging, 'data'), join(staging, 'password'), user)
    renameSync(staging, dir)
  } catch (error) {
    rmSync(staging, { recursive: true, force: true })
    if (!existsSync(join(dir, 'data', 'PG_VERSION'))) throw error
  }
  return { dir, made: true }
}

/** Runs initdb into `dataDir` as `user` (superuser `postgres`, a new random password written to `passwordFile`). */
export function initdb(binaries: PostgresBinaries, dataDir: string, passwordFile: string, user: ServerUser | undefined): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const password = randomBytes(18).toString('base64url')
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 })
  const pwfile = join(dataDir, '..', 'initdb-password')
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 })
  if (user) {
    chownSync(dataDir, user.uid, user.gid)
    chownSync(pwfile, user.uid, user.gid)
  }
  const args = [`--pgdata=${dataDir}`, '--username=postgres', `--pwfile=${pwfile}`, '--auth-host=scram-sha-256', '--auth-local=peer', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions']
  const ids = user ? { uid: user.uid, gid: user.gid } : {}
  const result = spawnSync(join(binaries.bin, 'initdb'), args, { ...ids, encoding: 'utf8', env: { LC_ALL: 'C', PATH: process.env.PATH ?? '' } })
  rmSync(pwfile, { force: true })
  if (result.status !== 0) throw new Error(`embedded Postgres: initdb failed in ${dataDir}: ${(result.stderr || result.error?.message || '').trim()}`)
}

function chownTree(path: string, user: ServerUser): void {
  chownSync(path, user.uid, user.gid)
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) chownSync(join(entry.parentPath, entry.name), user.uid, user.gid)
}
