import { describe, expect, it } from 'vitest'
import { CONTENT_TYPES, formatExposition, negotiateFormat, type MetricFamily } from './exposition.ts'
import { createHistogram, cumulativeBuckets, observe } from './histogram.ts'

const latency = createHistogram([0.1, 1])
for (const v of [0.05, 0.5, 0.5, 3]) observe(latency, v)

const families: MetricFamily[] = [
  { name: 'tally_node_events_out', type: 'counter', help: 'Events a node sent.', samples: [{ labels: { node: 'votes', port: 'out' }, value: 12 }] },
  { name: 'tally_node_queued_batches', type: 'gauge', help: 'Batches "waiting"\\now.', samples: [{ labels: { node: 'a"b\\c\nd' }, value: 1.5 }] },
  { name: 'tally_sink_write_duration_seconds', type: 'histogram', unit: 'seconds', help: 'Write time.', samples: [{ labels: { node: 'db' }, value: latency }] },
  { name: 'tally_empty', type: 'gauge', help: 'Nothing yet.', samples: [] },
]

describe('Prometheus exposition', () => {
  it('writes text format 0.0.4: counters named with _total, escaped labels and help, cumulative histogram buckets', () => {
    expect(formatExposition(families, 'text')).toBe(`# HELP tally_node_events_out_total Events a node sent.
# TYPE tally_node_events_out_total counter
tally_node_events_out_total{node="votes",port="out"} 12
# HELP tally_node_queued_batches Batches "waiting"\\\\now.
# TYPE tally_node_queued_batches gauge
tally_node_queued_batches{node="a\\"b\\\\c\\nd"} 1.5
# HELP tally_sink_write_duration_seconds Write time.
# TYPE tally_sink_write_duration_seconds histogram
tally_sink_write_duration_seconds_bucket{node="db",le="0.1"} 1
tally_sink_write_duration_seconds_bucket{node="db",le="1"} 3
tally_sink_write_duration_seconds_bucket{node="db",le="+Inf"} 4
tally_sink_write_duration_seconds_sum{node="db"} 4.05
tally_sink_write_duration_seconds_count{node="db"} 4
`)
  })

  it('writes OpenMetrics: counter families without _total, UNIT lines, escaped quotes in help, # EOF', () => {
    const text = formatExposition(families, 'openmetrics')
    expect(text).toContain('# TYPE tally_node_events_out counter\ntally_node_events_out_total{node="votes",port="out"} 12\n')
    expect(text).toContain('# HELP tally_node_queued_batches Batches \\"waiting\\"\\\\now.')
    expect(text).toContain('# UNIT tally_sink_write_duration_seconds seconds\n')
    expect(text.endsWith('# EOF\n')).toBe(true)
  })

  it('passes every label value and help text through the given cleaner, never bucket bounds', () => {
    const text = formatExposition([{ name: 'x', type: 'gauge', help: 'token s3cret', samples: [{ labels: { url: 'u:s3cret@h' }, value: 1 }] }], 'text', (t) => t.replaceAll('s3cret', '***'))
    expect(text).not.toContain('s3cret')
    expect(formatExposition([families[2]!], 'text', () => 'X')).toContain('le="0.1"')
  })

  it('serves OpenMetrics to Prometheus\' Accept header and text to everyone else', () => {
    expect(negotiateFormat('application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1')).toBe('openmetrics')
    expect(negotiateFormat('text/plain;version=0.0.4;q=1,application/openmetrics-text;q=0.5')).toBe('text')
    expect(negotiateFormat(undefined)).toBe('text')
    expect(negotiateFormat('*/*')).toBe('text')
    expect(CONTENT_TYPES.text).toBe('text/plain; version=0.0.4; charset=utf-8')
  })

  it('counts each observation in the first bucket whose bound it does not exceed', () => {
    const h = createHistogram([1, 2])
    for (const v of [1, 1.5, 2, 2.5]) observe(h, v)
    expect(cumulativeBuckets(h)).toEqual([{ le: 1, count: 1 }, { le: 2, count: 3 }, { le: Infinity, count: 4 }])
  })
})
