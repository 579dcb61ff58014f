/** @module One running node: its plugin instance, context, metrics, outputs, and the wrapper every hook runs through. */
import type { Clock } from '../clock.ts'
import { NodeError } from '../errors.ts'
import { emptyNodeMetrics, type NodeMetrics, type PipelineMetrics } from '../metrics.ts'
import { createHistogram } from '../operator/histogram.ts'
import type { Emit, Event, Logger, PluginContext, SinkInstance, SourceInstance, TransformInstance } from '../plugin.ts'
import type { Inbox, Message } from './inbox.ts'
import { withRetry } from './retry.ts'
import type { NodeSpec } from './spec.ts'

export interface Target {
  inbox: Inbox
  channel: number
}

export interface NodeRuntimeOptions {
  spec: NodeSpec
  pipelineName: string
  clock: Clock
  log: Logger
  stateDir: string
  signal: AbortSignal
  /** Aborted when a graceful stop begins. */
  draining: AbortSignal
  metricsSnapshot(): PipelineMetrics
  flushed(): Promise<void>
  /** Sources: the fields read downstream of `out` (see PluginContext.reads). */
  reads?: readonly string[]
}

export class NodeRuntime {
  readonly spec: NodeSpec
  readonly metrics: NodeMetrics
  readonly ctx: PluginContext
  /** Downstream inboxes per output port. */
  readonly outputs = new Map<string, Target[]>()
  inbox: Inbox | undefined
  instance: SourceInstance | TransformInstance | SinkInstance | undefined
  private readonly pending: { port: string; events: Event[] }[] = []
  /** `port\u0000reason` of unwired-port emissions already warned about. */
  private readonly warnedPorts = new Set<string>()
  private readonly log: Logger
  private readonly clock: Clock
  private readonly signal: AbortSignal
  private stopping: Promise<void> | undefined

  constructor(options: NodeRuntimeOptions) {
    const { spec } = options
    this.spec = spec
    this.clock = options.clock
    this.signal = options.signal
    this.log = options.log
    this.metrics = emptyNodeMetrics(spec.id, spec.plugin.name, spec.plugin.kind)
    if (spec.plugin.kind === 'sink') this.metrics.writeSeconds = createHistogram()
    const custom = this.metrics.custom
    const kinds: Record<string, 'count' | 'gauge'> = (this.metrics.customKinds = {})
    this.ctx = {
      nodeId: spec.id,
      pipelineName: options.pipelineName,
      clock: options.clock,
      signal: options.signal,
      draining: options.draining,
      stateDir: `${options.stateDir}/${spec.id}`,
      retry: spec.retry,
      log: nodeLogger(options.log, spec.id, spec.plugin.name),
      metrics: {
        count: (name, n = 1) => {
          custom[name] = (custom[name] ?? 0) + n
          kinds[name] = 'count'
        },
        gauge: (name, value) => {
          custom[name] = value
          kinds[name] = 'gauge'
        },
      },
      metricsSnapshot: options.metricsSnapshot,
      flushed: options.flushed,
      reads: options.reads,
    }
  }

  /** Collects what a hook emits; `deliver` sends it on once the hook succeeded. */
  readonly emit: Emit = (events, port = 'out') => {
    if (events.length > 0) this.pending.push({ port, events })
  }

  /** Runs a plugin hook: retryable failures are retried with backoff, others become a NodeError naming node and hook. */
  async hook<T>(name: string, run: () => T | Promise<T>): Promise<T> {
    try {
      return await withRetry(
        () => {
          this.pending.length = 0
          return run()
        },
        {
          policy: this.spec.retry,
          clock: this.clock,
          signal: this.signal,
          onRetry: (error, attempt, delayMs) => {
            this.metrics.retries++
            const reason = error instanceof Error ? error.message : String(error)
            this.ctx.log.warn(`${name}() failed (attempt ${attempt}/${this.spec.retry.maxAttempts}), retrying in ${delayMs} ms: ${reason}`, error)
          },
        },
      )
    } catch (error) {
      this.metrics.errors++
      throw error instanceof NodeError ? error : new NodeError(this.spec.id, this.spec.plugin.name, name, error)
    }
  }

  /** Sends everything emitted by the last hook downstream, waiting for queue space (backpressure). */
  async deliver(): Promise<void> {
    if (this.pending.length === 0) return
    const batches = this.pending.splice(0)
    for (const { port, events } of batches) await this.send(port, events)
  }

  async send(port: string, events: Event[]): Promise<void> {
    if (port === 'out') this.metrics.eventsOut += events.length
    else if (port === 'dead') this.metrics.dead += events.length
    else if (port === 'late') this.metrics.late += events.length
    else this.metrics.custom[`port.${port}`] = (this.metrics.custom[`port.${port}`] ?? 0) + events.length
    const targets = this.outputs.get(port)
    if (!targets || targets.length === 0) return this.unwired(port, events)
    const message: Message = { type: 'data', events }
    for (const t of targets) await t.inbox.push(t.channel, message)
  }

  /**
   * Events on a named port nobody reads (`dead`, `late`…) are never dropped silently: they are
   * counted (`unwired.<port>`) and a warning names the node, port and reason, once per port and reason.
   */
  private unwired(port: string, events: Event[]): void {
    if (port === 'out') return
    const custom = this.metrics.custom
    custom[`unwired.${port}`] = (custom[`unwired.${port}`] ?? 0) + events.length
    const byReason = new Map<string, { n: number; example: string | undefined }>()
    for (const e of events) {
      const { reason, example } = reasonOf(e)
      const seen = byReason.get(reason)
      if (seen) seen.n++
      else byReason.set(reason, { n: 1, example })
    }
    const id = this.spec.id
    const verb = port === 'dead' ? 'dead-lettered' : `sent on \`${port}\``
    for (const [reason, { n, example }] of byReason) {
      const key = `${port}\u0000${reason}`
      if (this.warnedPorts.has(key)) continue
      this.warnedPorts.add(key)
      const why = reason === '' ? '' : ` (${example === undefined ? reason : `${reason}: ${example}`})`
      this.log.warn(
        `node \`${id}\` ${verb} ${n} event${n === 1 ? '' : 's'}${why} but its \`${port}\` port is not wired: they (and later ones) are counted in \`unwired.${port}\`, not stored (wire \`${id}.${port}\` to a sink to keep them)`,
      )
    }
  }

  /** Sends a barrier or end marker on every output port. */
  async broadcast(message: Message): Promise<void> {
    for (const targets of this.outputs.values()) for (const t of targets) await t.inbox.push(t.channel, message)
  }

  /** Stops the instance once; later calls return the first call's promise. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.instance?.stop) await this.hook('stop', () => this.instance!.stop!())
      this.metrics.state = this.metrics.state === 'failed' ? 'failed' : 'stopped'
    })()
    return this.stopping
  }
}

/** A node's logger: the structured logger's child for it, or lines prefixed with `[node] `. */
function nodeLogger(log: Logger, node: string, plugin: string): Logger {
  if (log.child) return log.child({ node, plugin })
  const prefix = `[${node}] `
  return {
    info: (m) => log.info(prefix + m),
    warn: (m, error) => log.warn(prefix + m, error),
    error: (m, error) => log.error(prefix + m, error),
    debug: (m) => log.debug?.(prefix + m),
  }
}

/** Why an event was sent to a side port: its `_reason` (or `reason`), else the first line of its `_error`; with an example error line when both are there. */
function reasonOf(event: Event): { reason: string; example: string | undefined } {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined)
  const error = text(event._error) ?? text(event.error) ?? text(event.detail)
  const firstLine = error === undefined ? undefined : truncate(error.split('\n', 1)[0]!, 200)
  const reason = text(event._reason) ?? text(event.reason)
  return reason === undefined ? { reason: firstLine ?? '', example: undefined } : { reason: truncate(reason, 100), example: firstLine }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
