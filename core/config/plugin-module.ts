/** @module Where a config's `plugins:` entry lives (a path from the config's folder, or a package found like Node finds it) and loading it. */
import { existsSync, readFileSync, realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

/** A path (`./x.ts`, `../y/index.ts`, absolute) or a package name (`tally-plugin-x`, `@me/plugin`, `@me/plugin/sub`). */
export function isPackageName(entry: string): boolean {
  return !entry.startsWith('.') && !isAbsolute(entry) && !/^[a-zA-Z]:[\\/]/.test(entry)
}

/**
 * The file `entry` names, or an error message: a path is taken from `configDir`; a package is looked
 * up in the `node_modules` of `configDir` and each folder above it, and its entry read from
 * `exports` (`import`, `default`), `main`, or `index.ts`/`index.js`.
 */
export function resolvePluginModule(entry: string, configDir: string): { file: string } | { error: string } {
  if (!isPackageName(entry)) {
    const file = resolve(configDir, entry)
    return existsSync(file) ? { file } : { error: 'no such file (paths are relative to the config file)' }
  }
  const parts = entry.split('/')
  const name = entry.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
  const subpath = `.${entry.slice(name.length)}`
  for (let dir = configDir; ; dir = dirname(dir)) {
    const root = join(dir, 'node_modules', name)
    if (existsSync(join(root, 'package.json'))) {
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports?: unknown; main?: string }
      const target = pkg.exports !== undefined ? exportTarget(pkg.exports, subpath) : subpath === '.' ? pkg.main ?? ['index.ts', 'index.js'].find((f) => existsSync(join(root, f))) : subpath
      if (target === undefined) return { error: `package \`${name}\` (${root}) exports no \`${subpath}\`` }
      const file = join(root, target)
      // A linked package (npm install ./folder) is loaded from where it really is, outside node_modules (Deno runs TS only there).
      return existsSync(file) ? { file: realpathSync(file) } : { error: `package \`${name}\` names ${target}, which is missing` }
    }
    if (dirname(dir) === dir) return { error: `no package \`${name}\` in node_modules of ${configDir} or above (install it, or give a path starting with ./)` }
  }
}

function exportTarget(exports: unknown, subpath: string): string | undefined {
  if (exports === undefined || exports === null) return undefined
  if (typeof exports === 'string') return subpath === '.' ? exports : undefined
  if (typeof exports !== 'object') return undefined
  const map = exports as Record<string, unknown>
  const entry = Object.keys(map).some((k) => k.startsWith('.')) ? map[subpath] : subpath === '.' ? map : undefined
  return conditional(entry)
}

function conditional(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value !== 'object' || value === null) return undefined
  const map = value as Record<string, unknown>
  for (const condition of ['import', 'node', 'default']) {
    const found = conditional(map[condition])
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * Imports a plugin module or a TS config. Under Node with tsx, a `.ts` file in a folder whose package.json says
 * `"type": "commonjs"` (npm's default for a new project) is compiled as CommonJS and cannot be
 * `import()`ed from here; it is `require()`d instead (tsx registers both).
 */
export async function importUserModule(file: string): Promise<{ default?: unknown }> {
  try {
    return (await import(pathToFileURL(file).href)) as { default?: unknown }
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_REQUIRE_CYCLE_MODULE') throw error
    return createRequire(file)(file) as { default?: unknown }
  }
}
