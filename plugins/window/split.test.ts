import { describe, expect, it } from 'vitest'
import { toWindowConfig } from '../../core/window/config.ts'
import { splitWindow } from './split.ts'

const parts = [{ field: '_kafka.part', as: 'kafka_part' }]

describe('splitWindow', () => {
  it('counts per part in the workers, after every batch, and combines the most complete count of every part', () => {
    const config = toWindowConfig({ groupBy: ['candidate_id', { field: 'address.state', as: 'state' }], carry: ['candidate_name'], measures: ['count', { count: true, as: 'total_votes' }], emitIntervalMs: 200 })
    const plan = splitWindow(config, parts)
    if ('reason' in plan) throw new Error(plan.reason)
    expect(plan.config.groupBy).toEqual([...config.groupBy, { field: '_kafka.part', as: 'kafka_part' }])
    expect(plan.config.emitIntervalMs).toBe(0)
    expect(plan.merge!.plugin.name).toBe('combine')
    expect(plan.merge!.config).toEqual({ groupBy: ['candidate_id', 'state'], partBy: ['kafka_part'], keep: 'greatest', sum: ['count', 'total_votes'], carry: ['candidate_name'], emitIntervalMs: 200 })
  })

  it('says why a window stays on the main thread', () => {
    const reason = (partial: Parameters<typeof toWindowConfig>[0], up = parts) => {
      const plan = splitWindow(toWindowConfig(partial), up)
      return 'reason' in plan ? plan.reason : undefined
    }
    expect(reason({}, [])).toBe('its input is not split into parts')
    expect(reason({ window: { tumblingMs: 60_000 } })).toMatch(/only running totals/)
    expect(reason({ emit: 'final' })).toMatch(/emit: final/)
    expect(reason({ measures: [{ avg: 'age' }] })).toMatch(/measure `avg` does not combine/)
    expect(reason({ carry: [{ field: 'name', take: 'first' }] })).toMatch(/first value/)
  })
})
