import { describe, expect, it } from 'vitest'
import { ageBandOf, ageBandOrder, stateOf, toEventTime } from './vote-fields.ts'

describe('vote fields', () => {
  it('reads voting_time as UTC, ISO-8601 and epoch ms, and nothing else', () => {
    expect(toEventTime('2026-01-02 03:04:05')).toBe(Date.UTC(2026, 0, 2, 3, 4, 5))
    expect(toEventTime('2026-01-02T03:04:05.250Z')).toBe(Date.UTC(2026, 0, 2, 3, 4, 5, 250))
    expect(toEventTime(1234)).toBe(1234)
    expect(toEventTime('yesterday')).toBeUndefined()
    expect(toEventTime(null)).toBeUndefined()
    expect(toEventTime(Number.NaN)).toBeUndefined()
  })

  it('finds the state in nested, flat and aggregate shapes', () => {
    expect(stateOf({ address: { state: 'Kent' } })).toBe('Kent')
    expect(stateOf({ address_state: 'Fife' })).toBe('Fife')
    expect(stateOf({ state: 'Avon' })).toBe('Avon')
    expect(stateOf({})).toBeUndefined()
  })

  it('labels ages as the window plugin does, birthday counted on the day', () => {
    const at = Date.UTC(2026, 5, 15)
    expect(ageBandOf('2001-06-15T00:00:00.000Z', at)).toBe('25-34')
    expect(ageBandOf('2001-06-16', at)).toBe('18-24')
    expect(ageBandOf('1950-01-01', at)).toBe('65+')
    expect(ageBandOf('2010-01-01', at)).toBe('<18')
    expect(ageBandOf('not a date', at)).toBeUndefined()
  })

  it('orders band labels by their lower bound', () => {
    expect(['65+', '18-24', '<18', '35-44', 'unknown'].sort((a, b) => ageBandOrder(a) - ageBandOrder(b))).toEqual(['<18', '18-24', '35-44', '65+', 'unknown'])
  })
})
