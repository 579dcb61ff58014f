/** @module Folders and files only one account may use (0700, 0600), for the embedded server's binaries, initdb template, data and password: created so, and reused only after checking owner and mode. Node-only edge file. */
import { chmodSync, existsSync, lchownSync, lstatSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'

/** The account that owns a private folder: the server account when this process is root, else this process's own. */
export interface Account {
  name: string
  uid: number
  gid: number
}

/** What `privacyProblem` looks at: `lstat`'s answer, so a symbolic link is seen as one. */
export interface StatLike {
  uid: number
  mode: number
  isDirectory(): boolean
  isFile(): boolean
  isSymbolicLink(): boolean
}

/** Why `stat` is not a folder (or file) private to `account`, or undefined when it is one. Pure. */
export function privacyProblem(stat: StatLike, account: Account, kind: 'folder' | 'file'): string | undefined {
  if (stat.isSymbolicLink()) return 'is a symbolic link'
  if (kind === 'folder' ? !stat.isDirectory() : !stat.isFile()) return `is not a ${kind}`
  if (stat.uid !== account.uid) return `is owned by uid ${stat.uid}, not by ${account.name} (uid ${account.uid})`
  if ((stat.mode & 0o077) !== 0) return `has mode ${(stat.mode & 0o7777).toString(8).padStart(4, '0')}, open to other accounts (expected ${kind === 'folder' ? '0700' : '0600'})`
  return undefined
}

/** Why a folder holding private folders is unsafe (another account may rename entries in it), or undefined. Pure. */
export function parentProblem(stat: StatLike): string | undefined {
  const sticky = (stat.mode & 0o1000) !== 0
  return (stat.mode & 0o022) !== 0 && !sticky ? `is writable by other accounts and not sticky (mode ${(stat.mode & 0o7777).toString(8)})` : undefined
}

/** False on platforms without Unix accounts (Windows), where none of these checks apply. */
const hasAccounts = typeof process.getuid === 'function'

/** This process's own account. */
export function currentAccount(): Account {
  return { name: userInfo().username, uid: process.getuid?.() ?? -1, gid: process.getgid?.() ?? -1 }
}

/** Throws, saying what is wrong and how to fix it, unless `path` is a folder (or file) private to `account`. */
export function checkPrivate(path: string, account: Account, kind: 'folder' | 'file'): void {
  if (!hasAccounts) return
  const problem = privacyProblem(lstatSync(path), account, kind)
  if (problem) throw untrusted(path, problem)
}

/** Creates `path` as a 0700 folder owned by `account` (atomically, so a concurrent run never sees it half made), or checks an existing one is such a folder. */
export function ensurePrivateDir(path: string, account: Account): void {
  if (lstatSync(path, { throwIfNoEntry: false }) === undefined) {
    const staging = makePrivateDir(path, account)
    try {
      renameSync(staging, path)
    } catch (error) {
      rmSync(staging, { recursive: true, force: true })
      if (!existsSync(path)) throw new Error(`embedded Postgres: could not create ${path}`, { cause: error })
    }
  }
  checkPrivate(path, account, 'folder')
}

/** Creates a new, empty 0700 folder owned by `account` next to `path` (`<path>.tmp-<random>`, never an existing one), to be filled and renamed to `path`. */
export function makePrivateDir(path: string, account: Account): string {
  const staging = mkdtempSync(`${path}.tmp-`)
  if (!hasAccounts) return staging
  chmodSync(staging, 0o700)
  if (account.uid !== process.getuid?.()) lchownSync(staging, account.uid, account.gid)
  return staging
}

/** Replaces `path` atomically with a new file holding `text` that only this account can read (0600): never reuses an existing file and its mode, never shows readers a half-written one. */
export function writePrivateFile(path: string, text: string): void {
  const staging = `${path}.${process.pid}.tmp`
  rmSync(staging, { force: true })
  writeFileSync(staging, text, { mode: 0o600, flag: 'wx' })
  renameSync(staging, path)
}

/** Hands `path` and everything under it to `account` (symbolic links themselves, not what they point to). */
export function chownTree(path: string, account: Account): void {
  lchownSync(path, account.uid, account.gid)
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) lchownSync(join(entry.parentPath, entry.name), account.uid, account.gid)
}

/** A folder for files that must outlive the process and be reachable by the server account: /var/tmp when it exists. */
export function sharedTempDir(): string {
  return existsSync('/var/tmp') ? '/var/tmp' : tmpdir()
}

/**
 * `<parent>/tally-postgres-<uid>`: the folder, private to `account`, holding the binaries copy, the
 * initdb templates and data kept outside a project. Created on first use; refused when it exists
 * with another owner or open to other accounts (someone may have planted binaries or data there).
 */
export function privateRoot(account: Account, parent = sharedTempDir()): string {
  if (hasAccounts) {
    const problem = parentProblem(lstatSync(parent))
    if (problem) throw untrusted(parent, problem)
  }
  const root = join(parent, `tally-postgres-${hasAccounts ? account.uid : 'user'}`)
  ensurePrivateDir(root, account)
  return root
}

function untrusted(path: string, problem: string): Error {
  return new Error(
    `embedded Postgres: ${path} ${problem}, so it is not used: another account could plant binaries or data there, or read the database password. ` +
      `Check who made it and remove it (\`rm -rf ${path}\`) to have it made again, or set \`url\` to a running server`,
  )
}
