/** @module `pipeline check`: runs every node's data-quality checks and prints a table or JSON. */
import process from 'node:process'
import { loadConfigFile } from '../config/load-config.ts'
import { standaloneNode } from './standalone-node.ts'
import { consoleLogger } from '../engine/engine.ts'
import type { CheckResult, PluginDefinition } from '../plugin.ts'

export async function checkCommand(file: string, options: { json: boolean; stateDir?: string; plugins: PluginDefinition[] }): Promise<number> {
  const { spec } = await loadConfigFile(file, options.plugins)
  const results: (CheckResult & { node: string })[] = []
  const checked = spec.nodes.filter((n) => n.plugin.check)
  if (checked.length === 0) {
    process.stderr.write(`pipeline check: no node in ${file} has data checks (the postgres sink has)\n`)
    return 2
  }
  for (const node of checked) {
    const runtime = standaloneNode(spec, node, options.stateDir ?? '.tally', consoleLogger)
    const found = await runtime.hook('check', () => node.plugin.check!(runtime.ctx, node.config as never))
    for (const r of found) results.push({ node: node.id, ...r })
  }
  const ok = results.every((r) => r.ok)
  if (options.json) process.stdout.write(`${JSON.stringify({ ok, results }, null, 2)}\n`)
  else process.stdout.write(`${renderCheckTable(results)}\n\n${ok ? 'all checks passed' : `${results.filter((r) => !r.ok).length} check(s) FAILED`}\n`)
  return ok ? 0 : 1
}

export function renderCheckTable(results: (CheckResult & { node: string })[]): string {
  const rows = results.map((r) => [r.ok ? 'ok' : 'FAIL', r.node, r.name, r.detail])
  const header = ['', 'node', 'check', 'detail']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  return [header, ...rows].map((cells) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n')
}
