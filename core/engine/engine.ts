/** @module Runs a resolved pipeline: start in reverse data order, recover, pump, checkpoint, drain, stop in data order. */
import { systemClock, type Clock } from '../clock.ts'
import { NodeError } from '../errors.ts'
import type { PipelineFailure, PipelineMetrics, PipelinePhase } from '../metrics.ts'
import type { Checkpoint, CheckpointStore, Logger, Position, SinkInstance, SourceInstance, TransformInstance } from '../plugin.ts'
import { createCheckpointStats } from './checkpoint-stats.ts'
import { CheckpointTracker } from './checkpoints.ts'
import { fieldsReadOf } from './fields-read.ts'
import { ClosedError, Inbox } from './inbox.ts'
import { NodeRuntime } from './node-runtime.ts'
import { sampleRates } from './rates.ts'
import { runSink, runTransform } from './run-node.ts'
import { runSource, type SourceControl } from './run-source.ts'
import { parseStreamRef, type PipelineSpec } from './spec.ts'
import { topologicalOrder } from './topology.ts'

export interface EngineOptions {
  clock?: Clock
  log?: Logger
  /** Folder for state that survives runs; each node gets `<stateDir>/<nodeId>`. */
  stateDir?: string
  /**
   * Once the run is complete, keep a pipeline whose sinks are still serving people (a dashboard)
   * up until `stop()` or `kill()`, instead of closing it (`pipeline run` without `--exit-when-done`).
   */
  keepServing?: boolean
  /** Called once the run is complete (every source ended, everything written, final checkpoint saved), before any node closes. */
  onComplete?: (complete: RunComplete) => void
}

/** What a complete run still serves: each serving sink's node and address. */
export interface RunComplete {
  serving: { node: string; address: string }[]
  /** True when the pipeline stays up until stopped (`keepServing` and something is serving). */
  held: boolean
}

export interface RunResult {
  ok: boolean
  error?: Error
  metrics: PipelineMetrics
  /** The last completed checkpoint. */
  checkpoint?: Checkpoint
}

export interface Pipeline {
  /** Starts every node; resolves once data flows. Rejects (and cleans up) if a node fails to start. */
  start(): Promise<void>
  /** Graceful stop: sources stop, everything in flight drains to the sinks, nodes close. */
  stop(): Promise<RunResult>
  /** Forced stop: in-flight work is abandoned (nothing is committed past the last checkpoint). */
  kill(reason?: string): Promise<RunResult>
  readonly done: Promise<RunResult>
  metrics(): PipelineMetrics
}

export const consoleLogger: Logger = {
  info: (m) => console.error(m),
  warn: (m) => console.error(`warning: ${m}`),
  error: (m) => console.error(`error: ${m}`),
}

export function createEngine(spec: PipelineSpec, options: EngineOptions = {}): Pipeline {
  const clock = options.clock ?? systemClock
  const log = options.log ?? consoleLogger
  const stopSources = new AbortController()
  const force = new AbortController()
  const startedAt = clock.now()
  const order = topologicalOrder(spec)
  const checkpointStats = createCheckpointStats(clock)
  let phase: PipelinePhase = 'starting'
  const metrics = (): PipelineMetrics => ({
    pipeline: spec.name, startedAt, now: clock.now(), nodes: order.map((n) => nodes.get(n)!.metrics),
    phase, failure: failure && failureOf(failure), checkpoints: checkpointStats.metrics,
  })
  const controls = new Map<string, SourceControl>()
  let tracker: CheckpointTracker
  let lastCheckpoint: Checkpoint | undefined
  let failure: Error | undefined
  /** The first sink offering checkpoint storage, and the node whose hooks wrap its calls. */
  let store: { node: NodeRuntime; checkpoints: CheckpointStore } | undefined
  let completions: Promise<void> = Promise.resolve()

  const requestBarrier = (opened: { id: number; sources: string[] }) => {
    checkpointStats.opened(opened.id)
    for (const source of opened.sources) {
      const control = controls.get(source)
      if (!control) continue
      control.barriers.push(opened.id)
      control.wake?.()
    }
  }
  const flushed = () => new Promise<void>((resolve) => {
    const { opened } = tracker.whenNextCompletes(resolve)
    if (opened) requestBarrier(opened)
  })

  const nodes = new Map<string, NodeRuntime>()
  const fieldsRead = fieldsReadOf(spec)
  for (const id of order) {
    const nodeSpec = spec.nodes.find((n) => n.id === id)!
    nodes.set(id, new NodeRuntime({ spec: nodeSpec, pipelineName: spec.name, clock, log, stateDir: options.stateDir ?? '.tally', signal: force.signal, draining: stopSources.signal, metricsSnapshot: metrics, flushed, reads: nodeSpec.plugin.kind === 'source' ? fieldsRead(id) : undefined }))
  }
  for (const node of nodes.values()) {
    if (node.spec.plugin.kind === 'source') continue
    node.inbox = new Inbox(spec.queueCapacity)
    for (const input of node.spec.inputs) {
      const ref = parseStreamRef(input.from)
      const channel = node.inbox.addChannel(input, node.spec.plugin.inputs?.[input.role]?.first ?? false)
      const upstream = nodes.get(ref.node)!
      const targets = upstream.outputs.get(ref.port) ?? []
      targets.push({ inbox: node.inbox, channel })
      upstream.outputs.set(ref.port, targets)
    }
  }

  const fail = (error: unknown) => {
    if (error instanceof ClosedError) return
    failure ??= error instanceof Error ? error : new Error(String(error))
    phase = 'failed'
    force.abort(failure)
    stopSources.abort(failure)
    for (const node of nodes.values()) node.inbox?.close(new ClosedError('pipeline failed'))
  }

  const onComplete = (checkpoint: Checkpoint, waiters: (() => void)[]) => {
    const previous = completions
    completions = (async () => {
      await previous
      if (store) await store.node.hook('checkpoints.save', () => store!.checkpoints.save(checkpoint))
      for (const [source, position] of Object.entries(checkpoint.positions)) {
        const instance = nodes.get(source)?.instance as SourceInstance | undefined
        if (instance?.commit) await nodes.get(source)!.hook('commit', () => instance.commit!(position))
      }
      lastCheckpoint = checkpoint
      const ms = checkpointStats.completed(checkpoint.id)
      log.debug?.(`checkpoint ${checkpoint.id} complete${ms === undefined ? '' : ` in ${ms} ms`}${store ? ` (saved by \`${store.node.spec.id}\`)` : ''}`)
      for (const w of waiters) w()
    })().catch(fail)
  }

  let started: Promise<void> | undefined
  const loops: Promise<void>[] = []
  const start = () => (started ??= (async () => {
    for (const id of [...order].reverse()) {
      const node = nodes.get(id)!
      node.metrics.state = 'starting'
      const plugin = node.spec.plugin
      node.instance = await node.hook('create', () => plugin.create(node.ctx, node.spec.config as never)) as SourceInstance | TransformInstance | SinkInstance
      if (node.instance.start) await node.hook('start', () => node.instance!.start!())
      node.metrics.state = 'running'
      const checkpoints = (node.instance as SinkInstance).checkpoints
      if (plugin.kind === 'sink' && checkpoints && !store) store = { node, checkpoints }
    }
    const recovered = store ? await store.node.hook('checkpoints.load', () => store!.checkpoints.load()) : undefined
    const positions: Record<string, Position> = recovered?.positions ?? {}
    for (const [id, state] of Object.entries(recovered?.states ?? {})) {
      const stateful = nodes.get(id)?.instance as TransformInstance | SinkInstance | undefined
      if (stateful?.restore) await nodes.get(id)!.hook('restore', () => stateful.restore!(state))
    }
    if (recovered) log.info(`resuming from checkpoint ${recovered.id} stored by \`${store!.node.spec.id}\``)
    const sources = order.filter((id) => nodes.get(id)!.spec.plugin.kind === 'source')
    const sinks = order.filter((id) => nodes.get(id)!.spec.plugin.kind === 'sink')
    tracker = new CheckpointTracker(sources, sinks, positions, onComplete)
    for (const id of order) {
      const node = nodes.get(id)!
      const kind = node.spec.plugin.kind
      if (kind === 'source') {
        const control: SourceControl = { barriers: [], wake: undefined }
        controls.set(id, control)
        loops.push(runSource(node, control, tracker, positions[id], stopSources.signal).catch(fail))
      } else {
        loops.push((kind === 'sink' ? runSink(node, tracker) : runTransform(node, tracker)).catch(fail))
      }
    }
    if (phase === 'starting') phase = 'running'
    void timers()
  })().catch(async (error: unknown) => {
    fail(error)
    await closeAll()
    throw failure
  }))

  const timers = async () => {
    let lastCheckpointAt = clock.now()
    const transforms = [...nodes.values()].filter((n) => n.spec.plugin.kind === 'transform' && (n.instance as TransformInstance).tick)
    const signal = AbortSignal.any([force.signal, stopTimers.signal])
    for (;;) {
      try {
        await clock.sleep(spec.tickMs, signal)
      } catch {
        return // the pipeline was forced to stop: the timers have nothing left to drive
      }
      for (const t of transforms) t.inbox?.tick()
      sampleRates(metrics(), clock.now())
      if (clock.now() - lastCheckpointAt >= spec.checkpointIntervalMs && tracker.inFlight === 0) {
        lastCheckpointAt = clock.now()
        requestBarrier(tracker.open())
      }
    }
  }

  const closeAll = async () => {
    const errors: unknown[] = []
    for (const id of order) {
      const node = nodes.get(id)!
      if (!node.instance) continue
      await node.stop().catch((error: unknown) => errors.push(error))
    }
    if (errors.length > 0 && !failure) failure = errors[0] as Error
  }

  let resolveDone: (result: RunResult) => void = () => undefined
  const done = new Promise<RunResult>((resolve) => (resolveDone = resolve))
  const stopTimers = new AbortController()
  const run = async (): Promise<RunResult> => {
    await start().catch(() => undefined)
    await Promise.all(loops)
    stopTimers.abort()
    await completions
    if (!failure) await finalCheckpoint()
    if (!failure && !stopSources.signal.aborted) await complete()
    await closeAll()
    for (const n of nodes.values()) if (failure && n.metrics.state !== 'stopped') n.metrics.state = 'failed'
    phase = failure ? 'failed' : 'stopped'
    return { ok: !failure, error: failure, metrics: metrics(), checkpoint: lastCheckpoint }
  }
  let running: Promise<RunResult> | undefined
  const launch = () => {
    running ??= run().then((result) => {
      resolveDone(result)
      return result
    })
    return running
  }

  /** Everything has drained to the sinks: record where every source ended and the final state of every transform. */
  const finalCheckpoint = async () => {
    const { opened } = tracker.whenNextCompletes(() => undefined)
    if (opened) requestBarrier(opened)
    await completions
  }

  /** Every source ended by itself: tells every sink the run is complete; holds the pipeline while one still serves, if asked to. */
  const complete = async () => {
    const sinks = [...nodes.values()].filter((n) => n.spec.plugin.kind === 'sink' && n.instance)
    for (const node of sinks) {
      const sink = node.instance as SinkInstance
      if (sink.finish) await node.hook('finish', () => sink.finish!()).catch(fail)
    }
    if (failure) return
    const serving = sinks.flatMap((node) => {
      const address = (node.instance as SinkInstance).serving?.()
      return address === undefined ? [] : [{ node: node.spec.id, address }]
    })
    const held = (options.keepServing ?? false) && serving.length > 0
    for (const node of nodes.values()) {
      node.metrics.ratePerSec = 0
      node.metrics.state = serving.some((s) => s.node === node.spec.id) ? 'serving' : 'done'
    }
    phase = 'complete'
    options.onComplete?.({ serving, held })
    if (held) await new Promise<void>((resolve) => {
      if (stopSources.signal.aborted) return resolve()
      stopSources.signal.addEventListener('abort', () => resolve(), { once: true })
    })
  }

  return {
    async start() {
      void launch()
      await start()
    },
    done,
    metrics,
    async stop() {
      for (const n of nodes.values()) if (n.metrics.state === 'running') n.metrics.state = 'draining'
      if (phase === 'starting' || phase === 'running' || phase === 'complete') phase = 'draining'
      stopSources.abort(new Error('pipeline stopping'))
      return launch()
    },
    async kill(reason = 'pipeline killed') {
      fail(new Error(reason))
      return launch()
    },
  }
}


/** The failure as /ready and the logs report it: the node and hook when a node failed. */
function failureOf(error: Error): PipelineFailure {
  return error instanceof NodeError ? { node: error.nodeId, plugin: error.plugin, hook: error.hook, message: error.message, error } : { message: error.message, error }
}
