/**
 * @module Runs a pipeline split over worker threads: the main thread's engine reads the workers'
 * streams through the `_workers` source and runs the merge nodes and sinks; stopping drains the
 * workers first, so everything they read reaches the sinks.
 */
import { createEngine, consoleLogger, type EngineOptions, type Pipeline } from '../engine/engine.ts'
import type { PipelineSpec } from '../engine/spec.ts'
import type { WorkerBoot } from './messages.ts'
import { WORKERS_NODE, type ParallelSplit } from './plan.ts'
import { createWorkerPool, type WorkerPool } from './worker-pool.ts'
import { createWorkersSource } from './workers-source.ts'

export interface ParallelPipeline extends Pipeline {
  readonly pool: WorkerPool
}

export function createParallelEngine(spec: PipelineSpec, split: Extract<ParallelSplit, { parallel: true }>, boot: WorkerBoot, cores: number, options: EngineOptions = {}): ParallelPipeline {
  const pool = createWorkerPool({ count: split.workers, boot, cores, stateDir: options.stateDir ?? '.tally', log: options.log ?? consoleLogger })
  const source = createWorkersSource(pool, split.streams)
  const retry = split.worker[0]!.retry
  const main: PipelineSpec = { ...spec, nodes: [{ id: WORKERS_NODE, plugin: source, config: {}, inputs: [], retry }, ...split.main] }
  const engine = createEngine(main, options)
  const metrics = () => {
    const own = engine.metrics()
    const workers = pool.metrics()
    const nodes = own.nodes.map((n) => (n.id === WORKERS_NODE ? { ...n, custom: { ...n.custom, restarts: workers.restarts }, customKinds: { ...n.customKinds, restarts: 'count' as const } } : n))
    return { ...own, nodes: [...workers.nodes, ...nodes] }
  }
  let stopping: Promise<unknown> | undefined
  return {
    pool,
    start: () => engine.start(),
    done: engine.done.then((result) => ({ ...result, metrics: metrics() })),
    metrics,
    async stop() {
      stopping ??= pool.drain()
      await stopping
      return engine.stop().then((result) => ({ ...result, metrics: metrics() }))
    },
    async kill(reason) {
      await pool.kill()
      return engine.kill(reason)
    },
  }
}
