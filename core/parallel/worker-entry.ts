/**
 * @module A worker thread of a parallel pipeline: loads the same config with the same plugins, runs
 * the nodes the split gives every worker, and hands its streams and checkpoints to the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { loadConfigFile } from '../config/load-config.ts'
import { createEngine } from '../engine/engine.ts'
import type { NodeMetrics } from '../metrics.ts'
import type { Logger, PluginDefinition } from '../plugin.ts'
import { createHandBack } from './hand-back.ts'
import type { FromWorker, ToWorker, WorkerData } from './messages.ts'
import { planParallel } from './plan.ts'

const data = workerData as WorkerData
/** The worker's last node: it hands the streams to the main thread (its metrics are not the pipeline's). */
const HAND_BACK = '_hand_back'
const pipelineNodes = (nodes: NodeMetrics[]) => nodes.filter((n) => n.id !== HAND_BACK)
const port = parentPort!
const post = (message: FromWorker) => port.postMessage(message)
// A stop or kill may come while the worker is still loading: it is kept until the pipeline exists.
let early: ToWorker | undefined
const listeners = { ack: [] as (() => void)[], saved: [] as ((id: number) => void)[], stop: () => void (early ??= { t: 'stop' }), kill: (reason: string) => void (early = { t: 'kill', reason }) }
port.on('message', (message: ToWorker) => {
  if (message.t === 'ack') for (const l of listeners.ack) l()
  else if (message.t === 'saved') for (const l of listeners.saved) l(message.id)
  else if (message.t === 'stop') listeners.stop()
  else listeners.kill(message.reason)
})
const log: Logger = {
  debug: (message) => post({ t: 'log', level: 'debug', message }),
  info: (message) => post({ t: 'log', level: 'info', message }),
  warn: (message) => post({ t: 'log', level: 'warn', message }),
  error: (message) => post({ t: 'log', level: 'error', message }),
}

try {
  const { builtinPlugins } = (await import(data.pluginsModule)) as { builtinPlugins: PluginDefinition[] }
  const { spec } = await loadConfigFile(data.file, builtinPlugins)
  const split = planParallel(spec, data.cores)
  if (!split.parallel) throw new Error(`worker ${data.index}: the config no longer splits (${split.reason})`)
  const handBack = createHandBack({ post, onAck: (l) => listeners.ack.push(l), onSaved: (l) => listeners.saved.push(l) })
  const retry = split.worker[0]!.retry
  const nodes = [...split.worker, { id: HAND_BACK, plugin: handBack, config: {}, inputs: split.streams.map((s) => ({ role: s.ref, from: s.ref })), retry }]
  const pipeline = createEngine({ ...spec, nodes }, { log, stateDir: data.stateDir })
  listeners.stop = () => void pipeline.stop()
  listeners.kill = (reason) => void pipeline.kill(reason)
  if (early?.t === 'kill') listeners.kill(early.reason)
  else if (early) listeners.stop()
  const timer = setInterval(() => post({ t: 'metrics', nodes: pipelineNodes(pipeline.metrics().nodes) }), 1000)
  await pipeline.start().catch(() => undefined)
  const result = await pipeline.done
  clearInterval(timer)
  post({ t: 'metrics', nodes: pipelineNodes(result.metrics.nodes) })
  post({ t: 'done', ok: result.ok, ...(result.error ? { error: result.error.message } : {}) })
} catch (error) {
  post({ t: 'done', ok: false, error: error instanceof Error ? error.message : String(error) })
}
