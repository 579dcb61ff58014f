/** @module Child process of config-load.bench.ts: loads one config file, prints how long `loadConfigFile` took (wall and CPU, all threads), what it found, and the process's peak memory. */
import { readFileSync } from 'node:fs'
import { loadConfigFile } from '../core/config/load-config.ts'
import { ConfigError } from '../core/errors.ts'
import { builtinPlugins } from '../plugins/index.ts'

const file = process.argv[2]!
const started = performance.now()
const cpu = process.cpuUsage()
let nodes = 0
let problems = 0
try {
  nodes = (await loadConfigFile(file, builtinPlugins, {})).spec.nodes.length
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  problems = error.issues.length
}
const ms = performance.now() - started
const { user, system } = process.cpuUsage(cpu)
const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1])
process.stdout.write(`${JSON.stringify({ ms, cpuMs: (user + system) / 1000, nodes, problems, hwmKb })}\n`)
