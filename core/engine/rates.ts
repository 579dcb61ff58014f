/** @module Events-per-second per node from periodic samples of its counters. */
import type { PipelineMetrics } from '../metrics.ts'
import { createRateMeter, type RateMeter } from '../rate-meter.ts'

const meters = new WeakMap<object, RateMeter>()

/** Updates every node's `ratePerSec` from how its count moved over the last few seconds. */
export function sampleRates(metrics: PipelineMetrics, now: number): void {
  for (const node of metrics.nodes) {
    let meter = meters.get(node)
    if (!meter) meters.set(node, (meter = createRateMeter()))
    node.ratePerSec = meter.sample(now, node.kind === 'source' ? node.eventsOut : node.eventsIn)
  }
}
