/** @module Events-per-second per node from periodic samples of its counters. */
import type { PipelineMetrics } from '../metrics.ts'

const history = new WeakMap<object, { at: number; count: number }[]>()
const windowMs = 5000

/** Updates every node's `ratePerSec` from how its count moved over the last few seconds. */
export function sampleRates(metrics: PipelineMetrics, now: number): void {
  for (const node of metrics.nodes) {
    const count = node.kind === 'source' ? node.eventsOut : node.eventsIn
    const samples = history.get(node) ?? []
    samples.push({ at: now, count })
    while (samples.length > 2 && now - samples[0]!.at > windowMs) samples.shift()
    history.set(node, samples)
    const first = samples[0]!
    node.ratePerSec = now > first.at ? ((count - first.count) * 1000) / (now - first.at) : 0
  }
}
