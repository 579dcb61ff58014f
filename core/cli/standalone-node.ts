/** @module A node outside a running pipeline, for the commands that call one plugin hook (`check`, `reset`): its context and hook wrapper, no engine. */
import { systemClock } from '../clock.ts'
import { NodeRuntime } from '../engine/node-runtime.ts'
import type { NodeSpec, PipelineSpec } from '../engine/spec.ts'
import type { Logger } from '../plugin.ts'

export function standaloneNode(spec: PipelineSpec, node: NodeSpec, stateDir: string, log: Logger): NodeRuntime {
  const never = new AbortController().signal
  return new NodeRuntime({
    spec: node, pipelineName: spec.name, clock: systemClock, log, stateDir, signal: never, draining: never,
    metricsSnapshot: () => ({ pipeline: spec.name, startedAt: 0, now: Date.now(), nodes: [] }),
    flushed: async () => undefined,
  })
}
