import { describe, expect, it } from 'vitest'
import { toWindowConfig } from '../../core/window/config.ts'
import { windowReads } from './reads.ts'

describe('windowReads', () => {
  it('names group keys, measured and carried fields and the time field; late and dead events pass on whole', () => {
    const use = windowReads(toWindowConfig({
      groupBy: ['candidate_id', { field: 'address.state', as: 'state' }, { ageBand: 'date_of_birth' }, { hourOfDay: true }],
      measures: ['count', { count: true, as: 'n' }, { sum: 'amount', as: 'amount' }, { distinctCount: 'voter_id' }],
      carry: ['candidate_name', { field: 'photo_url', take: 'first' }],
    }))
    expect(use.fields).toEqual(['candidate_id', 'address.state', 'date_of_birth', 'amount', 'voter_id', 'candidate_name', 'photo_url', 'voting_time'])
    expect(use.through).toEqual(['late', 'dead'])
  })

  it('reads no time field when windows run on processing time', () => {
    expect(windowReads(toWindowConfig({ groupBy: ['party'], timeField: null })).fields).toEqual(['party'])
  })
})
