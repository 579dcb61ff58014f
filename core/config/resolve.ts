/** @module Checks a parsed config against the pipeline schema, each plugin's schema and the graph rules; returns the runnable spec or every problem. */
import type { TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import type { PipelineSpec, NodeSpec } from '../engine/spec.ts'
import { parseStreamRef } from '../engine/spec.ts'
import { dataOrder } from '../engine/topology.ts'
import type { ConfigIssue } from '../errors.ts'
import type { PluginDefinition } from '../plugin.ts'
import { compileFieldPath, setFieldPath } from '../window/field-path.ts'
import { closest, didYouMean } from './did-you-mean.ts'
import { NodeSchema, PipelineConfigSchema, RetrySchema, SettingsSchema } from './pipeline-schema.ts'
import { rootShapeProblem } from './root-shape.ts'
import { schemaIssues } from './schema-issues.ts'

export type ConfigPath = (string | number)[]

/** Finds where a path sits in the source file: the key itself or its value. */
export type Locator = (path: ConfigPath, part: 'key' | 'value') => { line: number; col: number }

const ENGINE_PORTS = ['out', 'dead', 'late']

export function resolvePipeline(
  raw: unknown,
  registry: ReadonlyMap<string, PluginDefinition>,
  file: string,
  locate: Locator,
  envPaths: ReadonlySet<string> = new Set(),
): { spec?: PipelineSpec; issues: ConfigIssue[] } {
  const envAt = envPathsByOption(envPaths)
  const typed = (schema: TSchema, value: unknown, at: ConfigPath) => typedValue(schema, value, envAt.get(at.join('.')) ?? [])
  const issues: ConfigIssue[] = []
  const report = (path: ConfigPath, message: string, part: 'key' | 'value' = 'value') =>
    issues.push({ file, ...locate(path, part), path: path.join('.') || '(root)', message })

  const shape = rootShapeProblem(raw)
  if (shape) {
    report([], shape)
    return { issues }
  }
  const top = schemaIssues(PipelineConfigSchema, withDefaultSettings(raw, typed), [], { skip: (p) => p[0] === 'nodes' && p.length > 1 })
  for (const i of top) report(i.path, i.message, i.part)
  if (!isObject(raw) || !isObject(raw.nodes)) return { issues }
  const nodesRaw = raw.nodes
  const settings = typed(SettingsSchema, raw.settings ?? {}, ['settings']) as PipelineSpec

  const specs: NodeSpec[] = []
  for (const [id, node] of Object.entries(nodesRaw)) {
    const at: ConfigPath = ['nodes', id]
    const nodeIssues = schemaIssues(NodeSchema, isObject(node) && isObject(node.retry) ? { ...node, retry: typed(RetrySchema, node.retry, [...at, 'retry']) } : node, at, { skip: (p) => p.length > 3 && p[2] === 'with' })
    for (const i of nodeIssues) report(i.path, i.message, i.part)
    if (!isObject(node) || typeof node.use !== 'string') continue
    const plugin = registry.get(node.use)
    if (!plugin) {
      report([...at, 'use'], `unknown plugin \`${node.use}\`${didYouMean(node.use, registry.keys())} (\`pipeline plugins\` lists them)`)
      continue
    }
    const config = typed(plugin.config as TSchema, node.with ?? {}, [...at, 'with'])
    const configIssues = schemaIssues(plugin.config, config, [...at, 'with'])
    for (const i of configIssues) report(node.with === undefined ? at : i.path, i.message, node.with === undefined ? 'key' : i.part)
    const retry = typed(RetrySchema, node.retry ?? {}, [...at, 'retry']) as NodeSpec['retry']
    specs.push({ id, plugin, config, inputs: wiredInputs(node.from, plugin), retry })
  }
  checkGraph(specs, nodesRaw, report)
  if (issues.length > 0) return { issues }
  return {
    issues,
    spec: {
      name: typeof raw.name === 'string' ? raw.name : 'pipeline',
      nodes: specs,
      checkpointIntervalMs: settings.checkpointIntervalMs,
      tickMs: settings.tickMs,
      queueCapacity: settings.queueCapacity,
      parallelism: settings.parallelism,
      ...(settings.http ? { http: settings.http } : {}),
      ...(settings.log ? { log: settings.log } : {}),
    },
  }
}

/** Normalises `from` (a ref, a list, or a map of roles to refs) into role/ref pairs. */
function wiredInputs(from: unknown, plugin: PluginDefinition): NodeSpec['inputs'] {
  const defaultRole = Object.keys(plugin.inputs ?? {})[0] ?? 'in'
  const list = (refs: unknown) => (typeof refs === 'string' ? [refs] : Array.isArray(refs) ? refs.filter((r): r is string => typeof r === 'string') : [])
  if (isObject(from)) return Object.entries(from).flatMap(([role, refs]) => list(refs).map((ref) => ({ role, from: ref })))
  return list(from).map((ref) => ({ role: defaultRole, from: ref }))
}

function checkGraph(specs: NodeSpec[], nodesRaw: Record<string, unknown>, report: (path: ConfigPath, message: string, part?: 'key' | 'value') => void): void {
  const byId = new Map(specs.map((s) => [s.id, s]))
  const ids = new Set(Object.keys(nodesRaw))
  const suggest = suggestIds(ids)
  for (const spec of specs) {
    const at: ConfigPath = ['nodes', spec.id]
    const from = (nodesRaw[spec.id] as Record<string, unknown>).from
    const fromPath = (role: string, index: number): ConfigPath => {
      if (isObject(from)) return Array.isArray(from[role]) ? [...at, 'from', role, index] : [...at, 'from', role]
      return Array.isArray(from) ? [...at, 'from', index] : [...at, 'from']
    }
    const kind = spec.plugin.kind
    if (kind === 'source' && from !== undefined) report([...at, 'from'], `plugin \`${spec.plugin.name}\` is a source and takes no input (remove \`from\`)`, 'key')
    if (kind !== 'source' && spec.inputs.length === 0 && from === undefined) report(at, `${kind} \`${spec.id}\` has no input (add \`from: <node id>\`)`, 'key')
    const roles = spec.plugin.inputs
    if (roles && isObject(from)) {
      for (const role of Object.keys(from)) if (!roles[role]) report([...at, 'from', role], `unknown input role \`${role}\`${didYouMean(role, Object.keys(roles))}; \`${spec.plugin.name}\` takes ${Object.keys(roles).map((r) => `\`${r}\``).join(', ')}`, 'key')
    }
    if (roles && kind !== 'source') {
      for (const [role, input] of Object.entries(roles)) {
        if (input.required && !spec.inputs.some((i) => i.role === role)) {
          report(from === undefined ? at : [...at, 'from'], `required input \`${role}\` of plugin \`${spec.plugin.name}\` is not wired (use \`from: { ${role}: <node id> }\`)`, 'key')
        }
      }
    }
    const seen = new Map<string, number>()
    for (const input of spec.inputs) {
      const index = seen.get(input.role) ?? 0
      seen.set(input.role, index + 1)
      const { node, port } = parseStreamRef(input.from)
      const upstream = byId.get(node)
      if (!ids.has(node)) report(fromPath(input.role, index), `unknown input \`${node}\`${suggest(node, spec.id)}`)
      else if (upstream && upstream.plugin.kind === 'sink' && port === 'out') report(fromPath(input.role, index), `\`${node}\` is a sink and has no main output (a sink's ports: ${Object.keys(upstream.plugin.ports ?? {}).join(', ') || 'none'})`)
      else if (upstream && !ENGINE_PORTS.includes(port) && !(port in (upstream.plugin.ports ?? {}))) {
        report(fromPath(input.role, index), `node \`${node}\` has no port \`${port}\`${didYouMean(port, [...ENGINE_PORTS, ...Object.keys(upstream.plugin.ports ?? {})])}`)
      }
    }
  }
  const found = dataOrder(specs)
  const cycle = 'cycle' in found ? found.cycle : undefined
  if (cycle) report(['nodes', cycle[0]!, 'from'], `cycle: ${cycle.join(' → ')} (a node cannot consume its own output, directly or through others)`, 'key')
}

/**
 * "Did you mean" among the node ids, other than the asking node's own. Remembers each answer: a renamed
 * node leaves every reader with the same unknown id, and each search reads every id.
 */
function suggestIds(ids: ReadonlySet<string>): (word: string, self: string) => string {
  const answers = new Map<string, string | undefined>()
  return (word, self) => {
    if (!answers.has(word)) answers.set(word, closest(word, ids))
    const match = answers.get(word)
    if (match !== self) return match ? ` (did you mean \`${match}\`?)` : ''
    return didYouMean(word, [...ids].filter((i) => i !== self))
  }
}

function withDefaultSettings(raw: unknown, typed: (schema: TSchema, value: unknown, at: ConfigPath) => unknown): unknown {
  if (!isObject(raw) || !isObject(raw.settings)) return raw
  return { ...raw, settings: typed(SettingsSchema, raw.settings, ['settings']) }
}

/** The paths `${VAR}` filled, by the schema-checked value holding them (`settings`, `nodes.<id>.with`, `nodes.<id>.retry`), relative to it. */
function envPathsByOption(envPaths: ReadonlySet<string>): Map<string, string[]> {
  const byOption = new Map<string, string[]>()
  for (const path of envPaths) {
    const parts = path.split('.')
    const depth = parts[0] === 'settings' ? 1 : parts[0] === 'nodes' ? 3 : 0
    if (depth === 0 || parts.length <= depth) continue
    const option = parts.slice(0, depth).join('.')
    const list = byOption.get(option) ?? []
    list.push(parts.slice(depth).join('.'))
    byOption.set(option, list)
  }
  return byOption
}

/**
 * A copy of `value` with the schema's defaults, and each value that `${VAR}` substitution made
 * (always text; `envPaths` relative to `value`) turned into the number or boolean the schema
 * expects there. Values written in the file keep their type: a wrong one is the schema check's to report.
 */
function typedValue(schema: TSchema, value: unknown, here: readonly string[]): unknown {
  const copy = structuredClone(value)
  // A path below the value means the value is an object (or array) holding it.
  if (here.length > 0 && typeof copy === 'object' && copy !== null) {
    const converted = Value.Convert(schema, structuredClone(value)) as Record<string, unknown>
    for (const path of here) setFieldPath(copy as Record<string, unknown>, path, compileFieldPath(path)(converted))
  }
  return Value.Default(schema, copy)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
