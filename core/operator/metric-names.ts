/** @module Prometheus names for what plugins record with `ctx.metrics`: `tally_plugin_<plugin>_<name>`, snake_case, base units, labels from declared name tails. Pure. */
import type { PluginMetricSpec } from '../plugin.ts'

/** One sample of a plugin metric, named for Prometheus. */
export interface PluginSeries {
  family: string
  type: 'counter' | 'gauge'
  help: string
  unit?: 'seconds' | 'bytes'
  labels: Record<string, string>
  value: number
}

/** Custom names the engine records itself (`port.<name>`, `unwired.<port>`) and exposes as its own labelled metrics. */
export const ENGINE_CUSTOM_PREFIXES = ['port.', 'unwired.']

/** Names any plugin may record with this meaning (the progress table and dashboard sum `lag.*` too). */
export const SHARED_PLUGIN_METRICS: Record<string, PluginMetricSpec> = {
  lag: { kind: 'gauge', labels: ['topic', 'partition'], description: 'Consumer lag: messages in a topic partition after the position read so far, recorded as `lag.<topic>.<partition>`.' },
}

/** `writeMs` → `write_ms`, `seen_voters` stays, dots and dashes become underscores. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
}

/** The family name of plugin metric `name`, in base units: a name ending in `Ms`/`_ms` becomes `_seconds` (values divided by 1000). */
export function pluginFamilyName(plugin: string, name: string, kind: PluginMetricSpec['kind']): { family: string; scale: number; unit?: 'seconds' | 'bytes' } {
  let base = toSnakeCase(name) || 'value'
  let scale = 1
  if (base.endsWith('_ms') || base === 'ms') {
    base = `${base.slice(0, -2)}seconds`.replace(/^_/, '')
    scale = 0.001
  }
  if (kind === 'count') base = base.replace(/_total$/, '') || 'events'
  const family = `tally_plugin_${toSnakeCase(plugin)}_${base}`
  const unit = base.endsWith('seconds') ? 'seconds' : base.endsWith('bytes') ? 'bytes' : undefined
  return unit ? { family, scale, unit } : { family, scale }
}

/**
 * The series for value `value` of `name` recorded by node `node` of `plugin`, or undefined for the
 * engine's own names. A declared name with `labels` matches `name.<v1>…<vn>` (the first label
 * takes what the others leave, dots included); the recorded kind wins over the declared one.
 */
export function toPluginSeries(
  plugin: string, node: string, name: string, value: number,
  recorded: PluginMetricSpec['kind'] | undefined, declared: Record<string, PluginMetricSpec> = {},
): PluginSeries | undefined {
  if (ENGINE_CUSTOM_PREFIXES.some((p) => name.startsWith(p))) return undefined
  const { spec, metric, labels } = matchDeclared(name, { ...SHARED_PLUGIN_METRICS, ...declared })
  const kind = recorded ?? spec?.kind ?? 'gauge'
  const { family, scale, unit } = pluginFamilyName(plugin, metric, kind)
  const help = spec?.description ?? `\`${metric}\`, recorded by the ${plugin} plugin with ctx.metrics.${kind}().`
  const series: PluginSeries = { family, type: kind === 'count' ? 'counter' : 'gauge', help, labels: { node, ...labels }, value: value * scale }
  if (unit) series.unit = unit
  return series
}

function matchDeclared(name: string, declared: Record<string, PluginMetricSpec>): { spec?: PluginMetricSpec; metric: string; labels: Record<string, string> } {
  const exact = declared[name]
  if (exact && !exact.labels?.length) return { spec: exact, metric: name, labels: {} }
  for (const [metric, spec] of Object.entries(declared)) {
    const names = spec.labels ?? []
    if (names.length === 0 || !name.startsWith(`${metric}.`)) continue
    const parts = name.slice(metric.length + 1).split('.')
    if (parts.length < names.length) continue
    const tail = parts.splice(parts.length - (names.length - 1))
    const values = [parts.join('.'), ...tail]
    return { spec, metric, labels: Object.fromEntries(names.map((label, i) => [label, values[i]!])) }
  }
  return { metric: name, labels: {} }
}
