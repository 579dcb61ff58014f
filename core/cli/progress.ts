/** @module Renders engine metrics for people: a one-screen table on a TTY, one summary line otherwise. */
import { pluginMetrics, type NodeMetrics, type PipelineMetrics } from '../metrics.ts'

export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}G`
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`
  return String(Math.round(n))
}

function lagOf(node: NodeMetrics): number | undefined {
  let lag: number | undefined
  for (const [k, v] of Object.entries(node.custom)) if (k.startsWith('lag.')) lag = (lag ?? 0) + v
  return lag
}

/** The table shown on a TTY: one row per node. */
export function renderProgressTable(metrics: PipelineMetrics): string {
  const elapsed = ((metrics.now - metrics.startedAt) / 1000).toFixed(1)
  const header = ['node', 'plugin', 'state', 'in', 'out', 'rate/s', 'queue', 'lag', 'late', 'dead', 'retries', 'errors', 'metrics']
  const rows = metrics.nodes.map((n) => [
    n.id, n.plugin, n.state,
    n.kind === 'source' ? '-' : formatCount(n.eventsIn),
    n.kind === 'sink' ? '-' : formatCount(n.eventsOut),
    formatCount(n.ratePerSec),
    String(n.queueDepth),
    formatLag(lagOf(n)),
    formatCount(n.late), formatCount(n.dead), String(n.retries), String(n.errors),
    formatPluginMetrics(n),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : i === cells.length - 1 ? c : c.padStart(widths[i]!))).join('  ').trimEnd()
  return [`${metrics.pipeline} · ${elapsed}s`, line(header), ...rows.map(line)].join('\n')
}

/** A node's plugin metrics as `name value` pairs, at most `max` of them (then `+N`). */
export function formatPluginMetrics(node: NodeMetrics, max = 4): string {
  const all = pluginMetrics(node)
  const shown = all.slice(0, max).map(([name, value]) => `${name} ${formatCount(value)}`)
  return all.length > max ? `${shown.join(' ')} +${all.length - max}` : shown.join(' ')
}

/** One line for logs: sources' output and sinks' input, with rates, and every node's plugin metrics. */
export function renderProgressLine(metrics: PipelineMetrics): string {
  const elapsed = ((metrics.now - metrics.startedAt) / 1000).toFixed(0)
  const parts = metrics.nodes
    .filter((n) => n.kind !== 'transform' || n.dead > 0 || n.late > 0 || pluginMetrics(n).length > 0)
    .map((n) => {
      const count = n.kind === 'source' ? n.eventsOut : n.eventsIn
      const extra = [n.late ? `late ${formatCount(n.late)}` : '', n.dead ? `dead ${formatCount(n.dead)}` : '', lagOf(n) !== undefined ? `lag ${formatLag(lagOf(n))}` : '', formatPluginMetrics(n)].filter(Boolean).join(' ')
      return `${n.id} ${formatCount(count)} (${formatCount(n.ratePerSec)}/s)${extra ? ` ${extra}` : ''}`
    })
  return `[${elapsed}s] ${parts.join(' · ')}`
}

function formatLag(lag: number | undefined): string {
  return lag === undefined ? '-' : formatCount(lag)
}
