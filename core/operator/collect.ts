/** @module The metric families of a pipeline process: engine metrics per node, checkpoints, plugin metrics and process metrics. Pure. */
import type { NodeSpec } from '../engine/spec.ts'
import type { NodeMetrics, PipelineMetrics } from '../metrics.ts'
import type { MetricFamily } from './exposition.ts'
import type { Histogram } from './histogram.ts'
import { ENGINE_METRICS as E, NODE_STATES, PROCESS_METRICS as P, type MetricDoc } from './metric-catalogue.ts'
import { toPluginSeries } from './metric-names.ts'
import { readiness } from './readiness.ts'

/** What the process edge file measures (process-stats.ts). */
export interface ProcessSample {
  cpuSeconds: number
  residentBytes: number
  startTimeSeconds: number
  heapUsedBytes: number
  heapTotalBytes: number
  eventLoopDelay: Histogram
  runtime: string
  version: string
}

type Samples = MetricFamily['samples']

const family = (doc: MetricDoc, samples: Samples): MetricFamily => ({ name: doc.name, type: doc.type, help: doc.help, ...(doc.unit ? { unit: doc.unit } : {}), samples })

export function collectFamilies(metrics: PipelineMetrics, specs: readonly NodeSpec[], process?: ProcessSample): MetricFamily[] {
  const byId = new Map(specs.map((s) => [s.id, s]))
  const nodes = metrics.nodes
  const labels = (n: NodeMetrics) => ({ node: n.id, plugin: n.plugin })
  const per = (pick: (n: NodeMetrics) => number | Histogram | undefined, which = nodes): Samples =>
    which.flatMap((n) => {
      const value = pick(n)
      return value === undefined ? [] : [{ labels: labels(n), value }]
    })
  const consumers = nodes.filter((n) => n.kind !== 'source')
  const checkpoints = metrics.checkpoints
  const families = [
    family(E.pipelineInfo, [{ labels: { pipeline: metrics.pipeline }, value: 1 }]),
    family(E.ready, [{ labels: {}, value: readiness(metrics).ready ? 1 : 0 }]),
    family(E.nodeState, nodes.flatMap((n) => NODE_STATES.map((state) => ({ labels: { ...labels(n), state }, value: n.state === state ? 1 : 0 })))),
    family(E.eventsIn, per((n) => n.eventsIn, consumers)),
    family(E.eventsOut, nodes.flatMap((n) => outputPorts(n, byId.get(n.id)).map(([port, value]) => ({ labels: { ...labels(n), port }, value })))),
    family(E.unwired, nodes.flatMap((n) => prefixed(n, 'unwired.').map(([port, value]) => ({ labels: { ...labels(n), port }, value })))),
    family(E.batches, per((n) => n.batches)),
    family(E.retries, per((n) => n.retries)),
    family(E.errors, per((n) => n.errors)),
    family(E.queued, per((n) => n.queueDepth, consumers)),
    family(E.writeDuration, per((n) => n.writeSeconds)),
  ]
  if (checkpoints) {
    families.push(family(E.checkpoints, [{ labels: {}, value: checkpoints.completed }]), family(E.checkpointDuration, [{ labels: {}, value: checkpoints.durationSeconds }]))
    if (checkpoints.lastCompletedAt !== undefined) families.push(family(E.checkpointLastSuccess, [{ labels: {}, value: checkpoints.lastCompletedAt / 1000 }]))
  }
  families.push(...pluginFamilies(nodes, byId))
  if (process) families.push(...processFamilies(process))
  return families
}

/** Every port a node sends on, with its count: `out` (not for sinks unless used), the ports its plugin declares, and any other it used. */
function outputPorts(n: NodeMetrics, spec: NodeSpec | undefined): [string, number][] {
  const counts = new Map<string, number>(prefixed(n, 'port.'))
  counts.set('dead', n.dead)
  counts.set('late', n.late)
  counts.set('out', n.eventsOut)
  const shown = new Set([...(n.kind === 'sink' ? [] : ['out']), ...Object.keys(spec?.plugin.ports ?? {})])
  return [...counts].filter(([port, value]) => shown.has(port) || value > 0).sort(([a], [b]) => a.localeCompare(b))
}

function prefixed(n: NodeMetrics, prefix: string): [string, number][] {
  return Object.entries(n.custom).filter(([name]) => name.startsWith(prefix)).map(([name, value]) => [name.slice(prefix.length), value])
}

/** `ctx.metrics` values as `tally_plugin_<plugin>_<name>` families (a name recorded as both a count and a gauge keeps its first type). */
function pluginFamilies(nodes: readonly NodeMetrics[], byId: Map<string, NodeSpec>): MetricFamily[] {
  const families = new Map<string, MetricFamily>()
  for (const n of nodes) {
    const declared = byId.get(n.id)?.plugin.metrics
    for (const [name, value] of Object.entries(n.custom)) {
      const series = toPluginSeries(n.plugin, n.id, name, value, n.customKinds?.[name], declared)
      if (!series) continue
      let f = families.get(series.family)
      if (!f) families.set(series.family, (f = { name: series.family, type: series.type, help: series.help, ...(series.unit ? { unit: series.unit } : {}), samples: [] }))
      if (f.type === series.type) f.samples.push({ labels: series.labels, value: series.value })
    }
  }
  return [...families.values()].sort((a, b) => a.name.localeCompare(b.name))
}

function processFamilies(p: ProcessSample): MetricFamily[] {
  const one = (doc: MetricDoc, value: number | Histogram) => family(doc, [{ labels: {}, value }])
  return [
    one(P.cpu, p.cpuSeconds), one(P.rss, p.residentBytes), one(P.startTime, p.startTimeSeconds),
    one(P.heapUsed, p.heapUsedBytes), one(P.heapTotal, p.heapTotalBytes), one(P.loopDelay, p.eventLoopDelay),
    family(P.runtimeInfo, [{ labels: { runtime: p.runtime, version: p.version }, value: 1 }]),
  ]
}
