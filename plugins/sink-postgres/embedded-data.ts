/** @module Creates an embedded server's data folder: a copy of an initdb template made once per machine, so a fresh database takes milliseconds. Node-only edge file. */
import { spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { serverAccount, type PostgresBinaries, type ServerUser } from './embedded-binaries.ts'
import { checkPrivate, chownTree, currentAccount, makePrivateDir, writePrivateFile } from './embedded-private-dir.ts'

/**
 * Fills `dataDir` with a new cluster (superuser `postgres`, password in `passwordFile`, 0600) copied
 * from the template in `root` (the server account's private folder) and returns how it was made.
 */
export function createData(binaries: PostgresBinaries, dataDir: string, passwordFile: string, user: ServerUser | undefined, root: string): 'initdb' | 'template' {
  const { dir, made } = template(binaries, user, root)
  rmSync(dataDir, { recursive: true, force: true })
  mkdirSync(dataDir, { mode: 0o700 })
  chmodSync(dataDir, 0o700)
  cpSync(join(dir, 'data'), dataDir, { recursive: true })
  if (user) chownTree(dataDir, user)
  writePrivateFile(passwordFile, readFileSync(join(dir, 'password'), 'utf8'))
  return made ? 'initdb' : 'template'
}

/** The data folder's major version must match the binaries'. */
export function checkVersion(binaries: PostgresBinaries, dataDir: string): void {
  const dataMajor = Number(readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim())
  if (dataMajor !== binaries.major) throw new Error(`embedded Postgres: ${dataDir} was created by PostgreSQL ${dataMajor} but the binaries found (${binaries.bin}) are version ${binaries.major}; start once with \`reset: true\` to recreate the database`)
}

/**
 * A pristine cluster per binaries and account in `root`, made once with initdb (atomically, so
 * concurrent first runs do not collide). Its random password is shared by the databases copied from
 * it. The template folder is private to the server account (0700) and its password file to this
 * account (0600); one that is not is refused rather than copied.
 */
function template(binaries: PostgresBinaries, user: ServerUser | undefined, root: string): { dir: string; made: boolean } {
  const key = createHash('sha256').update(`${binaries.bin}|${binaries.major}|${process.getuid?.() ?? ''}|${user?.uid ?? ''}`).digest('hex').slice(0, 12)
  const dir = join(root, `template-${binaries.major}-${key}`)
  const made = !existsSync(join(dir, 'password'))
  if (made) {
    const staging = makePrivateDir(dir, serverAccount(user))
    try {
      initdb(binaries, join(staging, 'data'), join(staging, 'password'), user)
      renameSync(staging, dir)
    } catch (error) {
      rmSync(staging, { recursive: true, force: true })
      if (!existsSync(join(dir, 'password'))) throw error
    }
  }
  checkPrivate(dir, serverAccount(user), 'folder')
  checkPrivate(join(dir, 'password'), currentAccount(), 'file')
  return { dir, made }
}

/** Runs initdb into `dataDir` as `user` (superuser `postgres`, a new random password written to `passwordFile`). */
export function initdb(binaries: PostgresBinaries, dataDir: string, passwordFile: string, user: ServerUser | undefined): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const password = randomBytes(18).toString('base64url')
  writePrivateFile(passwordFile, `${password}\n`)
  const pwfile = join(dataDir, '..', 'initdb-password')
  writePrivateFile(pwfile, `${password}\n`)
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
