import { describe, expect, it } from 'vitest'
import { ageBandOrder, stateOf } from './vote-fields.ts'

describe('vote fields', () => {
  it('finds the state in nested, flat and aggregate shapes', () => {
    expect(stateOf({ address: { state: 'Kent' } })).toBe('Kent')
    expect(stateOf({ address_state: 'Fife' })).toBe('Fife')
    expect(stateOf({ state: 'Avon' })).toBe('Avon')
    expect(stateOf({})).toBeUndefined()
  })

  it('orders band labels by their lower bound', () => {
    expect(['65+', '18-24', '<18', '35-44', 'unknown'].sort((a, b) => ageBandOrder(a) - ageBandOrder(b))).toEqual(['<18', '18-24', '35-44', '65+', 'unknown'])
  })
})
