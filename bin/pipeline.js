#!/usr/bin/env node
// Node runs the TypeScript sources directly through tsx: there is no build step. Both of tsx's
// hooks are registered: a plugin's .ts file in a CommonJS project is require()d (see core/config/plugin-module.ts).
// Bun and Deno run cli.ts themselves (`bun cli.ts`, `deno run -A cli.ts`).
import { register } from 'tsx/esm/api'
import { register as registerCommonJs } from 'tsx/cjs/api'

register()
registerCommonJs()
await import('../cli.ts')
