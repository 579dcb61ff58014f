#!/usr/bin/env node
// Builds dist/ for the published package (run by `npm pack` through "prepack"): JavaScript for
// runtimes that do not run TypeScript from node_modules (Deno), declarations for TypeScript users,
// and the dashboard's static files beside its module. Node and Bun run the .ts sources as they are.
import { execFileSync } from 'node:child_process'
import { cpSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
rmSync(`${root}dist`, { recursive: true, force: true })
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
execFileSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' })
cpSync(`${root}plugins/dashboard-hono/public`, `${root}dist/plugins/dashboard-hono/public`, { recursive: true })
process.stderr.write('built dist/ (JavaScript and declarations)\n')
