/**
 * @module The `pipeline` command: core's CLI with the built-in plugins wired in (core itself knows
 * no plugin). Node runs it through bin/pipeline.js; Bun and Deno run it directly
 * (`bun cli.ts run …`, `deno run -A cli.ts run …`).
 */
import process from 'node:process'
import { runCli } from './core/cli/main.ts'
import { builtinPlugins } from './plugins/index.ts'

await runCli(process.argv.slice(2), builtinPlugins)
