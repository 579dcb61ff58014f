/** @module The plugin contract: what a source, transform or sink gives the engine, and what the engine gives it. */
import type { Static, TSchema } from '@sinclair/typebox'
import type { Clock } from './clock.ts'
import type { PipelineMetrics } from './metrics.ts'

/** What flows: plain JSON-compatible objects. */
export type Event = Record<string, unknown>

/** A source position (generator sequence, Kafka offsets…): JSON-compatible, opaque to the engine. */
export type Position = unknown

export type Kind = 'source' | 'transform' | 'sink'

/** Which wired stream a batch arrived on: the input role of the receiving plugin and the upstream `node` or `node.port`. */
export interface InputRef {
  readonly role: string
  readonly from: string
}

/** Sends events on the main output (`out`) or a named port such as `dead` or `late`. */
export type Emit = (events: Event[], port?: string) => void

export interface Logger {
  info(message: string): void
  /** `error`, when given, is logged with its cause chain by structured loggers (`--log-format json`). */
  warn(message: string, error?: unknown): void
  error(message: string, error?: unknown): void
  /** Detail shown only with `--log-level debug`; loggers may leave it out. */
  debug?(message: string): void
  /** A logger whose lines name this node and plugin (structured loggers); without it, the engine prefixes a node's lines with `[node] `. */
  child?(fields: { node: string; plugin: string }): Logger
}

/** Per-node custom metrics, shown next to the engine's own (lag per partition, duplicates, state size…). */
export interface NodeMetricsRecorder {
  count(name: string, n?: number): void
  gauge(name: string, value: number): void
}

/** A metric a plugin records with `ctx.metrics`: for the metrics reference (docs/metrics.md) and the HELP line on /metrics. */
export interface PluginMetricSpec {
  /** `count` (a counter, `_total` on /metrics) or `gauge`. */
  kind: 'count' | 'gauge'
  description: string
  /**
   * Labels carried by the recorded name's dot-separated tail: `lag` with `['topic', 'partition']`
   * is recorded as `lag.<topic>.<partition>` (the first label takes what the others leave, dots included).
   * Only for values from a small set (partitions, not keys).
   */
  labels?: string[]
}

/** How retryable failures of a node are retried: its `retry` in config (the engine's default otherwise). */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number
  initialDelayMs: number
  maxDelayMs: number
}

/** What the engine gives every plugin instance. No I/O happens before `start()`. */
export interface PluginContext {
  readonly nodeId: string
  readonly pipelineName: string
  readonly clock: Clock
  readonly log: Logger
  readonly metrics: NodeMetricsRecorder
  /** Aborted when the pipeline is forced to stop; long waits should honour it. */
  readonly signal: AbortSignal
  /**
   * Aborted when a graceful stop begins (sources stop, in-flight events drain). Work paced to a
   * simulated rate should go at full speed from then on, so a stop takes no longer than the work.
   */
  readonly draining: AbortSignal
  /** Project-local folder for state that survives runs (embedded database data, caches). */
  readonly stateDir: string
  /**
   * The node's retry policy. The engine retries a hook that throws a `RetryableError` with it; a
   * plugin that must ride out a transient condition inside one long call (a Kafka consumer whose
   * group coordinator is still loading) stays within it too.
   */
  readonly retry: RetryPolicy
  /** Read-only view of every node's metrics, for dashboards. */
  metricsSnapshot(): PipelineMetrics
  /**
   * Sources only: resolves once everything this source yielded so far is durably written by
   * every sink downstream and `commit` has been called for it (used before a Kafka rebalance).
   */
  flushed(): Promise<void>
  /**
   * Sources only: the fields (dot paths) of `out` events that the nodes downstream read (each
   * node's `reads`), or undefined when one of them may read any field. A source that decodes
   * may decode only these; the fields it adds itself (metadata) are not in it.
   */
  readonly reads?: readonly string[]
}

/** One batch from a source, with the position reached after it. `ports` carries events for named ports (`dead`). */
export interface SourceBatch {
  events: Event[]
  position?: Position
  ports?: Record<string, Event[]>
}

export interface Lifecycle {
  /** Connects and health-checks. */
  start?(): Promise<void>
  /** Drains and closes. Idempotent: a second call returns the first call's promise. */
  stop?(): Promise<void>
}

export interface SourceInstance extends Lifecycle {
  /**
   * Yields batches until the source is exhausted or `signal` aborts. The engine pulls, so a slow
   * pipeline slows the source. `from` is the last committed position when the pipeline resumes.
   */
  read(from: Position | undefined, signal: AbortSignal): AsyncIterable<SourceBatch>
  /** Called with the latest position whose events every downstream sink has durably written. */
  commit?(position: Position): Promise<void>
}

export interface TransformInstance extends Lifecycle {
  /** Handles one batch; events emitted during the call belong to it. May be async. */
  process(events: Event[], input: InputRef, emit: Emit): void | Promise<void>
  /** Called about every `tickMs` with the clock's time, so time-driven output (windows closing) happens without input. */
  tick?(now: number, emit: Emit): void | Promise<void>
  /** All inputs ended: emit whatever is still held. */
  flush?(emit: Emit): void | Promise<void>
  /** State for a checkpoint (JSON-compatible), and its inverse on resume. */
  snapshot?(): unknown
  restore?(state: unknown): void
}

/** What a checkpoint records: source positions and the state of stateful transforms, consistent with each other. */
export interface Checkpoint {
  id: number
  positions: Record<string, Position>
  states: Record<string, unknown>
}

/** A sink able to store checkpoints durably (the Postgres sink). */
export interface CheckpointStore {
  load(): Promise<Checkpoint | undefined>
  save(checkpoint: Checkpoint): Promise<void>
}

export interface SinkInstance extends Lifecycle {
  /** Resolves once the events are durably written; throw a `RetryableError` to have the engine retry the batch. */
  write(events: Event[], input: InputRef, emit: Emit): void | Promise<void>
  /**
   * How many `write` calls may run at once (default 1). The engine never runs two writes of the same
   * input at once (each input stays in order) unless `inOrder` says it may, and waits for every
   * running write before a checkpoint barrier or the end passes, so positions still only advance
   * past durable data.
   */
  readonly concurrency?: number
  /**
   * With `concurrency` > 1: false when batches of `input` may be written side by side, because their
   * writes commute (inserts of rows that do not depend on each other, idempotent). Default: true,
   * one write of an input at a time. Asked before each batch is taken, so the answer may change once
   * the sink has seen what an input carries.
   */
  inOrder?(input: InputRef): boolean
  /**
   * Batches of one input waiting in the sink's queue are written in one `write` while they hold at
   * most this many events together (default: one batch per write). A sink whose cost is per write
   * (a statement, a request) sets its largest sensible write; a batch larger than this still comes
   * whole. Batches are never joined across a checkpoint barrier.
   */
  readonly joinUpTo?: number
  checkpoints?: CheckpointStore
  /**
   * State for a checkpoint, taken once every write before the barrier is done (so it can describe
   * what is durably written, e.g. where topics ended), and its inverse on resume, before any write.
   */
  snapshot?(): unknown | Promise<unknown>
  restore?(state: unknown): void | Promise<void>
  /**
   * Called once the run is complete: every source ended and everything is durably written (the
   * final checkpoint saved). A serving sink shows that the results are final.
   */
  finish?(): void | Promise<void>
  /**
   * What this sink keeps serving to people once the run is complete (a dashboard's address), or
   * undefined. `pipeline run` keeps such a pipeline up after its sources end, until Ctrl-C.
   */
  serving?(): string | undefined
}

export type InstanceOf<K extends Kind> = K extends 'source' ? SourceInstance : K extends 'transform' ? TransformInstance : SinkInstance

/** A named input role of a transform or sink. Without `inputs`, a plugin has one role, `in`, taking any number of streams. */
export interface InputSpec {
  description: string
  /** Config must wire this role. */
  required?: boolean
  /** The engine consumes this input to its end before any other input (candidates before voters). */
  first?: boolean
}

/** Result of a plugin's data check (`pipeline check`). */
export interface CheckResult {
  name: string
  ok: boolean
  detail: string
}

/** A field every event of a stream carries that tells its parts apart (`_kafka.part`), and the name it takes in keyed output (`kafka_part`). */
export interface PartField {
  field: string
  as: string
}

/**
 * How a node runs in each of `settings.parallelism` workers, or why it cannot (`{ reason }`).
 * - A source: each worker runs it with `config`, reading a share of the parts (a consumer-group
 *   member), and every event carries `partBy`. `strip`: a field the worker config adds that the
 *   user's config did not ask for, removed from events that leave the workers as they are.
 *   `position`: see EventPosition (without it, the source's events cannot leave the workers).
 * - A transform: each worker runs it with `config` on its share. Without `merge` it works per
 *   event and its output leaves the workers as it is. With `merge` it keeps state per key: `config`
 *   keys it by `upstream` too, and the `merge` node (on the main thread, with this node's id) makes
 *   the workers' per-part results into what the node alone would have sent on `out`.
 */
export type ParallelPlan<C = unknown> =
  | { config: C; partBy?: PartField[]; strip?: string; position?: EventPosition; merge?: { plugin: PluginDefinition; config: unknown } }
  | { reason: string }

/**
 * A source's: where an event it sent on `port` was read (`part`: a partition; `offset`: increasing
 * within it), so the main thread passes each event on once, though a part that moves to another
 * worker is read again from its last commit. Undefined: the event cannot say (it leaves at least once).
 */
export type EventPosition = (event: Event, port: string) => { part: string; offset: number } | undefined

/**
 * What a node reads of the events on one of its inputs: `fields` (dot paths, `address.state`:
 * reading a path reads what is under it), and `through`: its output ports that pass input events
 * on unchanged (a window's `late`), so whatever reads those reads this input too.
 */
export interface FieldUse {
  fields: readonly string[]
  through?: readonly string[]
}

export interface PluginDefinition<K extends Kind = Kind, S extends TSchema = TSchema> {
  name: string
  kind: K
  description: string
  config: S
  inputs?: Record<string, InputSpec>
  /** Output ports besides `out` that this plugin may emit on, with what they carry. */
  ports?: Record<string, string>
  /** What it records with `ctx.metrics`, by name (exposed as `tally_plugin_<plugin>_<name>` on /metrics). */
  metrics?: Record<string, PluginMetricSpec>
  /** Builds an instance. No I/O here: connect in `start()`. */
  create(ctx: PluginContext, config: Static<S>): InstanceOf<K>
  /** Optional data-quality report used by `pipeline check`. */
  check?(ctx: PluginContext, config: Static<S>): Promise<CheckResult[]>
  /**
   * Optional: deletes what this node stored for the pipeline (its tables, the checkpoints it keeps),
   * for `pipeline reset` and `pipeline run --fresh`. Says what it deletes through `ctx.log` first;
   * returns one line per thing deleted.
   */
  reset?(ctx: PluginContext, config: Static<S>): Promise<string[]>
  /**
   * Optional: how this node splits over `settings.parallelism` workers (see ParallelPlan). `upstream`:
   * the part fields its input carries (none for a source). A plugin without it runs on the main
   * thread, after the workers.
   */
  parallel?(config: Static<S>, upstream: readonly PartField[]): ParallelPlan<Static<S>>
  /**
   * Optional: the fields this node reads of the events on input `role` (see FieldUse), so a source
   * upstream may decode only those. Undefined, or no hook: it may read any field (a sink writing
   * whole events, a transform passing them on).
   */
  reads?(config: Static<S>, role: string): FieldUse | undefined
}

/** Identity that infers the config type inside `create` from the TypeBox schema. */
export function definePlugin<K extends Kind, S extends TSchema>(definition: PluginDefinition<K, S>): PluginDefinition<K, S> {
  return definition
}

/** Thrown (or wrapped) by a plugin when the operation may succeed if retried (connection lost, broker unavailable). */
export class RetryableError extends Error {
  override name = 'RetryableError'
  readonly retryable = true
}

/** True for errors worth retrying: `RetryableError` or anything marked `retryable: true`. */
export function isRetryable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === true
}
