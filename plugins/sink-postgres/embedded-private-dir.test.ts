import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { currentAccount, ensurePrivateDir, parentProblem, privacyProblem, privateRoot, writePrivateFile, type StatLike } from './embedded-private-dir.ts'

const root = mkdtempSync(join(tmpdir(), 'tally-private-dir-test-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const me = currentAccount()
const isRoot = process.getuid?.() === 0
const mode = (path: string) => lstatSync(path).mode & 0o7777

function stat(kind: 'folder' | 'file' | 'link', uid: number, mode: number): StatLike {
  return { uid, mode, isDirectory: () => kind === 'folder', isFile: () => kind === 'file', isSymbolicLink: () => kind === 'link' }
}

describe('privacyProblem', () => {
  const postgres = { name: 'postgres', uid: 101, gid: 104 }

  it('accepts a folder of the account that only it may enter, and such a file', () => {
    expect(privacyProblem(stat('folder', 101, 0o40700), postgres, 'folder')).toBeUndefined()
    expect(privacyProblem(stat('file', 101, 0o100600), postgres, 'file')).toBeUndefined()
  })

  it('refuses another owner, any access for group or others, a symbolic link, the wrong kind', () => {
    expect(privacyProblem(stat('folder', 1000, 0o40700), postgres, 'folder')).toBe('is owned by uid 1000, not by postgres (uid 101)')
    expect(privacyProblem(stat('folder', 101, 0o40755), postgres, 'folder')).toBe('has mode 0755, open to other accounts (expected 0700)')
    expect(privacyProblem(stat('file', 101, 0o100640), postgres, 'file')).toBe('has mode 0640, open to other accounts (expected 0600)')
    expect(privacyProblem(stat('link', 101, 0o120777), postgres, 'folder')).toBe('is a symbolic link')
    expect(privacyProblem(stat('file', 101, 0o100700), postgres, 'folder')).toBe('is not a folder')
  })
})

describe('parentProblem', () => {
  it('accepts a sticky shared folder (/var/tmp) or one others cannot write, refuses one others may rename entries in', () => {
    expect(parentProblem(stat('folder', 0, 0o41777))).toBeUndefined()
    expect(parentProblem(stat('folder', 0, 0o40755))).toBeUndefined()
    expect(parentProblem(stat('folder', 0, 0o40777))).toBe('is writable by other accounts and not sticky (mode 777)')
  })
})

describe('private folders on disk', () => {
  it('creates a folder with mode 0700, and reuses it', () => {
    const path = join(root, 'made')
    ensurePrivateDir(path, me)
    expect(mode(path)).toBe(0o700)
    expect(lstatSync(path).uid).toBe(me.uid)
    writeFileSync(join(path, 'kept'), 'x')
    ensurePrivateDir(path, me)
    expect(lstatSync(join(path, 'kept')).isFile()).toBe(true)
  })

  it('does not reuse a folder open to other accounts, nor a symbolic link to a private one', () => {
    const open = join(root, 'open')
    mkdirSync(open, { mode: 0o755 })
    expect(() => ensurePrivateDir(open, me)).toThrow(/open has mode 0755, open to other accounts \(expected 0700\), so it is not used: .*remove it \(`rm -rf .*open`\)/)
    const link = join(root, 'link')
    symlinkSync(join(root, 'made'), link)
    expect(() => ensurePrivateDir(link, me)).toThrow(/link is a symbolic link, so it is not used/)
  })

  it.skipIf(!isRoot)('does not reuse a folder another account owns, even with mode 0700 (skipped unless root: only root can give a folder away)', () => {
    const planted = join(root, 'planted')
    mkdirSync(planted, { mode: 0o700 })
    chownSync(planted, 65534, 65534)
    expect(() => ensurePrivateDir(planted, me)).toThrow(/planted is owned by uid 65534, not by .* \(uid 0\), so it is not used/)
  })

  it('the per-account root is refused when it is open to others, or sits where others can rename it', () => {
    const parent = join(root, 'shared')
    mkdirSync(join(parent, `tally-postgres-${me.uid}`), { recursive: true, mode: 0o755 })
    expect(() => privateRoot(me, parent)).toThrow(/has mode 0755/)
    const writable = join(root, 'writable')
    mkdirSync(writable)
    chmodSync(writable, 0o777)
    expect(() => privateRoot(me, writable)).toThrow(/writable is writable by other accounts and not sticky/)
    const fresh = join(root, 'fresh')
    mkdirSync(fresh, { mode: 0o755 })
    expect(privateRoot(me, fresh)).toBe(join(fresh, `tally-postgres-${me.uid}`))
    expect(mode(join(fresh, `tally-postgres-${me.uid}`))).toBe(0o700)
  })

  it('writes a private file with mode 0600, replacing a readable one rather than reusing its mode', () => {
    const file = join(root, 'password')
    writeFileSync(file, 'old', { mode: 0o644 })
    writePrivateFile(file, 'secret\n')
    expect(mode(file)).toBe(0o600)
  })
})
