#!/usr/bin/env node
// Node runs the TypeScript sources directly through tsx: there is no build step.
// Bun and Deno run core/cli/main.ts themselves (`bun core/cli/main.ts`, `deno run -A core/cli/main.ts`).
import { register } from 'tsx/esm/api'

register()
await import('../core/cli/main.ts')
