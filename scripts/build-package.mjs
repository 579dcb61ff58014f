#!/usr/bin/env node
// Builds dist/ (run by `npm install` in the repository through "prepare", and by `npm pack` through
// "prepack"): JavaScript for runtimes that do not run TypeScript from node_modules (Deno) and for
// `pipeline run` on Node where it is the same program (bin/built-cli.js), declarations for TypeScript
// users, and the dashboard's static files beside its module. Bun runs the .ts sources as they are.
import { execFileSync } from 'node:child_process'
import { cpSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { BUILT_STAMP, builtIsFresh } from '../bin/built-cli.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const stamp = `${root}${BUILT_STAMP}`
// `--if-stale` (prepare, prepack): keep a dist/ built after the last source change. Rebuilding it
// would delete files under a `pipeline run` that is using them (npm pack during the test suite).
if (process.argv.includes('--if-stale') && builtIsFresh(root)) {
  process.stderr.write('dist/ is up to date\n')
  process.exit(0)
}
const started = new Date()
rmSync(`${root}dist`, { recursive: true, force: true })
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
execFileSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' })
cpSync(`${root}plugins/dashboard-hono/public`, `${root}dist/plugins/dashboard-hono/public`, { recursive: true })
// Last, dated when the build began (a source saved during it makes dist/ stale): bin/built-cli.js
// runs dist/ only when this stamp is newer than every source.
writeFileSync(stamp, `${started.toISOString()}\n`)
utimesSync(stamp, started, started)
process.stderr.write('built dist/ (JavaScript and declarations)\n')
