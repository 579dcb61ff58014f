/** @module What /ready answers: ready while every node runs (or the complete run serves its result), not while starting, draining or failed. Pure. */
import type { PipelineMetrics } from '../metrics.ts'

export interface Readiness {
  ready: boolean
  /** The JSON body: `status`, and the failed node and error, or the nodes still starting. */
  body: Record<string, unknown>
}

export function readiness(metrics: PipelineMetrics): Readiness {
  const { failure } = metrics
  if (failure) {
    const { node, plugin, hook, message } = failure
    return { ready: false, body: { status: 'failed', ...(node === undefined ? {} : { node, plugin, hook }), error: message } }
  }
  const phase = metrics.phase ?? phaseOf(metrics)
  if (phase === 'starting') {
    const waiting = metrics.nodes.filter((n) => n.state === 'created' || n.state === 'starting').map((n) => n.id)
    return { ready: false, body: { status: 'starting', waiting } }
  }
  if (phase === 'running') return { ready: true, body: { status: 'running' } }
  if (phase === 'complete') return { ready: true, body: { status: 'complete', serving: metrics.nodes.filter((n) => n.state === 'serving').map((n) => n.id) } }
  return { ready: false, body: { status: phase } }
}

/** For snapshots without a phase: read it from the node states. */
function phaseOf(metrics: PipelineMetrics): NonNullable<PipelineMetrics['phase']> {
  const states = new Set(metrics.nodes.map((n) => n.state))
  if (states.has('failed')) return 'failed'
  if (states.has('created') || states.has('starting')) return 'starting'
  if (states.has('draining')) return 'draining'
  return 'running'
}
