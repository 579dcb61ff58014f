/** @module What the main thread and its worker threads say to each other (core/parallel). */
import type { Event } from '../plugin.ts'
import type { NodeMetrics } from '../metrics.ts'

/** What a worker needs to build its part of the pipeline: the same config, plugins and cores as the main thread. */
export interface WorkerBoot {
  /** The config file (its `plugins:` are loaded again in the worker). */
  file: string
  /** URL of a module exporting `builtinPlugins` (the plugins `use:` names without a `plugins:` entry). */
  pluginsModule: string
}

export interface WorkerData extends WorkerBoot {
  index: number
  cores: number
  stateDir: string
  /** The worker module to run (worker-boot.mjs loads it through tsx on Node). */
  entry: string
}

export type FromWorker =
  | { t: 'batch'; stream: string; events: Event[] }
  /** Checkpoint `id` of the worker is complete: answer `saved` once the main thread durably holds everything sent before. */
  | { t: 'save'; id: number }
  | { t: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string }
  | { t: 'metrics'; nodes: NodeMetrics[] }
  | { t: 'done'; ok: boolean; error?: string }

export type ToWorker = { t: 'ack' } | { t: 'saved'; id: number } | { t: 'stop' } | { t: 'kill'; reason: string }
