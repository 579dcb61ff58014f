/** @module The shape of a pipeline config (outside each plugin's `with:`), as TypeBox schemas and types. */
import { Type, type Static } from '@sinclair/typebox'
import { HTTP_ADDRESS_PATTERN } from '../operator/http-address.ts'

export const RetrySchema = Type.Object(
  {
    maxAttempts: Type.Integer({ minimum: 1, default: 30, description: 'Attempts in all before a retryable failure stops the pipeline.' }),
    initialDelayMs: Type.Integer({ minimum: 0, default: 100, description: 'Delay before the first retry; doubles each time.' }),
    maxDelayMs: Type.Integer({ minimum: 0, default: 5000, description: 'Upper bound of the delay between retries.' }),
  },
  { additionalProperties: false, description: 'How the engine retries this node after a retryable failure.' },
)

export const StreamRefsSchema = Type.Union([Type.String(), Type.Array(Type.String())])

export const NodeSchema = Type.Object(
  {
    use: Type.String({ description: 'Plugin name (`pipeline plugins` lists them).' }),
    description: Type.Optional(Type.String({ description: 'What this node is for.' })),
    from: Type.Optional(
      Type.Union([StreamRefsSchema, Type.Record(Type.String(), StreamRefsSchema)], {
        description: 'Inputs: `node`, `node.port`, a list of them, or a map from the plugin\'s input roles to them.',
      }),
    ),
    with: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Plugin settings, checked against the plugin\'s schema.' })),
    retry: Type.Optional(RetrySchema),
  },
  { additionalProperties: false },
)

export const SettingsSchema = Type.Object(
  {
    checkpointIntervalMs: Type.Integer({ minimum: 10, default: 1000, description: 'How often sources commit positions (a checkpoint barrier flows through the graph).' }),
    tickMs: Type.Integer({ minimum: 1, default: 200, description: 'How often time-driven transforms (windows) are woken without input.' }),
    queueCapacity: Type.Integer({ minimum: 1, default: 8, description: 'Batches buffered per input before the producer waits (backpressure).' }),
    parallelism: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Literal('auto')], {
      default: 1,
      description:
        'Worker threads for a pipeline whose sources are partitioned (kafka-source): each reads a share of the partitions as a consumer-group member, keyed windows count per part, and the main thread combines the parts exactly and runs the sinks. `auto`: one per core. `pipeline validate` says why a pipeline runs with one.',
    })),
    http: Type.Optional(HttpSettingsSchema()),
    log: Type.Optional(LogSettingsSchema()),
  },
  { additionalProperties: false },
)

/** `settings.http`: the operator server every `pipeline run` starts (/metrics, /ping, /ready). */
function HttpSettingsSchema() {
  return Type.Object(
    {
      address: Type.Optional(Type.String({
        pattern: HTTP_ADDRESS_PATTERN,
        description: '`host:port` of the operator server (/metrics for Prometheus, /ping, /ready), or `off`. Default 127.0.0.1:9464, moving to a free port (printed at start) when 9464 is taken; an address given here (or with `--http`) must be free. `--http` overrides it.',
      })),
      token: Type.Optional(Type.String({ minLength: 8, secret: true, description: 'Token every request needs (`Authorization: Bearer`, or `?token=`): set it when the address is not loopback. Secret.' })),
    },
    { additionalProperties: false, description: 'The operator server: Prometheus metrics, liveness and readiness.' },
  )
}

/** `settings.log`: how `pipeline run` writes its log lines (`--log-format`, `--log-level` override). */
function LogSettingsSchema() {
  return Type.Object(
    {
      format: Type.Optional(Type.Union([Type.Literal('text'), Type.Literal('json')], { description: '`text` (default: a live table on a terminal, lines otherwise) or `json`: one JSON object per line on stderr.' })),
      level: Type.Optional(Type.Union([Type.Literal('debug'), Type.Literal('info'), Type.Literal('warn'), Type.Literal('error')], { description: 'Least severe level written (default `info`).' })),
    },
    { additionalProperties: false, description: 'Log lines of `pipeline run`.' },
  )
}

export const PipelineConfigSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'Pipeline name; keys checkpoints and metrics.' }),
    description: Type.Optional(Type.String()),
    plugins: Type.Optional(Type.Array(Type.String(), { description: 'Extra plugin modules, by path relative to this file.' })),
    settings: Type.Optional(SettingsSchema),
    nodes: Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_-]*$' }), NodeSchema, { description: 'The graph: nodes keyed by id.' }),
  },
  { additionalProperties: false },
)

export type PipelineConfig = Static<typeof PipelineConfigSchema>
export type NodeConfig = Static<typeof NodeSchema>

/** Identity for TS configs, so editors check them. */
export function defineConfig(config: PipelineConfig): PipelineConfig {
  return config
}
