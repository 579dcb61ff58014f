import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { metricsDocPath, renderMetricsDoc } from '../../docs/metrics.ts'

describe('docs/metrics.md', () => {
  it('matches the metric catalogue and the plugins\' declared metrics (run `npm run docs` to regenerate)', () => {
    expect(readFileSync(metricsDocPath, 'utf8')).toBe(renderMetricsDoc())
  })
})
