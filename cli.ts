/**
 * @module The `pipeline` command: core's CLI with the built-in plugins wired in (core itself knows
 * no plugin). Node runs it through bin/pipeline.js; Bun and Deno run it directly
 * (`bun cli.ts run …`, `deno run -A cli.ts run …`).
 */
import process from 'node:process'
import { runCli } from './core/cli/main.ts'
import { builtinPlugins } from './plugins/index.ts'

// Worker threads (`settings.parallelism`) load the built-ins from the same place as this file.
const pluginsModule = new URL(`./plugins/index.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url).href
await runCli(process.argv.slice(2), builtinPlugins, pluginsModule)
