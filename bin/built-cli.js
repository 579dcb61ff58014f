// Whether `pipeline` can run from the JavaScript in dist/ instead of the TypeScript sources through
// tsx: no loader thread (~40 MB less memory) and ~0.3 s less to start. Only where that is the same
// program: a `run` of a YAML config that loads no plugins of its own (a user plugin imports `tally`,
// which resolves to the sources: two copies of the engine must never meet), with dist/ built after
// the last change to any source. Plain JavaScript: it runs before any TypeScript loader.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** Written by scripts/build-package.mjs once dist/ is complete. */
export const BUILT_STAMP = 'dist/.built'

/** dist/cli.js when it may run `argv` (the command line after `pipeline`), else undefined. `root`: the package folder. */
export function builtCli(argv, root, env = process.env) {
  if (env.TALLY_FROM_SOURCE === '1' || argv[0] !== 'run') return undefined
  const config = argv.slice(1).find((a) => !a.startsWith('-'))
  if (!config || !/\.ya?ml$/.test(config) || loadsPlugins(config) || !builtIsFresh(root)) return undefined
  return join(root, 'dist', 'cli.js')
}

/** Whether dist/ was completely built after the last change to any source (its stamp is at least as new). */
export function builtIsFresh(root) {
  const built = mtimeMs(join(root, BUILT_STAMP))
  return built !== undefined && newestSource(root) <= built
}

/** A top-level `plugins:` key (the only way a config loads plugins of its own); unreadable: let the sources report it. */
function loadsPlugins(config) {
  try {
    return /^plugins\s*:/m.test(readFileSync(config, 'utf8'))
  } catch {
    return true
  }
}

function mtimeMs(file) {
  try {
    return statSync(file).mtimeMs
  } catch {
    return undefined
  }
}

/** The latest modification time of the TypeScript sources dist/ is built from. */
function newestSource(root) {
  let newest = 0
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'fixtures') walk(join(dir, entry.name))
      } else if (entry.name.endsWith('.ts') || dir.endsWith('public')) {
        newest = Math.max(newest, statSync(join(dir, entry.name)).mtimeMs)
      }
    }
  }
  for (const dir of ['core', 'plugins']) walk(join(root, dir))
  for (const file of ['cli.ts', 'index.ts', 'testing.ts']) newest = Math.max(newest, mtimeMs(join(root, file)) ?? 0)
  return newest
}
