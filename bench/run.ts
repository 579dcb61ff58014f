/** @module `npm run bench [name…]`: runs the benchmarks (bench/*.bench.ts) one after another and prints a Markdown table. */
import { execFileSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { builtIsFresh } from '../bin/built-cli.js'
import type { BenchResult } from './result.ts'

const only = process.argv.slice(2)
const dir = new URL('.', import.meta.url)
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).filter((f) => only.length === 0 || only.some((o) => f.startsWith(o))).sort()
const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
// Spawned pipelines (`node bin/pipeline.js run …`) run dist/ when it is up to date, as after `npm install`; build it first.
const root = fileURLToPath(new URL('..', import.meta.url))
execFileSync(process.execPath, ['scripts/build-package.mjs', '--if-stale'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
const cli = builtIsFresh(root) ? 'pipelines from dist/' : 'pipelines through tsx (dist/ is older than the sources)'
console.log(`Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${process.platform} ${os.release()}, Node ${process.version}; ${cli}. Date: ${new Date().toISOString().slice(0, 10)}\n`)
console.log('| benchmark | result | target | notes |\n| --- | --- | --- | --- |')
let failed = false
for (const file of files) {
  const started = Date.now()
  process.stderr.write(`running ${file}…\n`)
  try {
    const module = (await import(new URL(file, dir).href)) as { run(): Promise<BenchResult[]> }
    for (const r of await module.run()) console.log(`| ${r.name} | ${r.value.toLocaleString('en')} ${r.unit} | ${r.target ?? ''} | ${r.notes ?? ''} |`)
  } catch (error) {
    failed = true
    console.log(`| ${file} | failed | | ${error instanceof Error ? error.message.split('\n')[0] : String(error)} |`)
  }
  process.stderr.write(`  ${file} took ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
}
process.exit(failed ? 1 : 0)
