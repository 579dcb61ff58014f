import { Value } from '@sinclair/typebox/value'
import { describe, expect, it } from 'vitest'
import { candidate, candidateTotals, stateTurnout, vote, voter } from './fixtures.ts'
import { shapes } from './shapes.ts'

describe('classic demo topic shapes', () => {
  it('accepts a message of each topic', () => {
    expect(Value.Check(shapes.voter, voter)).toBe(true)
    expect(Value.Check(shapes.vote, vote)).toBe(true)
    expect(Value.Check(shapes.candidateTotals, candidateTotals)).toBe(true)
    expect(Value.Check(shapes.stateTurnout, stateTurnout)).toBe(true)
  })

  it('accepts the numeric postcodes some randomuser nationalities have', () => {
    expect(Value.Check(shapes.voter, { ...voter, address: { ...voter.address, postcode: 75001 } })).toBe(true)
  })

  it('rejects missing fields, extra fields, wrong types and a vote that is not 1', () => {
    const { email: _email, ...noEmail } = voter
    expect(Value.Check(shapes.voter, noEmail)).toBe(false)
    expect(Value.Check(shapes.voter, { ...voter, extra: 1 })).toBe(false)
    expect(Value.Check(shapes.voter, { ...voter, registered_age: '7' })).toBe(false)
    expect(Value.Check(shapes.vote, { ...vote, vote: 2 })).toBe(false)
    expect(Value.Check(shapes.vote, { ...voter, ...candidate, voting_time: '2026-01-01T12:00:00Z', vote: 1 })).toBe(false)
    expect(Value.Check(shapes.stateTurnout, { state: 'Kent', count: -1 })).toBe(false)
  })
})
