/** @module Pipeline health from the engine's metrics: per node throughput, queue, lag, late events, dead letters. */
import { pluginMetrics, type NodeMetrics } from '../../../core/metrics.ts'
import { formatCount, formatRate } from '../format.ts'
import { h, type Html } from '../markup.ts'
import type { DashboardView } from '../view.ts'

export function renderHealth(view: DashboardView): Html {
  if (view.nodes.length === 0) return h`<p class="muted empty">No engine metrics: the dashboard is not running inside a pipeline.</p>`
  return h`<table class="table health"><thead><tr><th scope="col">Node</th><th scope="col" class="opt">Plugin</th><th scope="col">State</th><th scope="col" class="num">Events/s</th><th scope="col" class="num opt">In</th><th scope="col" class="num opt">Out</th><th scope="col" class="num opt">Queue</th><th scope="col" class="num opt">Lag</th><th scope="col" class="num">Late</th><th scope="col" class="num">Dead</th><th scope="col" class="num">Errors</th><th scope="col" class="opt">Plugin metrics</th></tr></thead><tbody>${view.nodes.map(
    (n) => h`<tr><td><strong>${n.id}</strong></td><td class="opt"><span class="kind kind-${n.kind}">${n.kind}</span> ${n.plugin}</td><td><span class="pill pill-${n.state}">${n.state}</span></td><td class="num">${formatRate(n.ratePerSec)}</td><td class="num opt">${formatCount(n.eventsIn)}</td><td class="num opt">${formatCount(n.eventsOut)}</td><td class="num opt">${formatCount(n.queueDepth)}</td><td class="num opt">${lagOf(n)}</td><td class="num${n.late > 0 ? ' warn' : ''}">${formatCount(n.late)}</td><td class="num${n.dead > 0 ? ' bad' : ''}">${formatCount(n.dead)}</td><td class="num${n.errors > 0 ? ' bad' : ''}">${formatCount(n.errors)}</td><td class="opt metrics">${metricsOf(n)}</td></tr>`,
  )}</tbody></table>`
}

/** What the plugin recorded with `ctx.metrics`, as `name value` chips. */
function metricsOf(node: NodeMetrics): Html {
  const all = pluginMetrics(node)
  if (all.length === 0) return h`<span class="muted">—</span>`
  return h`${all.map(([name, value]) => h`<span class="metric"><span class="metric-name">${name}</span> ${formatCount(value)}</span>`)}`
}

/** The sum of the node's custom metrics named like `lag` (Kafka consumer lag per partition), or a dash. */
function lagOf(node: NodeMetrics): string {
  const lags = Object.entries(node.custom).filter(([name]) => /lag/i.test(name))
  return lags.length === 0 ? '—' : formatCount(lags.reduce((sum, [, value]) => sum + value, 0))
}
