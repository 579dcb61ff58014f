#!/usr/bin/env node
// Node runs the TypeScript sources directly through tsx: there is no build step.
// Bun and Deno run cli.ts themselves (`bun cli.ts`, `deno run -A cli.ts`).
import { register } from 'tsx/esm/api'

register()
await import('../cli.ts')
