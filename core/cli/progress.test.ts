import { describe, expect, it } from 'vitest'
import { emptyNodeMetrics, type PipelineMetrics } from '../metrics.ts'
import { formatPluginMetrics, renderProgressLine, renderProgressTable } from './progress.ts'

function pipeline(): PipelineMetrics {
  const source = { ...emptyNodeMetrics('src', 'file', 'source'), eventsOut: 12_000, state: 'running' as const, custom: { 'lag.t.0': 5, 'lag.t.1': 7 } }
  const transform = { ...emptyNodeMetrics('clean', 'my-cleaner', 'transform'), eventsIn: 12_000, eventsOut: 11_000, custom: { skipped_blank: 1000 } }
  const sink = { ...emptyNodeMetrics('db', 'postgres', 'sink'), eventsIn: 11_000, custom: { rows: 11_000, writeMs: 12 } }
  return { pipeline: 'p', startedAt: 0, now: 3000, nodes: [source, transform, sink] }
}

describe('progress output', () => {
  it('shows what plugins record with ctx.metrics, per node, lags summed in their own column', () => {
    const table = renderProgressTable(pipeline())
    expect(table).toMatch(/clean\s+my-cleaner.*skipped_blank 1000$/m)
    expect(table).toMatch(/db\s+postgres.*rows 11.0k writeMs 12$/m)
    expect(table).toMatch(/src\s+file.*\s12\s.*$/m)
    expect(table).not.toContain('lag.t.0')
  })

  it('names plugin metrics in the log line too, also for transforms', () => {
    expect(renderProgressLine(pipeline())).toBe('[3s] src 12.0k (0/s) lag 12 · clean 12.0k (0/s) skipped_blank 1000 · db 11.0k (0/s) rows 11.0k writeMs 12')
  })

  it('keeps a node with many metrics to a few, saying how many more', () => {
    const node = { ...emptyNodeMetrics('n', 'x', 'sink'), custom: { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 } }
    expect(formatPluginMetrics(node)).toBe('a 1 b 2 c 3 d 4 +2')
  })
})
