#!/usr/bin/env node
// Node runs the TypeScript sources through tsx, or the JavaScript of dist/ when it is the same
// program and up to date (bin/built-cli.js: `run` of a YAML config without plugins of its own).
// Both of tsx's hooks are registered: a plugin's .ts file in a CommonJS project is require()d (see
// core/config/plugin-module.ts). Bun and Deno run cli.ts themselves (`bun cli.ts`, `deno run -A cli.ts`).
import { fileURLToPath, pathToFileURL } from 'node:url'
import { builtCli } from './built-cli.js'

const built = builtCli(process.argv.slice(2), fileURLToPath(new URL('..', import.meta.url)))
if (built) {
  await import(pathToFileURL(built).href)
} else {
  const { register } = await import('tsx/esm/api')
  const { register: registerCommonJs } = await import('tsx/cjs/api')
  register()
  registerCommonJs()
  await import('../cli.ts')
}
