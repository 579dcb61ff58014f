/** @module Metric families as Prometheus text (format 0.0.4) or OpenMetrics 1.0, and which of the two a scraper asks for. Pure. */
import { cumulativeBuckets, type Histogram } from './histogram.ts'

export type MetricType = 'counter' | 'gauge' | 'histogram'
export type Labels = Readonly<Record<string, string>>

export interface MetricFamily {
  /** The family name; for counters without `_total` (the samples get it). */
  name: string
  type: MetricType
  help: string
  /** The base unit the name ends with (`seconds`, `bytes`): OpenMetrics' UNIT line. */
  unit?: string
  samples: { labels: Labels; value: number | Histogram }[]
}

export type ExpositionFormat = 'text' | 'openmetrics'

export const CONTENT_TYPES: Record<ExpositionFormat, string> = {
  text: 'text/plain; version=0.0.4; charset=utf-8',
  openmetrics: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
}

/** OpenMetrics when the `Accept` header rates it at least as high as plain text (Prometheus asks for it first), else text 0.0.4. */
export function negotiateFormat(accept: string | null | undefined): ExpositionFormat {
  let openMetrics = 0
  let text = 0
  for (const part of (accept ?? '').split(',')) {
    const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase())
    const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? 1)
    if (type === 'application/openmetrics-text') openMetrics = Math.max(openMetrics, q)
    else if (type === 'text/plain') text = Math.max(text, q)
  }
  return openMetrics > 0 && openMetrics >= text ? 'openmetrics' : 'text'
}

/**
 * The exposition of `families` in `format`. `clean` runs over every label value and help text
 * (the operator server passes its redaction, so no secret leaves in a label).
 */
export function formatExposition(families: readonly MetricFamily[], format: ExpositionFormat, clean: (text: string) => string = (t) => t): string {
  const om = format === 'openmetrics'
  const lines: string[] = []
  for (const family of families) {
    if (family.samples.length === 0) continue
    const total = family.type === 'counter' ? `${family.name}_total` : family.name
    const described = om ? family.name : total
    lines.push(`# HELP ${described} ${escapeHelp(clean(family.help), om)}`, `# TYPE ${described} ${family.type}`)
    if (om && family.unit && family.name.endsWith(`_${family.unit}`)) lines.push(`# UNIT ${family.name} ${family.unit}`)
    for (const { labels, value } of family.samples) {
      if (typeof value === 'number') {
        lines.push(`${total}${formatLabels(labels, clean)} ${formatNumber(value)}`)
        continue
      }
      for (const { le, count } of cumulativeBuckets(value)) lines.push(`${family.name}_bucket${formatLabels({ ...labels, le: formatNumber(le) }, clean)} ${count}`)
      lines.push(`${family.name}_sum${formatLabels(labels, clean)} ${formatNumber(value.sum)}`, `${family.name}_count${formatLabels(labels, clean)} ${value.count}`)
    }
  }
  if (om) lines.push('# EOF')
  return `${lines.join('\n')}\n`
}

export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Infinity) return '+Inf'
  if (value === -Infinity) return '-Inf'
  return String(value)
}

function formatLabels(labels: Labels, clean: (text: string) => string): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(k === 'le' ? v : clean(v))}"`)
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

/** Text 0.0.4 escapes backslash and newline in HELP; OpenMetrics the double quote too. */
function escapeHelp(help: string, om: boolean): string {
  const escaped = help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
  return om ? escaped.replace(/"/g, '\\"') : escaped
}
