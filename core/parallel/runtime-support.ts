/** @module Whether this runtime runs worker threads well enough for `settings.parallelism`, and the split on this machine. */
import { availableParallelism } from 'node:os'
import type { PipelineSpec } from '../engine/spec.ts'
import { planParallel, type ParallelSplit } from './plan.ts'

/** Why pipelines run on one thread on this runtime whatever `settings.parallelism` says, or undefined. */
export function workerThreadsMissing(): string | undefined {
  // Seen with Deno 2.9.5: a few seconds into a run, a promise the main thread resolves while
  // handling a worker's message stops continuing, so its checkpoints (and the workers waiting on
  // them) stall. Node and Bun run the same code to the end.
  if ('Deno' in globalThis) return 'on Deno, whose node:worker_threads stall a parallel run, pipelines run on one thread'
  return undefined
}

/** How `spec` splits here: this machine's cores, this runtime's support (what `pipeline run` and `validate` use). */
export function splitHere(spec: PipelineSpec): { cores: number; split: ParallelSplit } {
  const cores = availableParallelism()
  return { cores, split: planParallel(spec, cores, workerThreadsMissing()) }
}
