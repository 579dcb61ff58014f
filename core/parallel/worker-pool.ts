/**
 * @module The worker threads of a parallel pipeline: starts them, queues what they send for the
 * main thread's `_workers` source, restarts one that dies (it reads again from its committed
 * offsets; counts per part make that exact), and stops or kills them with the pipeline.
 */
import { Worker } from 'node:worker_threads'
import type { NodeMetrics } from '../metrics.ts'
import type { Event, Logger } from '../plugin.ts'
import type { FromWorker, ToWorker, WorkerBoot, WorkerData } from './messages.ts'

/** What the `_workers` source takes from the queue. */
export type PoolItem =
  | { kind: 'batch'; worker: number; stream: string; events: Event[] }
  | { kind: 'save'; worker: number; id: number }
  | { kind: 'end' }
  | { kind: 'failed'; error: Error }

/** Restarts of one worker in a row, without a batch in between, before the pipeline fails. */
const MAX_RESTARTS = 5

export interface WorkerPoolOptions {
  count: number
  boot: WorkerBoot
  cores: number
  stateDir: string
  log: Logger
}

interface Slot {
  index: number
  thread?: Worker
  done: boolean
  restarts: number
  metrics: NodeMetrics[]
}

export type WorkerPool = ReturnType<typeof createWorkerPool>

export function createWorkerPool(options: WorkerPoolOptions) {
  const { log } = options
  const slots: Slot[] = Array.from({ length: options.count }, (_, index) => ({ index: index + 1, done: false, restarts: 0, metrics: [] }))
  const queue: PoolItem[] = []
  let wake: (() => void) | undefined
  let stopping = false
  let killed = false
  let ended = false
  let restartsTotal = 0
  let allDone: () => void = () => undefined
  const finished = new Promise<void>((resolve) => (allDone = resolve))

  const push = (item: PoolItem) => {
    queue.push(item)
    wake?.()
  }
  const send = (slot: Slot, message: ToWorker) => slot.thread?.postMessage(message)
  /** Backoff before restarting a worker (attempt 1, 2, …), in ms. */
  const restartDelay = (attempt: number) => Math.min(100 * 2 ** attempt, 5000)

  const checkAllDone = () => {
    if (!slots.every((s) => s.done)) return
    allDone()
    if (!stopping && !killed && !ended) {
      ended = true
      push({ kind: 'end' })
    }
  }

  const spawn = (slot: Slot) => {
    const { entry, throughTsx } = workerModule()
    const data: WorkerData = { ...options.boot, index: slot.index, cores: options.cores, stateDir: options.stateDir, entry }
    const thread = new Worker(new URL(throughTsx ? './worker-boot.mjs' : entry, import.meta.url), { workerData: data })
    slot.thread = thread
    thread.on('message', (message: FromWorker) => {
      switch (message.t) {
        case 'batch':
          slot.restarts = 0
          push({ kind: 'batch', worker: slot.index, stream: message.stream, events: message.events })
          break
        case 'save':
          push({ kind: 'save', worker: slot.index, id: message.id })
          break
        case 'log':
          log[message.level]?.(`worker ${slot.index}: ${message.message}`)
          break
        case 'metrics':
          slot.metrics = message.nodes
          break
        case 'done':
          slot.done = true
          // Terminated once (and its exit no longer ours to handle): on Deno a second terminate()
          // of an ended worker never settles.
          slot.thread = undefined
          void thread.terminate()
          if (!message.ok && !stopping && !killed) push({ kind: 'failed', error: new Error(`worker ${slot.index}: ${message.error ?? 'failed'}`) })
          checkAllDone()
          break
      }
    })
    thread.on('error', (error) => log.warn(`worker ${slot.index} crashed: ${error.message}`))
    thread.on('exit', (code) => {
      if (slot.thread !== thread) return // it reported done, or was killed
      slot.thread = undefined
      if (stopping || killed) {
        slot.done = true
        checkAllDone()
        return
      }
      if (++slot.restarts > MAX_RESTARTS) {
        push({ kind: 'failed', error: new Error(`worker ${slot.index} stopped ${MAX_RESTARTS} times in a row without sending anything (exit code ${code}); see its messages above`) })
        return
      }
      restartsTotal++
      const delayMs = restartDelay(slot.restarts)
      log.warn(`worker ${slot.index} stopped unexpectedly (exit code ${code}): restarting it in ${delayMs} ms; it reads again from its committed offsets`)
      setTimeout(() => {
        if (!stopping && !killed) spawn(slot)
      }, delayMs)
    })
  }

  return {
    start() {
      for (const slot of slots) spawn(slot)
    },
    /** Everything queued so far, waiting for something when the queue is empty. */
    async take(signal: AbortSignal): Promise<PoolItem[]> {
      while (queue.length === 0 && !signal.aborted) {
        await new Promise<void>((resolve) => {
          wake = resolve
          signal.addEventListener('abort', wake, { once: true })
        })
        signal.removeEventListener('abort', wake!)
        wake = undefined
      }
      return queue.splice(0)
    },
    ack(worker: number) {
      send(slots[worker - 1]!, { t: 'ack' })
    },
    saved(worker: number, id: number) {
      send(slots[worker - 1]!, { t: 'saved', id })
    },
    /** Asks every worker to stop (its sources stop, what it holds drains here); resolves once all are done. */
    async drain(): Promise<void> {
      stopping = true
      for (const slot of slots) {
        if (slot.thread) send(slot, { t: 'stop' })
        else slot.done = true
      }
      checkAllDone()
      await finished
    },
    /** Ends every worker now: whatever they read and did not hand over is read again on the next start. */
    async kill(): Promise<void> {
      killed = true
      await Promise.all(slots.map(async (slot) => {
        slot.done = true
        await slot.thread?.terminate()
        slot.thread = undefined
      }))
      allDone()
    },
    /** The workers' nodes, each summed over the workers; and the restarts so far. */
    metrics(): { nodes: NodeMetrics[]; restarts: number } {
      return { nodes: sumNodeMetrics(slots.map((s) => s.metrics)), restarts: restartsTotal }
    },
    /** Worker thread handles (tests end one to see the pipeline recover). */
    get threads(): (Worker | undefined)[] {
      return slots.map((s) => s.thread)
    },
  }
}

/**
 * The module a worker runs: worker-entry.js from dist/, or worker-entry.ts — directly on Bun and
 * Deno, through worker-boot.mjs (tsx) on Node.
 */
function workerModule(): { entry: string; throughTsx: boolean } {
  const fromSources = import.meta.url.endsWith('.ts')
  const entry = new URL(fromSources ? './worker-entry.ts' : './worker-entry.js', import.meta.url).href
  const native = 'Bun' in globalThis || 'Deno' in globalThis
  return { entry, throughTsx: fromSources && !native }
}

/** Node metrics of every worker, summed per node id (counts and rates add up; the state is the first worker's). */
function sumNodeMetrics(perWorker: NodeMetrics[][]): NodeMetrics[] {
  const byId = new Map<string, NodeMetrics>()
  for (const nodes of perWorker) {
    for (const node of nodes) {
      const sum = byId.get(node.id)
      if (!sum) {
        byId.set(node.id, { ...node, custom: { ...node.custom } })
        continue
      }
      sum.eventsIn += node.eventsIn
      sum.eventsOut += node.eventsOut
      sum.batches += node.batches
      sum.errors += node.errors
      sum.retries += node.retries
      sum.dead += node.dead
      sum.late += node.late
      sum.ratePerSec += node.ratePerSec
      sum.queueDepth += node.queueDepth
      for (const [name, value] of Object.entries(node.custom)) sum.custom[name] = (sum.custom[name] ?? 0) + value
    }
  }
  return [...byId.values()]
}
