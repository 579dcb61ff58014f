/** @module `pipeline reset` and `pipeline run --fresh`: deletes what a pipeline stored, so the next run starts over. */
import { rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { NodeRuntime } from '../engine/node-runtime.ts'
import type { PipelineSpec } from '../engine/spec.ts'
import type { Logger } from '../plugin.ts'
import { systemClock } from '../clock.ts'

/**
 * Each node whose plugin stores data (the postgres sink: its tables and checkpoints) deletes it
 * through its `reset` hook, which says what it deletes first; every other node's folder under the
 * state folder is removed. Returns what was deleted.
 */
export async function resetPipeline(spec: PipelineSpec, stateDir: string, log: Logger): Promise<string[]> {
  const deleted: string[] = []
  const controller = new AbortController()
  for (const node of spec.nodes) {
    if (node.plugin.reset) {
      const runtime = new NodeRuntime({
        spec: node, pipelineName: spec.name, clock: systemClock, log, stateDir,
        signal: controller.signal, draining: controller.signal, metricsSnapshot: () => ({ pipeline: spec.name, startedAt: 0, now: Date.now(), nodes: [] }), flushed: async () => undefined,
      })
      deleted.push(...(await runtime.hook('reset', () => node.plugin.reset!(runtime.ctx, node.config as never))))
    } else {
      const folder = join(stateDir, node.id)
      if (!(await stat(folder).then(() => true, () => false))) continue
      log.info(`[${node.id}] deleting its state folder ${folder}`)
      await rm(folder, { recursive: true, force: true })
      deleted.push(folder)
    }
  }
  return deleted
}
