import { describe, expect, it } from 'vitest'
import { compileGroupKey } from './group-key.ts'

const at = Date.UTC(2026, 0, 1, 13, 45)
const voter = { candidate_id: 'c1', gender: 'female', address: { state: 'Kent' }, date_of_birth: '1990-06-01T00:00:00.000Z' }

describe('compileGroupKey', () => {
  it('names a path by its last segment unless told, and reads nested fields', () => {
    const key = compileGroupKey(['address.state', { field: 'gender', as: 'sex' }])
    expect(key.names).toEqual(['state', 'sex'])
    expect(key.valuesOf(voter, at)).toEqual(['Kent', 'female'])
    expect(key.outputKey(key.valuesOf(voter, at))).toBe('["Kent","female"]')
  })
  it('uses the value itself as the key of a single-field group, and null for missing values', () => {
    const key = compileGroupKey(['candidate_id'])
    expect(key.keyOf(voter, at)).toBe('c1')
    expect(key.outputKey(['c1'])).toBe('c1')
    expect(key.valuesOf({}, at)).toEqual([null])
    expect(key.keyOf({ candidate_id: 7 }, at)).toBe('7')
  })
  it('derives the age band at the event time and the UTC hour of day', () => {
    const key = compileGroupKey([{ ageBand: 'date_of_birth' }, { hourOfDay: true, as: 'hour' }])
    expect(key.names).toEqual(['age_band', 'hour'])
    expect(key.valuesOf(voter, at)).toEqual(['35-44', 13])
    expect(key.valuesOf({ date_of_birth: 'unknown' }, Date.UTC(1969, 11, 31, 23))).toEqual([null, 23])
  })
  it('has one global group without keys', () => {
    const key = compileGroupKey([])
    expect([key.names, key.keyOf(voter, at), key.outputKey([])]).toEqual([[], '', ''])
  })
  it('keeps groups apart whose values differ', () => {
    const key = compileGroupKey(['a', 'b'])
    expect(key.keyOf({ a: 'x', b: 'yz' }, at)).not.toBe(key.keyOf({ a: 'xy', b: 'z' }, at))
  })
})
