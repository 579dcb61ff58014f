/** @module `pipeline reset` and `pipeline run --fresh`: deletes what a pipeline stored, so the next run starts over. */
import { rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { standaloneNode } from './standalone-node.ts'
import type { PipelineSpec } from '../engine/spec.ts'
import type { Logger } from '../plugin.ts'

/**
 * Each node whose plugin stores data (the postgres sink: its tables and checkpoints) deletes it
 * through its `reset` hook, which says what it deletes first; every other node's folder under the
 * state folder is removed. Returns what was deleted.
 */
export async function resetPipeline(spec: PipelineSpec, stateDir: string, log: Logger): Promise<string[]> {
  const deleted: string[] = []
  for (const node of spec.nodes) {
    if (node.plugin.reset) {
      const runtime = standaloneNode(spec, node, stateDir, log)
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
