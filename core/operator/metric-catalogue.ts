/** @module Every metric the engine and the process expose on /metrics: names, types, labels and help, for the collector and docs/metrics.md. */
import type { MetricType } from './exposition.ts'

export interface MetricDoc {
  /** The family name; counters get `_total` on their samples. */
  name: string
  type: MetricType
  labels: readonly string[]
  help: string
  unit?: 'seconds' | 'bytes'
}

const node = ['node', 'plugin'] as const

export const ENGINE_METRICS = {
  pipelineInfo: { name: 'tally_pipeline_info', type: 'gauge', labels: ['pipeline'], help: 'Always 1: names the pipeline this process runs (`name:` of its config).' },
  ready: { name: 'tally_pipeline_ready', type: 'gauge', labels: [], help: '1 while /ready answers 200 (every node started, none failed, not draining), else 0.' },
  nodeState: {
    name: 'tally_node_state', type: 'gauge', labels: [...node, 'state'],
    help: '1 for the state a node is in, 0 for the others: created, starting, running, draining, done, serving, stopped, failed.',
  },
  eventsIn: { name: 'tally_node_events_in', type: 'counter', labels: node, help: 'Events a transform or sink took from its inputs.' },
  eventsOut: {
    name: 'tally_node_events_out', type: 'counter', labels: [...node, 'port'],
    help: 'Events a node sent, per output port: `out` (sources and transforms), `dead` (dead letters), `late` (windows) and any other port its plugin declares.',
  },
  unwired: { name: 'tally_node_unwired_events', type: 'counter', labels: [...node, 'port'], help: 'Events sent on a port no node reads: counted, not stored (a warning names the port once).' },
  batches: { name: 'tally_node_batches', type: 'counter', labels: node, help: 'Batches a node handled: read from its source, or taken from its inputs.' },
  retries: { name: 'tally_node_retries', type: 'counter', labels: node, help: 'Retryable failures of a node\'s hooks, each retried after a backoff (`retry:` policy).' },
  errors: { name: 'tally_node_errors', type: 'counter', labels: node, help: 'Failures of a node\'s hooks that were not retried (or ran out of attempts): each stops the pipeline.' },
  queued: { name: 'tally_node_queued_batches', type: 'gauge', labels: node, help: 'Batches waiting in a node\'s input queues (at most `settings.queueCapacity` per input).' },
  writeDuration: {
    name: 'tally_sink_write_duration_seconds', type: 'histogram', labels: node, unit: 'seconds',
    help: 'Time a sink\'s write() took to make a batch durable, retries included.',
  },
  checkpoints: { name: 'tally_checkpoints', type: 'counter', labels: [], help: 'Checkpoints completed: every sink passed the barrier, the checkpoint was saved and the sources committed.' },
  checkpointDuration: {
    name: 'tally_checkpoint_duration_seconds', type: 'histogram', labels: [], unit: 'seconds',
    help: 'From a checkpoint\'s barrier leaving the sources to the checkpoint saved and committed.',
  },
  checkpointLastSuccess: {
    name: 'tally_checkpoint_last_success_timestamp_seconds', type: 'gauge', labels: [], unit: 'seconds',
    help: 'When the last checkpoint completed, in Unix time (absent before the first).',
  },
} satisfies Record<string, MetricDoc>

export const PROCESS_METRICS = {
  cpu: { name: 'process_cpu_seconds', type: 'counter', labels: [], unit: 'seconds', help: 'User and system CPU time this process used.' },
  rss: { name: 'process_resident_memory_bytes', type: 'gauge', labels: [], unit: 'bytes', help: 'Resident memory of this process.' },
  startTime: { name: 'process_start_time_seconds', type: 'gauge', labels: [], unit: 'seconds', help: 'When this process started, in Unix time.' },
  heapUsed: { name: 'tally_runtime_heap_used_bytes', type: 'gauge', labels: [], unit: 'bytes', help: 'JavaScript heap in use.' },
  heapTotal: { name: 'tally_runtime_heap_total_bytes', type: 'gauge', labels: [], unit: 'bytes', help: 'JavaScript heap reserved.' },
  loopDelay: {
    name: 'tally_runtime_event_loop_delay_seconds', type: 'histogram', labels: [], unit: 'seconds',
    help: 'How late a timer due every 20 ms fired: time the event loop was busy with other work (same sampler on Node, Bun and Deno).',
  },
  runtimeInfo: { name: 'tally_runtime_info', type: 'gauge', labels: ['runtime', 'version'], help: 'Always 1: the JavaScript runtime (node, bun, deno) and its version.' },
} satisfies Record<string, MetricDoc>

export const NODE_STATES = ['created', 'starting', 'running', 'draining', 'done', 'serving', 'stopped', 'failed'] as const
