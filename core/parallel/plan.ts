/**
 * @module Splits a resolved pipeline over worker threads (`settings.parallelism`): which nodes every
 * worker runs and with what config, what the main thread runs, and the streams between them. Pure:
 * it asks each plugin's `parallel()` and rewires; core/parallel/run-parallel.ts runs the result.
 */
import type { NodeSpec, PipelineSpec } from '../engine/spec.ts'
import { parseStreamRef } from '../engine/spec.ts'
import { topologicalOrder } from '../engine/topology.ts'
import type { EventPosition, PartField } from '../plugin.ts'

/** The main thread's source of everything the workers send (one port per stream). */
export const WORKERS_NODE = '_workers'

/**
 * A stream leaving the workers: `node.port` of a worker node, a field to remove from its events,
 * and (a source's) where each event was read, so the main thread passes it on once.
 */
export interface WorkerStream {
  ref: string
  strip?: string
  position?: EventPosition
}

export type ParallelSplit =
  | { parallel: false; workers: 1; reason: string; notes: string[] }
  | {
      parallel: true
      workers: number
      /** What each worker runs (configs as the plugins asked), without the node sending the streams to the main thread. */
      worker: NodeSpec[]
      /** What the main thread runs, reading `WORKERS_NODE.<stream ref>`, without that source node. */
      main: NodeSpec[]
      streams: WorkerStream[]
      /** Nodes that split, and where nodes stay on the main thread, why. */
      notes: string[]
    }

interface Placed {
  /** Part fields on the node's `out`; none once merged. */
  partBy: readonly PartField[]
  strip?: string
  merged: boolean
  /** A source's: where each of its events was read. */
  position?: EventPosition
}

/** How many workers `settings.parallelism` asks for on a machine with `cores` cores. */
function workersAsked(spec: Pick<PipelineSpec, 'parallelism'>, cores: number): number {
  return spec.parallelism === 'auto' ? Math.max(1, cores) : (spec.parallelism ?? 1)
}

/** `unsupported`: why the runtime cannot run worker threads (core/parallel/runtime-support.ts), if it cannot. */
export function planParallel(spec: PipelineSpec, cores: number, unsupported?: string): ParallelSplit {
  const asked = workersAsked(spec, cores)
  const notes: string[] = []
  if (asked <= 1) return { parallel: false, workers: 1, reason: spec.parallelism === 'auto' ? 'one core' : 'settings.parallelism is 1', notes }
  if (unsupported) return { parallel: false, workers: 1, reason: unsupported, notes }
  const byId = new Map(spec.nodes.map((n) => [n.id, n]))
  const placed = new Map<string, Placed>()
  const worker: NodeSpec[] = []
  const mergeNodes: NodeSpec[] = []

  for (const id of topologicalOrder(spec)) {
    const node = byId.get(id)!
    const { plugin } = node
    if (plugin.kind === 'sink') continue
    if (plugin.kind === 'source') {
      const plan = plugin.parallel?.(node.config as never, [])
      if (!plan) return { parallel: false, workers: 1, reason: `source \`${id}\` (${plugin.name}) is not partitioned, so workers could not share it`, notes }
      if ('reason' in plan) return { parallel: false, workers: 1, reason: `source \`${id}\` (${plugin.name}): ${plan.reason}`, notes }
      placed.set(id, { partBy: plan.partBy ?? [], strip: plan.strip, merged: false, position: plan.position })
      worker.push({ ...node, config: plan.config })
      continue
    }
    const upstream = node.inputs.map((input) => {
      const ref = parseStreamRef(input.from)
      return { ref, at: placed.get(ref.node) }
    })
    const stay = (why: string) => notes.push(`\`${id}\` (${plugin.name}) runs on the main thread: ${why}`)
    if (upstream.some((u) => !u.at)) continue // fed by the main thread: it runs there
    if (upstream.some((u) => u.at!.merged && u.ref.port === 'out')) {
      stay('it reads combined totals, which only the main thread has')
      continue
    }
    const partBy = upstream[0]!.at!.partBy
    if (upstream.some((u) => JSON.stringify(u.at!.partBy) !== JSON.stringify(partBy))) {
      stay('its inputs are split by different fields')
      continue
    }
    const plan = plugin.parallel?.(node.config as never, partBy)
    if (!plan) {
      stay(`plugin \`${plugin.name}\` does not say how it splits`)
      continue
    }
    if ('reason' in plan) {
      stay(plan.reason)
      continue
    }
    const strip = upstream.find((u) => u.at!.strip)?.at!.strip
    placed.set(id, { partBy: plan.merge ? [] : (plan.partBy ?? partBy), strip: plan.merge ? undefined : strip, merged: plan.merge !== undefined })
    worker.push({ ...node, config: plan.config })
    if (plan.merge) {
      const role = Object.keys(plan.merge.plugin.inputs ?? {})[0] ?? 'in'
      mergeNodes.push({ id, plugin: plan.merge.plugin, config: plan.merge.config, inputs: [{ role, from: `${WORKERS_NODE}.${id}.out` }], retry: node.retry })
      notes.push(`\`${id}\` (${plugin.name}) counts per part in every worker; \`${plan.merge.plugin.name}\` combines the parts on the main thread`)
    }
  }

  // Events that leave the workers one by one may come twice: a partition that moves to another
  // worker is read again from its last commit. A merge (most complete count per part) absorbs that,
  // and so does the main thread for a source's events, passing on only those read after the last
  // one it passed from the same partition. A transform's events cannot say where they were read,
  // so a transform's `out` leaves the workers only merged (its side ports: at least once).
  for (const node of spec.nodes.filter((n) => !placed.has(n.id))) {
    for (const input of node.inputs) {
      const { node: from, port } = parseStreamRef(input.from)
      const at = placed.get(from)
      if (at && !at.merged && !at.position && port === 'out') {
        return { parallel: false, workers: 1, reason: `\`${node.id}\` (${node.plugin.name}) reads the events of \`${from}\` one by one, which would reach it twice when partitions move between workers (only a source's events, combined totals and side ports leave the workers)`, notes }
      }
    }
  }

  const streams = new Map<string, WorkerStream>()
  const leaving = (from: string): string => {
    const { node, port } = parseStreamRef(from)
    const at = placed.get(node)
    if (!at) return from
    if (at.merged && port === 'out') return from // the merge node on the main thread has this id
    const ref = `${node}.${port}`
    streams.set(ref, { ref, ...(at.strip ? { strip: at.strip } : {}), ...(at.position ? { position: at.position } : {}) })
    return `${WORKERS_NODE}.${ref}`
  }
  for (const merge of mergeNodes) streams.set(`${merge.id}.out`, { ref: `${merge.id}.out` })
  const main = spec.nodes.filter((n) => !placed.has(n.id)).map((n) => ({ ...n, inputs: n.inputs.map((input) => ({ ...input, from: leaving(input.from) })) }))
  return { parallel: true, workers: asked, worker, main: [...mergeNodes, ...main], streams: [...streams.values()], notes }
}

/** One line for `pipeline validate` and the run's log: how the pipeline runs. */
export function describeSplit(split: ParallelSplit): string {
  if (!split.parallel) return `runs on one thread (${split.reason})`
  return `runs in ${split.workers} worker threads: ${split.worker.map((n) => `\`${n.id}\``).join(', ')} in each, the rest on the main thread`
}
