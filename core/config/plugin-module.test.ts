import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isPackageName, resolvePluginModule } from './plugin-module.ts'

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'tally-plugin-module-')))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function pkg(name: string, manifest: Record<string, unknown>, files: string[]) {
  const root = join(dir, 'node_modules', name)
  mkdirSync(root, { recursive: true })
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name, ...manifest }))
  for (const f of files) {
    mkdirSync(join(root, f, '..'), { recursive: true })
    writeFileSync(join(root, f), 'export default {}')
  }
  return root
}

describe('plugins: entries', () => {
  const configDir = join(dir, 'project', 'configs')
  mkdirSync(configDir, { recursive: true })

  it('tells paths from package names', () => {
    expect(['./a.ts', '../b/index.ts', '/abs/c.ts'].map(isPackageName)).toEqual([false, false, false])
    expect(['tally-plugin-x', '@me/plugin', '@me/plugin/sub'].map(isPackageName)).toEqual([true, true, true])
  })

  it('takes a path from the config\'s folder, and says when it is missing', () => {
    writeFileSync(join(configDir, 'mine.ts'), '')
    expect(resolvePluginModule('./mine.ts', configDir)).toEqual({ file: join(configDir, 'mine.ts') })
    expect(resolvePluginModule('./nope.ts', configDir)).toEqual({ error: 'no such file (paths are relative to the config file)' })
  })

  it('finds a package in node_modules above the config, by exports (string, conditions, subpath), main, or index.ts', () => {
    const plain = pkg('p-exports', { exports: './src/index.ts' }, ['src/index.ts'])
    expect(resolvePluginModule('p-exports', configDir)).toEqual({ file: join(plain, 'src/index.ts') })
    const conditional = pkg('@me/p-conditions', { exports: { '.': { types: './d.ts', import: './esm.js', default: './cjs.js' }, './extra': './extra.ts' } }, ['esm.js', 'extra.ts'])
    expect(resolvePluginModule('@me/p-conditions', configDir)).toEqual({ file: join(conditional, 'esm.js') })
    expect(resolvePluginModule('@me/p-conditions/extra', configDir)).toEqual({ file: join(conditional, 'extra.ts') })
    const bare = pkg('p-bare', {}, ['index.ts'])
    expect(resolvePluginModule('p-bare', configDir)).toEqual({ file: join(bare, 'index.ts') })
    expect(resolvePluginModule('p-missing', configDir)).toMatchObject({ error: expect.stringMatching(/^no package `p-missing` in node_modules of .* or above \(install it/) })
    expect(resolvePluginModule('@me/p-conditions/none', configDir)).toMatchObject({ error: expect.stringMatching(/exports no `\.\/none`/) })
  })
})
